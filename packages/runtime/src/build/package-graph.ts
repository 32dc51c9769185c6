/**
 * Reads app.json and every page's JSON, resolves `usingComponents` and `require`s the way
 * WeChat does (relative, absolute, then `miniprogram_npm`), and answers "which files does
 * this page need". Items are keyed `kind:path` so chunks can be cut by set arithmetic.
 */
import type { ComponentConfig } from '../shared/chunk.ts';
import type { Diagnostic, TabBarConfig, WindowConfig } from '../shared/manifest.ts';
import { componentCandidates, requireCandidates } from '../shared/paths.ts';

export type ItemKey = `${'js' | 'tmpl' | 'wxs' | 'style' | 'config' | 'comp'}:${string}`;

export interface AppJson {
  pages: string[];
  entryPagePath?: string;
  window: WindowConfig;
  tabBar?: TabBarConfig;
  subpackages: Array<{ root: string; pages: string[] }>;
  usingComponents: Record<string, string>;
}

export interface GraphInput {
  text(path: string): string | undefined;
  has(path: string): boolean;
  templateDeps: ReadonlyMap<string, string[]>;
  scriptDeps: ReadonlyMap<string, string[]>;
  wxsDeps: ReadonlyMap<string, Record<string, string>>;
}

const WINDOW_KEYS = [
  'navigationBarTitleText',
  'navigationBarBackgroundColor',
  'navigationBarTextStyle',
  'navigationStyle',
  'backgroundColor',
  'backgroundTextStyle',
  'enablePullDownRefresh',
  'onReachBottomDistance',
] as const;

export function pickWindow(json: Record<string, unknown>): WindowConfig {
  const window: Record<string, unknown> = {};
  for (const key of WINDOW_KEYS) if (json[key] !== undefined) window[key] = json[key];
  return window as WindowConfig;
}

export function parseJson(
  path: string,
  text: string | undefined,
  diagnostics: Diagnostic[],
): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
    diagnostics.push({ file: path, line: 1, column: 1, message: 'expected a JSON object' });
  } catch (error) {
    const message = (error as Error).message;
    // V8 names the offset ("position N") for most errors; otherwise fall back to the unexpected token's first use.
    const position = /position (\d+)/.exec(message);
    const token = /Unexpected token '(.)'/.exec(message);
    const offset = position ? Number(position[1]) : token ? Math.max(0, text.indexOf(token[1]!)) : 0;
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    diagnostics.push({ file: path, line, column, message: `invalid JSON: ${message}` });
  }
  return undefined;
}

export function readAppJson(json: Record<string, unknown>): AppJson {
  const strings = (v: unknown) =>
    Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  const subpackagesRaw = (json.subpackages ?? json.subPackages) as unknown;
  const subpackages = Array.isArray(subpackagesRaw)
    ? subpackagesRaw
        .filter((s): s is Record<string, unknown> => !!s && typeof s === 'object')
        .map((s) => ({ root: String(s.root ?? '').replace(/^\/|\/$/g, ''), pages: strings(s.pages) }))
    : [];
  const window = (json.window && typeof json.window === 'object' ? json.window : {}) as Record<
    string,
    unknown
  >;
  const result: AppJson = {
    pages: strings(json.pages).map((p) => p.replace(/^\//, '')),
    window: pickWindow(window),
    subpackages,
    usingComponents: (json.usingComponents as Record<string, string> | undefined) ?? {},
  };
  if (typeof json.entryPagePath === 'string') result.entryPagePath = json.entryPagePath.replace(/^\//, '');
  if (json.tabBar && typeof json.tabBar === 'object') result.tabBar = json.tabBar as TabBarConfig;
  return result;
}

export function allPages(app: AppJson): string[] {
  return [...app.pages, ...app.subpackages.flatMap((s) => s.pages.map((p) => `${s.root}/${p}`))];
}

export class PackageGraph {
  readonly diagnostics: Diagnostic[] = [];
  /** Component path → its config with `usingComponents` resolved to absolute `/paths`. */
  readonly configs = new Map<string, ComponentConfig>();
  /** Module path → `require` spec → module path. */
  readonly requireMaps = new Map<string, Record<string, string>>();
  /** Every component reached, dependencies before dependants. */
  readonly componentOrder: string[] = [];
  private readonly closures = new Map<string, Set<ItemKey>>();
  private readonly jsClosures = new Map<string, Set<ItemKey>>();

  constructor(
    private readonly input: GraphInput,
    private readonly app: AppJson,
    private readonly moduleRequires: ReadonlyMap<string, string[]>,
  ) {}

  /** Everything app.js needs, plus app.wxss. */
  appItems(): Set<ItemKey> {
    const items = new Set<ItemKey>();
    if (this.input.has('app.js')) for (const item of this.jsClosure('app.js')) items.add(item);
    if (this.input.has('app.wxss')) items.add('style:app');
    return items;
  }

  /** Everything a page needs: its components (transitively), templates, WXS, styles and JS. */
  componentItems(path: string): Set<ItemKey> {
    const cached = this.closures.get(path);
    if (cached) return cached;
    const items = new Set<ItemKey>();
    this.closures.set(path, items);
    const config = this.resolveConfig(path);
    for (const target of Object.values(config.usingComponents ?? {})) {
      for (const item of this.componentItems(target.slice(1))) items.add(item);
    }
    items.add(`config:${path}`);
    items.add(`comp:${path}`);
    if (this.input.has(`${path}.wxml`)) this.addTemplate(path, items);
    if (this.input.has(`${path}.wxss`)) items.add(`style:${path}`);
    if (this.input.has(`${path}.js`)) for (const item of this.jsClosure(`${path}.js`)) items.add(item);
    this.componentOrder.push(path);
    return items;
  }

  private addTemplate(path: string, items: Set<ItemKey>): void {
    if (items.has(`tmpl:${path}`)) return;
    items.add(`tmpl:${path}`);
    for (const dep of this.input.templateDeps.get(path) ?? []) {
      if (this.input.has(`${dep}.wxml`)) this.addTemplate(dep, items);
    }
    for (const script of this.input.scriptDeps.get(path) ?? []) this.addWxs(script, items);
  }

  private addWxs(path: string, items: Set<ItemKey>): void {
    if (items.has(`wxs:${path}`) || !this.input.has(`${path}.wxs`)) return;
    items.add(`wxs:${path}`);
    for (const dep of Object.values(this.input.wxsDeps.get(path) ?? {})) this.addWxs(dep, items);
  }

  private jsClosure(path: string): Set<ItemKey> {
    const cached = this.jsClosures.get(path);
    if (cached) return cached;
    const items = new Set<ItemKey>([`js:${path}`]);
    this.jsClosures.set(path, items);
    const resolved: Record<string, string> = {};
    for (const spec of this.moduleRequires.get(path) ?? []) {
      const target = requireCandidates(path, spec).find((candidate) => this.input.has(candidate));
      if (!target) {
        this.diagnostics.push({
          file: path,
          line: 1,
          column: 1,
          message: `cannot resolve require('${spec}')`,
        });
        continue;
      }
      resolved[spec] = target;
      for (const item of this.jsClosure(target)) items.add(item);
    }
    this.requireMaps.set(path, resolved);
    return items;
  }

  private resolveConfig(path: string): ComponentConfig {
    const existing = this.configs.get(path);
    if (existing) return existing;
    const json = parseJson(`${path}.json`, this.input.text(`${path}.json`), this.diagnostics) ?? {};
    const config: ComponentConfig = {};
    for (const key of [
      'component',
      'componentGenerics',
      'componentPlaceholder',
      'styleIsolation',
      'addGlobalClass',
      'pureDataPattern',
    ] as const) {
      if (json[key] !== undefined) (config as Record<string, unknown>)[key] = json[key];
    }
    const using: Record<string, string> = {};
    const resolveAll = (from: string, declared: Record<string, unknown>) => {
      for (const [alias, spec] of Object.entries(declared)) {
        if (typeof spec !== 'string') continue;
        if (spec.startsWith('plugin://')) {
          this.diagnostics.push({
            file: from,
            line: 1,
            column: 1,
            message: `plugins are not supported: ${spec}`,
          });
          continue;
        }
        const target = componentCandidates(from, spec).find(
          (c) => this.input.has(`${c}.json`) || this.input.has(`${c}.js`) || this.input.has(`${c}.wxml`),
        );
        if (target) using[alias] = `/${target}`;
        else if (from === `${path}.json`) {
          this.diagnostics.push({
            file: from,
            line: 1,
            column: 1,
            message: `component not found: ${alias} → ${spec}`,
          });
        }
      }
    };
    // app.json's usingComponents are global: every page and component can use them, except
    // that a global component does not get itself as a child.
    resolveAll('app.json', this.app.usingComponents);
    for (const [alias, target] of Object.entries(using)) if (target === `/${path}`) delete using[alias];
    // A component may name itself in its own usingComponents: recursive trees (mp-html's node).
    if (json.usingComponents && typeof json.usingComponents === 'object') {
      resolveAll(`${path}.json`, json.usingComponents as Record<string, unknown>);
    }
    config.usingComponents = using;
    this.configs.set(path, config);
    return config;
  }

  pageWindow(path: string): WindowConfig {
    const json = parseJson(`${path}.json`, this.input.text(`${path}.json`), []) ?? {};
    return { ...this.app.window, ...pickWindow(json) };
  }
}
