/**
 * The browser assets served under `/runtime/`, bundled in memory with esbuild on first use.
 * `frame.html` must be served with `FRAME_HEADERS`.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { regionAssets } from './region-assets.ts';

export interface RuntimeAsset {
  body: Uint8Array;
  contentType: string;
}

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** Compiles the builtin components' WXML into the frame bundle. */
const builtinTemplatesPlugin: Plugin = {
  name: 'wharf-builtin-templates',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^wharf:builtin-templates$/ }, (args) => ({
      path: args.path,
      namespace: 'wharf',
    }));
    pluginBuild.onLoad({ filter: /.*/, namespace: 'wharf' }, async () => {
      const { BUILTIN_TEMPLATES } = await import('../frame/builtins/templates.ts');
      const require = createRequire(import.meta.url);
      const { TmplGroup } = require('glass-easel-template-compiler') as {
        TmplGroup: new () => {
          addTmpl(p: string, s: string): Array<{ isError: boolean; message: string }>;
          getTmplGenObjectGroups(): string;
          free(): void;
        };
      };
      const group = new TmplGroup();
      try {
        for (const [name, source] of Object.entries(BUILTIN_TEMPLATES)) {
          const error = group.addTmpl(name, source).find((e) => e.isError);
          if (error) throw new Error(`builtin template ${name}: ${error.message}`);
        }
        return { contents: `export default ${group.getTmplGenObjectGroups()};`, loader: 'js' };
      } finally {
        group.free();
      }
    });
  },
};

async function bundle(entry: string, format: 'iife' | 'esm'): Promise<Uint8Array> {
  const result = await build({
    entryPoints: [here(entry)],
    bundle: true,
    write: false,
    format,
    platform: 'browser',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [builtinTemplatesPlugin],
    // Quill's base styles go into editor.js as a string (editor/quill-bundle.ts).
    loader: { '.css': 'text' },
  });
  return result.outputFiles[0]!.contents;
}

const text = (s: string) => new TextEncoder().encode(s);

const FRAME_HTML = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1,maximum-scale=1,user-scalable=no">
<link rel="stylesheet" href="frame.css">
<script src="frame.js" defer></script>
</head><body></body></html>
`;

const PREVIEW_HTML = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>Wharf preview</title>
<link rel="stylesheet" href="preview.css">
<script type="module" src="preview.js"></script>
</head><body><main id="preview"><header id="preview-bar"></header><div id="phone"></div><section id="preview-log" aria-label="log"></section></main></body></html>
`;

let cached: Promise<Map<string, RuntimeAsset>> | undefined;

export function runtimeAssets(): Promise<Map<string, RuntimeAsset>> {
  cached ??= (async () => {
    const [frameJs, hostJs, previewJs, frameCss, previewCss, jweixinJs, editorJs, scannerJs] =
      await Promise.all([
        bundle('../frame/main.ts', 'iife'),
        bundle('../host/index.ts', 'esm'),
        bundle('../preview/preview.ts', 'esm'),
        readFile(here('../frame/frame.css')),
        readFile(here('../preview/preview.css')),
        bundle('../web-view/jweixin.ts', 'iife'),
        bundle('../frame/editor/quill-bundle.ts', 'iife'),
        bundle('../frame/camera/scanner-bundle.ts', 'iife'),
      ]);
    return new Map<string, RuntimeAsset>([
      ['frame.html', { body: text(FRAME_HTML), contentType: 'text/html; charset=utf-8' }],
      ['frame.js', { body: frameJs, contentType: 'text/javascript; charset=utf-8' }],
      ['frame.css', { body: new Uint8Array(frameCss), contentType: 'text/css; charset=utf-8' }],
      ['host.js', { body: hostJs, contentType: 'text/javascript; charset=utf-8' }],
      ['preview.html', { body: text(PREVIEW_HTML), contentType: 'text/html; charset=utf-8' }],
      ['preview.js', { body: previewJs, contentType: 'text/javascript; charset=utf-8' }],
      ['preview.css', { body: new Uint8Array(previewCss), contentType: 'text/css; charset=utf-8' }],
      // Loaded by the frame only when a region picker opens.
      ...[...regionAssets()].map(
        ([path, body]) => [path, { body, contentType: 'text/javascript; charset=utf-8' }] as const,
      ),
      // For the web pages inside <web-view>, as WeChat's jweixin: `wx.miniProgram.*`.
      ['jweixin.js', { body: jweixinJs, contentType: 'text/javascript; charset=utf-8' }],
      // Quill, loaded by the frame only when a page shows an <editor>.
      ['editor.js', { body: editorJs, contentType: 'text/javascript; charset=utf-8' }],
      // jsQR, loaded by the frame only for <camera mode="scanCode">.
      ['scanner.js', { body: scannerJs, contentType: 'text/javascript; charset=utf-8' }],
    ]);
  })();
  cached.catch(() => {
    cached = undefined;
  });
  return cached;
}

const DEV_HTML = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>Wharf dev</title>
<link rel="stylesheet" href="dev.css">
<script type="module" src="dev.js"></script>
</head><body><main id="dev">
<header id="dev-bar"><h1 data-text="title"></h1><span id="dev-project"></span>
<label><span data-text="path"></span><select id="dev-path"></select></label>
<label><span data-text="query"></span><input id="dev-query" placeholder="id=1&amp;from=dev" size="14"></label>
<label><span data-text="scene"></span><select id="dev-scene"></select></label>
<button id="dev-relaunch" data-text="relaunch"></button><button id="dev-back" data-text="back"></button>
<button id="dev-share" data-text="share"></button><span id="dev-route"></span>
<button id="dev-language" data-text="language"></button></header>
<div id="dev-stage"><div id="dev-phone"></div>
<section id="dev-overlay" role="alert" hidden><button id="dev-dismiss" data-text="dismiss"></button><div id="dev-overlay-body"></div></section></div>
<section id="dev-side"><header><span data-text="console"></span><button id="dev-clear" data-text="clear"></button></header>
<div id="dev-console" aria-live="polite"></div>
<nav id="dev-tabs" role="tablist"><button role="tab" data-panel="appdata" aria-selected="true" data-text="appData"></button>
<button role="tab" data-panel="wxml" aria-selected="false" data-text="wxml"></button>
<button role="tab" data-panel="storage" aria-selected="false" data-text="storage"></button></nav>
<div id="dev-panel-appdata" class="dev-panel" role="tabpanel"><div id="dev-appdata-route" class="dev-panel-route"></div><pre id="dev-appdata"></pre></div>
<div id="dev-panel-wxml" class="dev-panel" role="tabpanel" hidden><div id="dev-wxml-route" class="dev-panel-route"></div><div id="dev-wxml"></div></div>
<div id="dev-panel-storage" class="dev-panel" role="tabpanel" hidden><div class="dev-panel-route"><span id="dev-storage-info"></span>
<button id="dev-storage-clear" data-text="clearStorage"></button></div>
<table id="dev-storage"><tbody id="dev-storage-rows"></tbody></table></div></section>
</main></body></html>
`;

let devCached: Promise<Map<string, RuntimeAsset>> | undefined;

/** The page `wharf dev` serves on its own origin (the runtime is served on another). */
export function devPageAssets(): Promise<Map<string, RuntimeAsset>> {
  devCached ??= (async () => {
    const [devJs, devCss] = await Promise.all([
      bundle('../dev/dev-page.ts', 'esm'),
      readFile(here('../dev/dev.css')),
    ]);
    return new Map<string, RuntimeAsset>([
      ['dev.html', { body: text(DEV_HTML), contentType: 'text/html; charset=utf-8' }],
      ['dev.js', { body: devJs, contentType: 'text/javascript; charset=utf-8' }],
      ['dev.css', { body: new Uint8Array(devCss), contentType: 'text/css; charset=utf-8' }],
    ]);
  })();
  devCached.catch(() => {
    devCached = undefined;
  });
  return devCached;
}
