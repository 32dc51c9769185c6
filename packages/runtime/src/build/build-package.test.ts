import { describe, expect, it } from 'vitest';
import { type BuiltManifest, MANIFEST_PATH } from '../shared/manifest.ts';
import { buildPackage } from './build-package.ts';
import { doublingChain } from './limit-fixtures.ts';
import { BuildRefusedError } from './limits.ts';

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

describe('buildPackage limits', () => {
  const base = {
    'app.json': JSON.stringify({ pages: ['pages/a/a'] }),
    'app.js': 'App({});',
    'pages/a/a.js': 'Page({});',
  };
  const refusalOf = async (files: Record<string, string>, limits?: Parameters<typeof buildPackage>[1]) => {
    const error = await buildPackage(pkg(files), limits).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(error instanceof BuildRefusedError)) throw new Error(`expected a refusal, got ${String(error)}`);
    return error.refusal;
  };

  it('refuses a page nesting 200 views, and the next build succeeds', async () => {
    const deep = `<view>\n${'<view>'.repeat(200)}${'</view>'.repeat(200)}</view>`;
    expect(await refusalOf({ ...base, 'pages/a/a.wxml': deep })).toMatchObject({
      rule: 'wxml_too_deep',
      file: 'pages/a/a.wxml',
      line: 2,
    });
    const next = await buildPackage(pkg({ ...base, 'pages/a/a.wxml': '<view>{{x}}</view>' }));
    expect(next.diagnostics).toEqual([]);
  });

  it('refuses the WXSS doubling chain in well under a second', async () => {
    const chain = Object.fromEntries(
      Object.entries(doublingChain(17)).map(([path, css]) => [`styles/${path}`, css]),
    );
    const started = performance.now();
    const refusal = await refusalOf({
      ...base,
      ...chain,
      'pages/a/a.wxml': '<view/>',
      'app.wxss': '@import "styles/s/0.wxss";',
    });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(refusal).toMatchObject({ rule: 'wxss_import_too_deep', file: 'styles/s/16.wxss', line: 1 });
  });

  it('refuses a build whose output passes the byte budget as it is written, naming what it was writing', async () => {
    const files = { ...base, 'pages/a/a.wxml': `<view>${'x'.repeat(20_000)}</view>` };
    expect(await refusalOf(files, { maxOutputBytes: 10_000 })).toMatchObject({
      rule: 'build_too_large',
      file: 'pages/a/a.wxml',
    });
    expect((await buildPackage(pkg(files), { maxOutputBytes: 100_000 })).diagnostics).toEqual([]);
    const withAsset = new Map([
      ...pkg({ ...base, 'pages/a/a.wxml': '<view/>' }),
      ['big.png', new Uint8Array(20_000)],
    ]);
    const error = await buildPackage(withAsset, { maxOutputBytes: 10_000 }).catch((e: unknown) => e);
    expect(error instanceof BuildRefusedError && error.refusal).toMatchObject({
      rule: 'build_too_large',
      file: 'big.png',
    });
  });
});
