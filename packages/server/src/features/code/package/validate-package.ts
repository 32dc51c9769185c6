import { createHash } from 'node:crypto';
import {
  type AppConfig,
  isObject,
  type JsonObject,
  parseAppJson,
  parseJsonFile,
  within,
} from './app-json.ts';
import { isExternalComponent, resolveComponent } from './components.ts';
import { contentPathRefusal, unsafePathRefusal } from './package-paths.ts';
import { type PackageRefusal, refuse } from './refusal.ts';

/**
 * Decides whether a set of files is a mini program package we will store, and
 * describes it. Pure: the caller has already read the zip (read-zip.ts).
 */

export interface PackageLimits {
  /** Files outside every subpackage root (WeChat: 2 MB). */
  mainPackageBytes: number;
  /** Everything (WeChat: 20 MB). */
  totalBytes: number;
  /** Each subpackage on its own (WeChat: 2 MB); unchecked when absent. */
  subpackageBytes?: number;
}

const MiB = 1024 * 1024;
export const defaultPackageLimits: PackageLimits = {
  mainPackageBytes: 2 * MiB,
  totalBytes: 20 * MiB,
  subpackageBytes: 2 * MiB,
};

export interface PackageFile {
  path: string;
  sha256: string;
  bytes: number;
}

export interface SubpackageManifest {
  root: string;
  name?: string;
  independent: boolean;
  /** Full paths from the package root. */
  pages: string[];
  bytes: number;
}

export interface PackageManifest {
  /** Main package pages in app.json order. */
  pages: string[];
  entryPagePath: string;
  subpackages: SubpackageManifest[];
  window?: JsonObject;
  tabBar?: JsonObject;
  mainPackageBytes: number;
  totalBytes: number;
  /** Sorted by path. */
  files: PackageFile[];
}

export type ValidatePackageResult =
  | { ok: true; manifest: PackageManifest }
  | { ok: false; refusals: PackageRefusal[] };

export function validatePackage(
  files: ReadonlyMap<string, Uint8Array>,
  limits: PackageLimits,
): ValidatePackageResult {
  const refusals: PackageRefusal[] = [];
  for (const path of files.keys()) {
    const problem = unsafePathRefusal(path) ?? contentPathRefusal(path);
    if (problem) refusals.push(problem);
  }
  const app = parseAppJson(files.get('app.json'));
  if (!app.ok) return { ok: false, refusals: [...refusals, ...app.refusals] };
  const config = app.value;

  if (!files.has('app.js')) {
    refusals.push(
      refuse(
        'app.js',
        'app_js_missing',
        'app.js is missing from the package root.',
        '代码包根目录缺少 app.js。',
      ),
    );
  }
  refusals.push(...pageFileRefusals(files, config));
  refusals.push(...referencedFileRefusals(files, config));
  refusals.push(...componentRefusals(files, config));
  const sizes = measure(files, config);
  refusals.push(...sizeRefusals(sizes, config, limits));
  if (refusals.length > 0) return { ok: false, refusals };

  return {
    ok: true,
    manifest: {
      pages: config.pages,
      entryPagePath: config.entryPagePath,
      subpackages: config.subpackages.map((s, i) => ({ ...s, bytes: sizes.subpackages[i] ?? 0 })),
      window: config.window,
      tabBar: config.tabBar,
      mainPackageBytes: sizes.main,
      totalBytes: sizes.total,
      files: [...files.entries()]
        .map(([path, bytes]) => ({ path, bytes: bytes.byteLength, sha256: sha256(bytes) }))
        .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    },
  };
}

function allPages(config: AppConfig): string[] {
  return [...config.pages, ...config.subpackages.flatMap((s) => s.pages)];
}

/** Every page needs its .wxml and .js; its .json is optional but must parse. */
function pageFileRefusals(files: ReadonlyMap<string, Uint8Array>, config: AppConfig): PackageRefusal[] {
  const refusals: PackageRefusal[] = [];
  for (const page of allPages(config)) {
    for (const [ext, rule] of [
      ['wxml', 'page_missing_wxml'],
      ['js', 'page_missing_js'],
    ] as const) {
      const file = `${page}.${ext}`;
      if (!files.has(file)) {
        refusals.push(
          refuse(
            file,
            rule,
            `Page "${page}" is listed in app.json but ${file} is missing.`,
            `页面“${page}”已在 app.json 中声明，但缺少 ${file}。`,
          ),
        );
      }
    }
  }
  return refusals;
}

/** Files app.json points at besides pages: tab bar icons and the sitemap. */
function referencedFileRefusals(files: ReadonlyMap<string, Uint8Array>, config: AppConfig): PackageRefusal[] {
  const refusals: PackageRefusal[] = [];
  for (const icon of config.tabBarIcons) {
    if (!files.has(icon)) {
      refusals.push(
        refuse(icon, 'tab_bar_invalid', `Tab bar icon "${icon}" is missing.`, `tabBar 图标“${icon}”不存在。`),
      );
    }
  }
  const sitemap = config.sitemapLocation;
  if (sitemap !== undefined) {
    const bytes = files.get(sitemap);
    if (!bytes) {
      refusals.push(
        refuse(
          sitemap,
          'sitemap_missing',
          `sitemapLocation names "${sitemap}", which is missing.`,
          `sitemapLocation 指定的“${sitemap}”不存在。`,
        ),
      );
    } else {
      const parsed = parseJsonFile(sitemap, bytes);
      if (!parsed.ok) refusals.push(parsed.refusal);
    }
  }
  return refusals;
}

/**
 * Walks usingComponents from app.json (global components), every page's JSON and,
 * transitively, every component found, so a missing component fails at upload and
 * not on a user's phone.
 */
function componentRefusals(files: ReadonlyMap<string, Uint8Array>, config: AppConfig): PackageRefusal[] {
  const refusals: PackageRefusal[] = [];
  const queue = ['app.json', ...allPages(config).map((page) => `${page}.json`)];
  const visited = new Set<string>();
  while (queue.length > 0) {
    const jsonPath = queue.shift()!;
    if (visited.has(jsonPath)) continue;
    visited.add(jsonPath);
    const bytes = files.get(jsonPath);
    if (!bytes) continue;
    const parsed =
      jsonPath === 'app.json' ? { ok: true as const, value: config.raw } : parseJsonFile(jsonPath, bytes);
    if (!parsed.ok) {
      refusals.push(parsed.refusal);
      continue;
    }
    const using = parsed.value.usingComponents;
    if (using === undefined) continue;
    if (!isObject(using)) {
      refusals.push(
        refuse(
          jsonPath,
          'json_invalid',
          `"${jsonPath}": usingComponents must be an object.`,
          `“${jsonPath}”：usingComponents 必须是对象。`,
        ),
      );
      continue;
    }
    for (const [tag, spec] of Object.entries(using)) {
      if (typeof spec === 'string' && isExternalComponent(spec, config.extendedLibs)) continue;
      const found = typeof spec === 'string' ? resolveComponent(files, jsonPath, spec) : undefined;
      if (found) {
        queue.push(`${found}.json`);
        continue;
      }
      refusals.push(
        refuse(
          jsonPath,
          'component_not_found',
          `"${jsonPath}": component <${tag}> at "${String(spec)}" was not found (needs .js and .json).`,
          `“${jsonPath}”：找不到组件 <${tag}>（“${String(spec)}”），组件需要 .js 和 .json 文件。`,
        ),
      );
    }
  }
  return refusals;
}

interface Sizes {
  main: number;
  total: number;
  subpackages: number[];
}

function measure(files: ReadonlyMap<string, Uint8Array>, config: AppConfig): Sizes {
  const sizes: Sizes = { main: 0, total: 0, subpackages: config.subpackages.map(() => 0) };
  for (const [path, bytes] of files) {
    sizes.total += bytes.byteLength;
    const index = config.subpackages.findIndex((s) => within(path, s.root));
    if (index === -1) sizes.main += bytes.byteLength;
    else sizes.subpackages[index]! += bytes.byteLength;
  }
  return sizes;
}

function sizeRefusals(sizes: Sizes, config: AppConfig, limits: PackageLimits): PackageRefusal[] {
  const refusals: PackageRefusal[] = [];
  const perSubpackage = limits.subpackageBytes;
  config.subpackages.forEach(({ root }, i) => {
    const bytes = sizes.subpackages[i] ?? 0;
    if (perSubpackage === undefined || bytes <= perSubpackage) return;
    refusals.push(
      refuse(
        root,
        'subpackage_too_large',
        `Subpackage "${root}" is ${kb(bytes)}; the limit is ${kb(perSubpackage)}.`,
        `分包“${root}”大小为 ${kb(bytes)}，超过上限 ${kb(perSubpackage)}。`,
      ),
    );
  });
  if (sizes.main > limits.mainPackageBytes) {
    refusals.push(
      refuse(
        '',
        'main_package_too_large',
        `The main package is ${kb(sizes.main)}; the limit is ${kb(limits.mainPackageBytes)}. Move pages into subpackages.`,
        `主包大小为 ${kb(sizes.main)}，超过上限 ${kb(limits.mainPackageBytes)}，请使用分包。`,
      ),
    );
  }
  if (sizes.total > limits.totalBytes) {
    refusals.push(
      refuse(
        '',
        'package_too_large',
        `The package is ${kb(sizes.total)} in total; the limit is ${kb(limits.totalBytes)}.`,
        `代码包总大小为 ${kb(sizes.total)}，超过上限 ${kb(limits.totalBytes)}。`,
      ),
    );
  }
  return refusals;
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
