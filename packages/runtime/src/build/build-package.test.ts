import { describe, expect, it } from 'vitest';
import { type BuiltManifest, MANIFEST_PATH } from '../shared/manifest.ts';
import { buildPackage } from './build-package.ts';

const pkg = (files: Record<string, string>) =>
  new Map(Object.entries(files).map(([path, text]) => [path, new TextEncoder().encode(text)]));
const manifestOf = (files: Map<string, Uint8Array>) =>
  JSON.parse(new TextDecoder().decode(files.get(MANIFEST_PATH))) as BuiltManifest;

describe('buildPackage', () => {
  it('emits a manifest, content-addressed chunks and the package assets', async () => {
    const built = await buildPackage(
      new Map([
        ...pkg({
          'app.json': JSON.stringify({ pages: ['pages/a/a'], window: { navigationBarTitleText: 'T' } }),
          'app.js': 'App({});',
          'pages/a/a.wxml': '<view>{{x}}</view>',
          'pages/a/a.js': 'Page({ data: { x: 1 } });',
          'pages/a/a.json': '{ "navigationBarTitleText": "A" }',
        }),
        ['images/a.png', new Uint8Array([1, 2, 3])],
      ]),
    );
    expect(built.diagnostics).toEqual([]);
    const manifest = manifestOf(built.files);
    expect(manifest.entryPagePath).toBe('pages/a/a');
    expect(manifest.pages['pages/a/a']?.window).toEqual({ navigationBarTitleText: 'A' });
    expect(built.files.get('images/a.png')).toEqual(new Uint8Array([1, 2, 3]));
    expect(
      [...built.files.keys()]
        .filter((p) => p.endsWith('.js'))
        .every((p) => /^_wharf\/c\/[0-9a-f]{20}\.js$/.test(p)),
    ).toBe(true);
  });

  it('never throws on bad input: template, script and JSON errors become diagnostics with positions', async () => {
    const built = await buildPackage(
      pkg({
        'app.json': JSON.stringify({ pages: ['pages/a/a', 'pages/b/b', 'pages/missing/missing'] }),
        'pages/a/a.wxml': '<view>\n  {{ x + }}\n</view>',
        'pages/b/b.wxml': '<view/>',
        'pages/b/b.js': 'Page({\n  data: {,\n});',
        'pages/b/b.json': '{ "usingComponents": { "x": "./nope" } }',
      }),
    );
    const byFile = Object.fromEntries(built.diagnostics.map((d) => [d.file, d]));
    expect(byFile['pages/a/a.wxml']).toMatchObject({ line: 2 });
    expect(byFile['pages/b/b.js']).toMatchObject({ line: 2 });
    expect(byFile['pages/b/b.json']?.message).toBe('component not found: x → ./nope');
    expect(byFile['app.json']?.message).toBe('page not found: pages/missing/missing');
    const manifest = manifestOf(built.files);
    expect(manifest.pages['pages/a/a']?.error).toMatchObject({ file: 'pages/a/a.wxml', line: 2 });
    expect(manifest.pages['pages/b/b']?.error).toMatchObject({ file: 'pages/b/b.js', line: 2 });
  });

  it('reports a missing or broken app.json in the manifest for the frame to show', async () => {
    const missing = await buildPackage(pkg({ 'pages/a/a.wxml': '<view/>' }));
    expect(missing.diagnostics).toEqual([
      { file: 'app.json', line: 1, column: 1, message: 'app.json is missing' },
    ]);
    expect(manifestOf(missing.files).appError?.message).toBe('app.json is missing');
    const broken = await buildPackage(pkg({ 'app.json': '{\n  "pages": [,]\n}' }));
    expect(broken.diagnostics[0]).toMatchObject({ file: 'app.json', line: 2 });
  });
});
