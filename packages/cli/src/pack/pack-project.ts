import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { isAllowedFileType } from '@wharf/server/features/code/package/package-paths.ts';
import yazl from 'yazl';

/**
 * `wharf upload` packs a project folder the way WeChat's developer tools do before
 * an upload: only files of the allowed types (the server's own allow-list), no
 * dotfiles, no node_modules (npm components must be built into miniprogram_npm).
 *
 * project.config.json and project.private.config.json are left out: they configure
 * the developer tools, not the mini program, and the private one holds one person's
 * local settings. When project.config.json names a `miniprogramRoot`, that folder is
 * what gets packed, as the developer tools do.
 *
 * The zip is deterministic (sorted paths, fixed times and modes), so packing the same
 * folder twice gives the same bytes.
 */

export interface PackResult {
  zip: Buffer;
  files: number;
  /** Sum of the packed files' sizes before compression. */
  bytes: number;
  /** Files left out because their type is not allowed, for the CLI to mention. */
  skipped: string[];
}

export class PackError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = 'PackError';
  }
}

const toolConfigFiles = new Set(['project.config.json', 'project.private.config.json']);
/** DOS time cannot go earlier; a fixed time keeps the zip reproducible. */
const fixedTime = new Date(1980, 0, 1, 0, 0, 0);

export async function packProject(dir: string): Promise<PackResult> {
  const project = await readProject(dir);
  const zip = new yazl.ZipFile();
  let bytes = 0;
  for (const [path, data] of project.files) {
    bytes += data.byteLength;
    zip.addBuffer(Buffer.from(data), path, { mtime: fixedTime, mode: 0o100644, compress: true });
  }
  zip.end();
  return { zip: await collect(zip.outputStream), files: project.files.size, bytes, skipped: project.skipped };
}

/** The files an upload would carry (same rules as `packProject`), by path, in sorted order. */
export async function readProject(
  dir: string,
): Promise<{ root: string; files: Map<string, Uint8Array>; skipped: string[] }> {
  const root = await realpath(await programRoot(dir));
  const found: { path: string; file: string }[] = [];
  const skipped: string[] = [];
  await walk(root, root, '', new Set([root]), found, skipped);
  const files = new Map<string, Uint8Array>();
  for (const { path, file } of found) files.set(path, new Uint8Array(await readFile(file)));
  return { root, files, skipped };
}

async function programRoot(dir: string): Promise<string> {
  let config: unknown;
  try {
    config = JSON.parse(await readFile(join(dir, 'project.config.json'), 'utf8'));
  } catch {
    return dir;
  }
  const subfolder = (config as { miniprogramRoot?: unknown } | null)?.miniprogramRoot;
  return typeof subfolder === 'string' && subfolder.trim() !== '' ? join(dir, subfolder) : dir;
}

/** `ancestors` holds the real paths of the folders being walked, to stop symlink loops. */
async function walk(
  root: string,
  folder: string,
  prefix: string,
  ancestors: Set<string>,
  found: { path: string; file: string }[],
  skipped: string[],
): Promise<void> {
  const names = (await readdir(folder)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const name of names) {
    if (name.startsWith('.') || name === 'node_modules') continue;
    if (prefix === '' && toolConfigFiles.has(name)) continue;
    const path = prefix + name;
    const real = await insideRoot(root, join(folder, name), path);
    const info = await stat(real);
    if (info.isDirectory()) {
      if (ancestors.has(real)) throw new PackError(path, `${path}: symbolic link loop`);
      await walk(root, real, `${path}/`, new Set([...ancestors, real]), found, skipped);
    } else if (!info.isFile()) {
      throw new PackError(path, `${path}: not a regular file or folder`);
    } else if (isAllowedFileType(path)) {
      found.push({ path, file: real });
    } else {
      skipped.push(path);
    }
  }
}

/** Follows a symbolic link only when it stays inside the project. */
async function insideRoot(root: string, file: string, path: string): Promise<string> {
  if (!(await lstat(file)).isSymbolicLink()) return file;
  let real: string;
  try {
    real = await realpath(file);
  } catch {
    throw new PackError(path, `${path}: symbolic link to nothing`);
  }
  const within = relative(root, real);
  if (within === '..' || within.startsWith(`..${sep}`) || isAbsolute(within)) {
    throw new PackError(path, `${path}: symbolic link leaves the project folder (${real})`);
  }
  return real;
}

function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}
