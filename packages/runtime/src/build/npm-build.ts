/**
 * "Build npm" as the WeChat devtools do it: every package in the project's package.json
 * `dependencies` (not `devDependencies`) becomes `miniprogram_npm/<name>/`.
 * - A mini program npm package (its package.json names a folder in `miniprogram`, default
 *   `miniprogram_dist`) is copied from that folder as it is, and its own dependencies are
 *   built beside it.
 * - Any other package is plain JS: bundled from its `main` entry (default `index.js`) into
 *   one `index.js`, its dependencies inside.
 * Packages are looked up in `node_modules` folders from the project folder upwards, as npm
 * installs them (hoisted or nested).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { build } from 'esbuild';
import type { Diagnostic } from '../shared/manifest.ts';

export interface NpmBuildResult {
  /** `miniprogram_npm/<name>/<path>` → bytes. */
  files: Map<string, Uint8Array>;
  diagnostics: Diagnostic[];
}

interface PackageJson {
  name?: unknown;
  main?: unknown;
  miniprogram?: unknown;
  dependencies?: unknown;
}

const isDirectory = (path: string) =>
  stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );

async function readPackageJson(path: string): Promise<PackageJson | undefined> {
  try {
    const value = JSON.parse(await readFile(path, 'utf8')) as unknown;
    return value && typeof value === 'object' ? (value as PackageJson) : undefined;
  } catch {
    return undefined;
  }
}

const dependencyNames = (json: PackageJson): string[] =>
  json.dependencies && typeof json.dependencies === 'object' ? Object.keys(json.dependencies) : [];

/** The installed folder of `name`, seen from `fromDir` (nearest `node_modules` first). */
async function findInstalled(fromDir: string, name: string): Promise<string | undefined> {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (await isDirectory(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

async function copyFolder(root: string, prefix: string, into: Map<string, Uint8Array>): Promise<void> {
  for (const entry of await readdir(root, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    const path = relative(root, full).split('\\').join('/');
    if (path.split('/').some((segment) => segment === 'node_modules')) continue;
    into.set(prefix + path, new Uint8Array(await readFile(full)));
  }
}

/** Builds `miniprogram_npm/` for the project whose package.json is in `projectDir`. */
export async function buildMiniprogramNpm(projectDir: string): Promise<NpmBuildResult> {
  const files = new Map<string, Uint8Array>();
  const diagnostics: Diagnostic[] = [];
  const project = await readPackageJson(join(projectDir, 'package.json'));
  if (!project) {
    diagnostics.push({
      file: 'package.json',
      line: 1,
      column: 1,
      message: 'package.json is missing or invalid',
    });
    return { files, diagnostics };
  }
  const built = new Set<string>();
  const queue = dependencyNames(project).map((name) => ({ name, fromDir: projectDir, by: 'package.json' }));
  while (queue.length > 0) {
    const { name, fromDir, by } = queue.shift()!;
    if (built.has(name)) continue;
    built.add(name);
    const dir = await findInstalled(fromDir, name);
    const json = dir && (await readPackageJson(join(dir, 'package.json')));
    if (!dir || !json) {
      diagnostics.push({
        file: by,
        line: 1,
        column: 1,
        message: `dependency ${name} is not installed (run npm install)`,
      });
      continue;
    }
    const prefix = `miniprogram_npm/${name}/`;
    const declared = typeof json.miniprogram === 'string' ? json.miniprogram : undefined;
    const distDir = join(dir, declared ?? 'miniprogram_dist');
    if (await isDirectory(distDir)) {
      await copyFolder(distDir, prefix, files);
      const own = relative(projectDir, join(dir, 'package.json')).split('\\').join('/');
      for (const dependency of dependencyNames(json)) queue.push({ name: dependency, fromDir: dir, by: own });
      continue;
    }
    if (declared) {
      diagnostics.push({
        file: relative(projectDir, join(dir, 'package.json')).split('\\').join('/'),
        line: 1,
        column: 1,
        message: `${name}: its "miniprogram" folder ${declared} does not exist`,
      });
      continue;
    }
    const bundled = await bundlePlainPackage(dir, typeof json.main === 'string' ? json.main : 'index.js');
    if (typeof bundled === 'string') files.set(`${prefix}index.js`, new TextEncoder().encode(bundled));
    else diagnostics.push({ ...bundled, message: `${name}: ${bundled.message}` });
  }
  return { files, diagnostics };
}

async function bundlePlainPackage(dir: string, main: string): Promise<string | Diagnostic> {
  try {
    const result = await build({
      absWorkingDir: dir,
      entryPoints: [join(dir, main)],
      bundle: true,
      write: false,
      format: 'cjs',
      platform: 'neutral',
      mainFields: ['main', 'module'],
      target: 'es2017',
      logLevel: 'silent',
    });
    return result.outputFiles[0]!.text;
  } catch (error) {
    const first = (
      error as { errors?: Array<{ text: string; location?: { file: string; line: number; column: number } }> }
    ).errors?.[0];
    return {
      file: first?.location?.file ?? main,
      line: first?.location?.line ?? 1,
      column: (first?.location?.column ?? 0) + 1,
      message: first?.text ?? String(error),
    };
  }
}
