import { unsafePathRefusal } from './package-paths.ts';
import { type PackageRefusal, type PackageRule, refuse } from './refusal.ts';

/**
 * The parts of app.json that decide what a package must contain (WeChat "全局配置"):
 * pages, subpackages, entryPagePath, tabBar, sitemapLocation, usingComponents and
 * useExtendedLib. Other keys pass through untouched.
 */

export type JsonObject = Record<string, unknown>;

export interface SubpackageConfig {
  root: string;
  name?: string;
  independent: boolean;
  /** Full paths from the package root: `${root}/${page}`. */
  pages: string[];
}

export interface AppConfig {
  pages: string[];
  subpackages: SubpackageConfig[];
  entryPagePath: string;
  window?: JsonObject;
  tabBar?: JsonObject;
  tabBarIcons: string[];
  sitemapLocation?: string;
  /** npm package names provided by the platform through useExtendedLib. */
  extendedLibs: Set<string>;
  raw: JsonObject;
}

type Parsed<T> = { ok: true; value: T } | { ok: false; refusal: PackageRefusal };

export function parseJsonFile(path: string, bytes: Uint8Array): Parsed<JsonObject> {
  const text = Buffer.from(bytes)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, refusal: jsonInvalid(path, detail) };
  }
  if (!isObject(value)) return { ok: false, refusal: jsonInvalid(path, 'the top level must be an object') };
  return { ok: true, value };
}

function jsonInvalid(path: string, detail: string): PackageRefusal {
  const rule = path === 'app.json' ? 'app_json_invalid' : 'json_invalid';
  return refuse(
    path,
    rule,
    `"${path}" is not valid JSON: ${detail}.`,
    `“${path}”不是有效的 JSON：${detail}。`,
  );
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export type AppJsonResult = { ok: true; value: AppConfig } | { ok: false; refusals: PackageRefusal[] };

export function parseAppJson(bytes: Uint8Array | undefined): AppJsonResult {
  if (!bytes) {
    return fail(
      'app_json_missing',
      'app.json is missing from the package root.',
      '代码包根目录缺少 app.json。',
    );
  }
  const parsed = parseJsonFile('app.json', bytes);
  if (!parsed.ok) return { ok: false, refusals: [parsed.refusal] };
  const raw = parsed.value;
  const refusals: PackageRefusal[] = [];
  const problem = (rule: PackageRule, en: string, zh: string) =>
    refusals.push(refuse('app.json', rule, en, zh));

  if (raw.pages === undefined || (Array.isArray(raw.pages) && raw.pages.length === 0)) {
    problem(
      'app_json_no_pages',
      'app.json must list at least one page in "pages".',
      'app.json 的 pages 至少需要一个页面。',
    );
  }
  const pages = stringList(raw.pages, 'pages', problem);
  const subpackages = parseSubpackages(raw, pages, problem);
  const allPages = [...pages, ...subpackages.flatMap((s) => s.pages)];
  const seen = new Set<string>();
  for (const page of allPages) {
    const why = pagePathProblem(page);
    if (why)
      problem(
        'page_path_invalid',
        `Page "${page}" is not a valid page path: ${why}.`,
        `页面路径“${page}”无效。`,
      );
    else if (seen.has(page))
      problem('page_path_invalid', `Page "${page}" is listed twice.`, `页面“${page}”重复声明。`);
    seen.add(page);
  }

  const entryPagePath = typeof raw.entryPagePath === 'string' ? raw.entryPagePath : (pages[0] ?? '');
  if (raw.entryPagePath !== undefined && !seen.has(entryPagePath)) {
    problem(
      'app_json_invalid',
      `entryPagePath "${String(raw.entryPagePath)}" is not one of the pages.`,
      `entryPagePath“${String(raw.entryPagePath)}”不在页面列表中。`,
    );
  }
  const tabBar = isObject(raw.tabBar) ? raw.tabBar : undefined;
  if (raw.tabBar !== undefined && !tabBar) {
    problem('tab_bar_invalid', 'tabBar must be an object.', 'tabBar 必须是对象。');
  }
  const tabBarIcons = tabBar ? checkTabBar(tabBar, new Set(pages), problem) : [];
  if (raw.window !== undefined && !isObject(raw.window)) {
    problem('app_json_invalid', 'window must be an object.', 'window 必须是对象。');
  }
  if (raw.sitemapLocation !== undefined && typeof raw.sitemapLocation !== 'string') {
    problem('app_json_invalid', 'sitemapLocation must be a string.', 'sitemapLocation 必须是字符串。');
  }
  if (refusals.length > 0) return { ok: false, refusals };
  return {
    ok: true,
    value: {
      pages,
      subpackages,
      entryPagePath,
      window: isObject(raw.window) ? raw.window : undefined,
      tabBar,
      tabBarIcons,
      sitemapLocation:
        typeof raw.sitemapLocation === 'string' ? raw.sitemapLocation.replace(/^\//, '') : undefined,
      extendedLibs: extendedLibPackages(raw.useExtendedLib),
      raw,
    },
  };
}

/**
 * `useExtendedLib` loads a library from the platform instead of the package; its
 * components are then named by the library's npm package name.
 */
const extendedLibs: Record<string, string[]> = {
  weui: ['weui-miniprogram'],
  kbone: ['miniprogram-element', 'miniprogram-render'],
  tdesign: ['tdesign-miniprogram'],
};

function extendedLibPackages(useExtendedLib: unknown): Set<string> {
  if (!isObject(useExtendedLib)) return new Set();
  return new Set(
    Object.entries(useExtendedLib)
      .filter(([, on]) => on !== false)
      .flatMap(([lib]) => extendedLibs[lib] ?? []),
  );
}

type Problem = (rule: PackageRule, en: string, zh: string) => void;

function fail(rule: PackageRule, en: string, zh: string): AppJsonResult {
  return { ok: false, refusals: [refuse('app.json', rule, en, zh)] };
}

function stringList(value: unknown, field: string, problem: Problem): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    problem('app_json_invalid', `"${field}" must be a list of strings.`, `“${field}”必须是字符串数组。`);
    return [];
  }
  return value;
}

function pagePathProblem(page: string): string | undefined {
  if (page.startsWith('/')) return 'it must not start with "/"';
  if (/\.(js|json|wxml|wxss)$/.test(page)) return 'leave out the file extension';
  return unsafePathRefusal(page)?.message;
}

/** WeChat accepts both spellings; a package using both is ambiguous. */
function parseSubpackages(raw: JsonObject, mainPages: string[], problem: Problem): SubpackageConfig[] {
  if (raw.subpackages !== undefined && raw.subPackages !== undefined) {
    problem(
      'subpackage_invalid',
      'Use either "subpackages" or "subPackages", not both.',
      'subpackages 与 subPackages 只能使用一个。',
    );
    return [];
  }
  const list = raw.subpackages ?? raw.subPackages;
  if (list === undefined) return [];
  if (!Array.isArray(list)) {
    problem('subpackage_invalid', '"subpackages" must be a list.', 'subpackages 必须是数组。');
    return [];
  }
  const result: SubpackageConfig[] = [];
  for (const item of list) {
    const root =
      isObject(item) && typeof item.root === 'string' ? item.root.replace(/^\.?\/+|\/+$/g, '') : '';
    const bad = (why: string, whyZh: string) =>
      problem('subpackage_invalid', `Subpackage "${root}": ${why}.`, `分包“${root}”：${whyZh}。`);
    if (!isObject(item) || root === '' || unsafePathRefusal(root)) {
      bad('"root" must be a folder inside the package', 'root 必须是代码包内的目录');
      continue;
    }
    const pages = stringList(item.pages, `subpackages[${root}].pages`, problem);
    const overlap = result.find((s) => within(root, s.root) || within(s.root, root));
    if (overlap) bad(`its root overlaps subpackage "${overlap.root}"`, `root 与分包“${overlap.root}”重叠`);
    const mainPage = mainPages.find((page) => within(page, root));
    if (mainPage)
      bad(`main package page "${mainPage}" lies inside its root`, `主包页面“${mainPage}”位于该分包目录内`);
    result.push({
      root,
      name: typeof item.name === 'string' ? item.name : undefined,
      independent: item.independent === true,
      pages: pages.map((page) => `${root}/${page}`),
    });
  }
  return result;
}

/** True when `path` is `folder` or inside it. */
export function within(path: string, folder: string): boolean {
  return path === folder || path.startsWith(`${folder}/`);
}

/** WeChat: a tabBar has 2 to 5 items, each pointing at a main-package page. Returns the icon paths. */
function checkTabBar(tabBar: JsonObject, mainPages: Set<string>, problem: Problem): string[] {
  const list = tabBar.list;
  if (!Array.isArray(list) || list.length < 2 || list.length > 5) {
    problem('tab_bar_invalid', 'tabBar.list must have 2 to 5 items.', 'tabBar.list 需要 2 至 5 项。');
    return [];
  }
  const icons: string[] = [];
  for (const item of list) {
    const pagePath = isObject(item) && typeof item.pagePath === 'string' ? item.pagePath : undefined;
    if (!isObject(item) || pagePath === undefined || !mainPages.has(pagePath)) {
      problem(
        'tab_bar_invalid',
        `tabBar item "${String(pagePath)}" must point at a page of the main package.`,
        `tabBar 项“${String(pagePath)}”必须指向主包中的页面。`,
      );
      continue;
    }
    for (const key of ['iconPath', 'selectedIconPath']) {
      if (typeof item[key] === 'string' && item[key] !== '') icons.push(item[key].replace(/^\//, ''));
    }
  }
  return icons;
}
