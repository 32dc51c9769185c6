/**
 * The browser assets served under `/runtime/`, bundled in memory with esbuild on first use.
 * `frame.html` must be served with `FRAME_HEADERS`.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

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
    const [frameJs, hostJs, previewJs, frameCss, previewCss] = await Promise.all([
      bundle('../frame/main.ts', 'iife'),
      bundle('../host/index.ts', 'esm'),
      bundle('../preview/preview.ts', 'esm'),
      readFile(here('../frame/frame.css')),
      readFile(here('../preview/preview.css')),
    ]);
    return new Map<string, RuntimeAsset>([
      ['frame.html', { body: text(FRAME_HTML), contentType: 'text/html; charset=utf-8' }],
      ['frame.js', { body: frameJs, contentType: 'text/javascript; charset=utf-8' }],
      ['frame.css', { body: new Uint8Array(frameCss), contentType: 'text/css; charset=utf-8' }],
      ['host.js', { body: hostJs, contentType: 'text/javascript; charset=utf-8' }],
      ['preview.html', { body: text(PREVIEW_HTML), contentType: 'text/html; charset=utf-8' }],
      ['preview.js', { body: previewJs, contentType: 'text/javascript; charset=utf-8' }],
      ['preview.css', { body: new Uint8Array(previewCss), contentType: 'text/css; charset=utf-8' }],
    ]);
  })();
  cached.catch(() => {
    cached = undefined;
  });
  return cached;
}
