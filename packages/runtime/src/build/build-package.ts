/**
 * Uploaded package (files by path) → the static files the runtime fetches:
 * `_wharf/manifest.json`, content-hashed chunks under `_wharf/c/`, and the package's own
 * static assets (images, fonts) at their original paths.
 */
import { createHash } from 'node:crypto';
import type { ChunkStyle } from '../shared/chunk.ts';
import {
  type BuiltManifest,
  type Diagnostic,
  MANIFEST_FORMAT,
  MANIFEST_PATH,
  type PageEntry,
} from '../shared/manifest.ts';
import { resolveFrom, stripExtension } from '../shared/paths.ts';
import { writeChunk } from './chunk-writer.ts';
import { prepareModule } from './js-module.ts';
import { BuildBudget, type BuildLimits, defaultBuildLimits } from './limits.ts';
import { allPages, type ItemKey, PackageGraph, parseJson, readAppJson } from './package-graph.ts';
import { compileTemplates } from './wxml.ts';
import { rewriteInlineWxs, rewriteWxsSource } from './wxs-source.ts';
import { transformWxss } from './wxss.ts';

export interface BuildResult {
  files: Map<string, Uint8Array>;
  diagnostics: Diagnostic[];
}

const CODE_EXTENSIONS = ['.js', '.json', '.wxml', '.wxss', '.wxs', '.ts', '.md', '.map'];
const CHUNK_DIR = '_wharf/c';

/**
 * Builds a package. Template, script and JSON errors become diagnostics (the frame shows them);
 * a package past `limits` throws `BuildRefusedError` naming the file and line instead.
 */
export async function buildPackage(
  input: ReadonlyMap<string, Uint8Array>,
  limits: Partial<BuildLimits> = {},
): Promise<BuildResult> {
  const budget = new BuildBudget({ ...defaultBuildLimits, ...limits });
  const decoder = new TextDecoder();
  const texts = new Map<string, string>();
  const files = new Map<string, Uint8Array>();
  for (const [rawPath, bytes] of input) {
    const path = rawPath.replace(/^\/+/, '');
    if (CODE_EXTENSIONS.some((ext) => path.endsWith(ext))) texts.set(path, decoder.decode(bytes));
    else if (!path.startsWith('_wharf/')) files.set(path, bytes);
  }
  const text = (path: string) => texts.get(path);
  const diagnostics: Diagnostic[] = [];

  const appJsonObject = parseJson('app.json', text('app.json'), diagnostics);
  if (!appJsonObject) {
    if (!texts.has('app.json'))
      diagnostics.push({ file: 'app.json', line: 1, column: 1, message: 'app.json is missing' });
    return finish(files, emptyManifest(diagnostics), diagnostics);
  }
  const app = readAppJson(appJsonObject);
  const pages = allPages(app);
  if (pages.length === 0)
    diagnostics.push({ file: 'app.json', line: 1, column: 1, message: 'app.json lists no pages' });

  const wxml = new Map<string, string>();
  const wxs = new Map<string, string>();
  for (const [path, source] of texts) {
    if (path.endsWith('.wxml')) wxml.set(stripExtension(path, '.wxml'), rewriteInlineWxs(source));
    if (path.endsWith('.wxs')) wxs.set(stripExtension(path, '.wxs'), rewriteWxsSource(source));
  }
  const compiled = compileTemplates(
    wxml,
    wxs,
    (from, spec) => stripExtension(resolveFrom(from, spec), '.wxs'),
    budget.limits.maxTemplateDepth,
  );
  diagnostics.push(...compiled.errors.values());

  const moduleCode = new Map<string, string>();
  const moduleRequires = new Map<string, string[]>();
  const moduleErrors = new Map<string, Diagnostic>();
  await Promise.all(
    [...texts.keys()]
      .filter((path) => path.endsWith('.js'))
      .map(async (path) => {
        const prepared = await prepareModule(path, texts.get(path)!);
        moduleCode.set(path, prepared.code);
        moduleRequires.set(path, prepared.requires);
        if (prepared.error) moduleErrors.set(path, prepared.error);
      }),
  );
  diagnostics.push(...moduleErrors.values());

  const graph = new PackageGraph(
    {
      text,
      has: (path) => texts.has(path) || files.has(path),
      templateDeps: compiled.templateDeps,
      scriptDeps: compiled.scriptDeps,
      wxsDeps: compiled.wxsDeps,
    },
    app,
    moduleRequires,
  );

  const appItems = graph.appItems();
  const pageItems = new Map<string, Set<ItemKey>>();
  for (const page of pages) {
    if (!texts.has(`${page}.js`) && !texts.has(`${page}.wxml`)) {
      diagnostics.push({ file: 'app.json', line: 1, column: 1, message: `page not found: ${page}` });
    }
    const own = new Set([...graph.componentItems(page)].filter((item) => !appItems.has(item)));
    pageItems.set(page, own);
  }
  diagnostics.push(...graph.diagnostics);

  // Whatever two or more pages share goes in one common chunk, loaded with the first of them.
  const usage = new Map<ItemKey, number>();
  for (const items of pageItems.values())
    for (const item of items) usage.set(item, (usage.get(item) ?? 0) + 1);
  const common = new Set([...usage].filter(([, count]) => count > 1).map(([item]) => item));

  const styles = new Map<string, ChunkStyle>();
  const pageSet = new Set(pages);
  for (const path of wxml.keys()) addStyle(path);
  for (const path of texts.keys()) if (path.endsWith('.wxss')) addStyle(stripExtension(path, '.wxss'));
  function addStyle(path: string): void {
    if (styles.has(path) || !texts.has(`${path}.wxss`)) return;
    const scope =
      path === 'app'
        ? ({ kind: 'app' } as const)
        : pageSet.has(path)
          ? ({ kind: 'page', route: path } as const)
          : ({ kind: 'component' } as const);
    const result = transformWxss(`${path}.wxss`, text, scope, budget);
    diagnostics.push(...result.diagnostics);
    styles.set(path, { css: result.css, kind: scope.kind });
  }

  // Components with slot fallback content: the frame tells their template which slots are filled.
  for (const path of compiled.slotFallbacks) {
    const config = graph.configs.get(path);
    if (config) config.slotFallback = true;
  }

  const sources = {
    moduleCode,
    requireMaps: graph.requireMaps,
    templates: compiled.templates,
    templateErrors: compiled.errors,
    wxs,
    wxsDeps: compiled.wxsDeps,
    styles,
    configs: graph.configs,
    templateRuntime: compiled.runtime,
    componentOrder: graph.componentOrder,
  };
  const emit = (items: Set<ItemKey>, file: string): string => {
    const body = new TextEncoder().encode(writeChunk(items, sources));
    budget.spendOutputBytes(body.byteLength, file);
    const hash = createHash('sha256').update(body).digest('hex').slice(0, 20);
    const path = `${CHUNK_DIR}/${hash}.js`;
    files.set(path, body);
    return path;
  };

  const firstError = (items: Set<ItemKey>): Diagnostic | undefined => {
    for (const item of items) {
      const [kind, path] = [item.slice(0, item.indexOf(':')), item.slice(item.indexOf(':') + 1)];
      const error =
        kind === 'tmpl' ? compiled.errors.get(path) : kind === 'js' ? moduleErrors.get(path) : undefined;
      if (error) return error;
    }
    return undefined;
  };

  const appChunks = appItems.size > 0 ? [emit(appItems, 'app.js')] : [];
  const commonChunk = common.size > 0 ? emit(common, 'app.json') : undefined;
  const manifestPages: Record<string, PageEntry> = {};
  for (const page of pages) {
    const items = pageItems.get(page)!;
    const own = new Set([...items].filter((item) => !common.has(item)));
    const chunks: string[] = [];
    if (commonChunk && [...items].some((item) => common.has(item))) chunks.push(commonChunk);
    if (own.size > 0) chunks.push(emit(own, `${page}.wxml`));
    const entry: PageEntry = { chunks, window: graph.pageWindow(page) };
    const error = firstError(new Set([...graph.componentItems(page)]));
    if (error) entry.error = error;
    else if (!texts.has(`${page}.js`) && !texts.has(`${page}.wxml`)) {
      entry.error = { file: 'app.json', line: 1, column: 1, message: `page not found: ${page}` };
    }
    manifestPages[page] = entry;
  }

  const manifest: BuiltManifest = {
    format: MANIFEST_FORMAT,
    entryPagePath: app.entryPagePath && pageSet.has(app.entryPagePath) ? app.entryPagePath : (pages[0] ?? ''),
    pages: manifestPages,
    appChunks,
    window: app.window,
    subpackageRoots: app.subpackages.map((s) => s.root),
    diagnostics,
  };
  if (app.tabBar) manifest.tabBar = app.tabBar;
  const appError = firstError(appItems);
  if (appError) manifest.appError = appError;
  // Assets are copied as they are; the chunks were counted as they were written.
  for (const [path, bytes] of files)
    if (!path.startsWith(`${CHUNK_DIR}/`)) budget.spendOutputBytes(bytes.byteLength, path);
  return finish(files, manifest, diagnostics);
}
function emptyManifest(diagnostics: Diagnostic[]): BuiltManifest {
  const manifest: BuiltManifest = {
    format: MANIFEST_FORMAT,
    entryPagePath: '',
    pages: {},
    appChunks: [],
    window: {},
    subpackageRoots: [],
    diagnostics,
  };
  if (diagnostics[0]) manifest.appError = diagnostics[0];
  return manifest;
}

function finish(
  files: Map<string, Uint8Array>,
  manifest: BuiltManifest,
  diagnostics: Diagnostic[],
): BuildResult {
  files.set(MANIFEST_PATH, new TextEncoder().encode(JSON.stringify(manifest)));
  return { files, diagnostics };
}
