import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { PackageRule } from './refusal.ts';
import { defaultPackageLimits, type PackageLimits, validatePackage } from './validate-package.ts';

const json = (value: unknown) => JSON.stringify(value);

/** A small but realistic package: tab bar, a subpackage, local, absolute and npm components. */
const base: Record<string, string> = {
  'app.json': json({
    pages: ['pages/index/index', 'pages/logs/logs'],
    window: { navigationBarTitleText: 'Demo' },
    tabBar: {
      list: [
        { pagePath: 'pages/index/index', text: '首页', iconPath: 'images/home.png' },
        { pagePath: 'pages/logs/logs', text: '日志' },
      ],
    },
    subpackages: [{ root: 'packageA', pages: ['pages/cat/cat'] }],
    usingComponents: { 'van-button': '@vant/weapp/button/index' },
    sitemapLocation: 'sitemap.json',
  }),
  'app.js': 'App({})',
  'app.wxss': 'page{}',
  'sitemap.json': json({ rules: [{ action: 'allow', page: '*' }] }),
  'project.config.json': json({ appid: 'wx0000000000000000' }),
  'images/home.png': 'png',
  'utils/format.wxs': 'module.exports = {}',
  'pages/index/index.js': 'Page({})',
  'pages/index/index.wxml': '<card/><item/><icon/>',
  'pages/index/index.json': json({
    usingComponents: { card: '/components/card/card', item: './item/item', icon: 'vant-lite' },
  }),
  'pages/index/item/item.js': 'Component({})',
  'pages/index/item/item.json': json({ component: true }),
  'pages/index/item/item.wxml': '<view/>',
  'pages/logs/logs.js': 'Page({})',
  'pages/logs/logs.wxml': '<view/>',
  'components/card/card.js': 'Component({})',
  'components/card/card.json': json({ component: true, usingComponents: { badge: '../badge/badge' } }),
  'components/card/card.wxml': '<badge/>',
  'components/badge/badge.js': 'Component({})',
  'components/badge/badge.json': json({ component: true }),
  'miniprogram_npm/@vant/weapp/button/index.js': 'Component({})',
  'miniprogram_npm/@vant/weapp/button/index.json': json({
    component: true,
    usingComponents: { 'van-loading': '../loading/index' },
  }),
  'miniprogram_npm/@vant/weapp/button/index.wxml': '<van-loading/>',
  'miniprogram_npm/@vant/weapp/loading/index.js': 'Component({})',
  'miniprogram_npm/@vant/weapp/loading/index.json': json({ component: true }),
  'miniprogram_npm/vant-lite/index.js': 'Component({})',
  'miniprogram_npm/vant-lite/index.json': json({ component: true }),
  'packageA/pages/cat/cat.js': 'Page({})',
  'packageA/pages/cat/cat.wxml': '<van-button/>',
  'packageA/pages/cat/cat.json': json({ usingComponents: { 'van-button': '@vant/weapp/button/index' } }),
};

/** The base package with some files replaced (a string) or removed (undefined). */
function pkg(changes: Record<string, string | undefined> = {}): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  for (const [path, text] of Object.entries({ ...base, ...changes })) {
    if (text !== undefined) files.set(path, new TextEncoder().encode(text));
  }
  return files;
}

function appJson(change: (app: Record<string, unknown>) => void): string {
  const app = JSON.parse(base['app.json']!) as Record<string, unknown>;
  change(app);
  return json(app);
}

describe('validatePackage accepts', () => {
  it('a package with a tab bar, a subpackage and local, absolute and npm components', () => {
    const result = validatePackage(pkg(), defaultPackageLimits);
    if (!result.ok) throw new Error(JSON.stringify(result.refusals, null, 2));
    const { manifest } = result;
    expect(manifest.pages).toEqual(['pages/index/index', 'pages/logs/logs']);
    expect(manifest.entryPagePath).toBe('pages/index/index');
    expect(manifest.window).toEqual({ navigationBarTitleText: 'Demo' });
    expect(manifest.tabBar).toMatchObject({
      list: [{ pagePath: 'pages/index/index' }, { pagePath: 'pages/logs/logs' }],
    });
    const subpackageBytes = ['js', 'wxml', 'json'].reduce(
      (sum, ext) => sum + Buffer.byteLength(base[`packageA/pages/cat/cat.${ext}`]!),
      0,
    );
    expect(manifest.subpackages).toEqual([
      {
        root: 'packageA',
        name: undefined,
        independent: false,
        pages: ['packageA/pages/cat/cat'],
        bytes: subpackageBytes,
      },
    ]);
    expect(manifest.totalBytes).toBe(manifest.mainPackageBytes + subpackageBytes);
    expect(manifest.files.map((f) => f.path)).toEqual(Object.keys(base).sort());
    expect(manifest.files.find((f) => f.path === 'app.js')).toEqual({
      path: 'app.js',
      bytes: 7,
      sha256: createHash('sha256').update('App({})').digest('hex'),
    });
  });

  const variants: { name: string; changes: Record<string, string | undefined> }[] = [
    {
      name: 'the subPackages spelling, a trailing slash on the root, and entryPagePath in a subpackage',
      changes: {
        'app.json': appJson((app) => {
          app.subPackages = [{ root: 'packageA/', pages: ['pages/cat/cat'], independent: true }];
          delete app.subpackages;
          app.entryPagePath = 'packageA/pages/cat/cat';
        }),
      },
    },
    {
      name: 'plugin components and extended libraries, which live outside the package',
      changes: {
        'app.json': appJson((app) => {
          app.useExtendedLib = { weui: true };
          app.usingComponents = { chart: 'plugin://charts/line', dialog: 'weui-miniprogram/dialog/dialog' };
        }),
      },
    },
    {
      name: 'a component without .wxml, found as <name>/index, and a JSON file with a BOM',
      changes: {
        'pages/logs/logs.json': '\uFEFF' + json({ usingComponents: { w: '../../widgets/w' } }),
        'widgets/w/index.js': 'Component({})',
        'widgets/w/index.json': json({ component: true }),
      },
    },
    {
      name: 'no app.wxss, no sitemap.json and no project.config.json',
      changes: {
        'app.wxss': undefined,
        'project.config.json': undefined,
        'sitemap.json': undefined,
        'app.json': appJson((app) => {
          delete app.sitemapLocation;
        }),
      },
    },
    {
      name: 'fonts, audio, video and images of every allowed type',
      changes: Object.fromEntries(
        ['a.ttf', 'a.woff2', 'a.mp3', 'a.m4a', 'a.mp4', 'a.JPG', 'a.jpeg', 'a.gif', 'a.svg', 'a.webp'].map(
          (f) => [`assets/${f}`, 'x'],
        ),
      ),
    },
  ];

  it.each(variants)('$name', ({ changes }) => {
    const result = validatePackage(pkg(changes), defaultPackageLimits);
    expect(result.ok ? [] : result.refusals).toEqual([]);
  });
});

describe('validatePackage refuses, naming the file and the rule', () => {
  const cases: {
    name: string;
    changes: Record<string, string | undefined>;
    limits?: Partial<PackageLimits>;
    expected: { file: string; rule: PackageRule }[];
  }[] = [
    {
      name: 'no app.json',
      changes: { 'app.json': undefined },
      expected: [{ file: 'app.json', rule: 'app_json_missing' }],
    },
    {
      name: 'app.json that is not JSON',
      changes: { 'app.json': '{pages:' },
      expected: [{ file: 'app.json', rule: 'app_json_invalid' }],
    },
    {
      name: 'app.json that is an array',
      changes: { 'app.json': '[]' },
      expected: [{ file: 'app.json', rule: 'app_json_invalid' }],
    },
    {
      name: 'app.json without pages',
      changes: { 'app.json': json({ pages: [] }) },
      expected: [{ file: 'app.json', rule: 'app_json_no_pages' }],
    },
    {
      name: 'pages that are not strings',
      changes: { 'app.json': json({ pages: [1] }) },
      expected: [{ file: 'app.json', rule: 'app_json_invalid' }],
    },
    {
      name: 'a page path with an extension, one that climbs out, and a duplicate',
      changes: {
        'app.json': appJson((app) => {
          app.pages = ['pages/index/index', 'pages/logs/logs', 'pages/a.js', '../up', 'pages/logs/logs'];
        }),
      },
      expected: [
        { file: 'app.json', rule: 'page_path_invalid' },
        { file: 'app.json', rule: 'page_path_invalid' },
        { file: 'app.json', rule: 'page_path_invalid' },
      ],
    },
    {
      name: 'no app.js',
      changes: { 'app.js': undefined },
      expected: [{ file: 'app.js', rule: 'app_js_missing' }],
    },
    {
      name: 'a page without its .wxml',
      changes: { 'pages/logs/logs.wxml': undefined },
      expected: [{ file: 'pages/logs/logs.wxml', rule: 'page_missing_wxml' }],
    },
    {
      name: 'a page without its .js',
      changes: { 'pages/logs/logs.js': undefined },
      expected: [{ file: 'pages/logs/logs.js', rule: 'page_missing_js' }],
    },
    {
      name: 'a subpackage page without its .wxml',
      changes: { 'packageA/pages/cat/cat.wxml': undefined },
      expected: [{ file: 'packageA/pages/cat/cat.wxml', rule: 'page_missing_wxml' }],
    },
    {
      name: 'file types off the allow-list',
      changes: { 'README.md': '# hi', 'pages/index/index.ts': 'Page({})', Makefile: '' },
      expected: [
        { file: 'README.md', rule: 'file_type_not_allowed' },
        { file: 'pages/index/index.ts', rule: 'file_type_not_allowed' },
        { file: 'Makefile', rule: 'file_type_not_allowed' },
      ],
    },
    {
      name: 'dotfiles and files in dot folders',
      changes: { '.eslintrc.js': '', 'pages/.DS_Store': '', '.git/config.json': '' },
      expected: [
        { file: '.eslintrc.js', rule: 'hidden_file_not_allowed' },
        { file: 'pages/.DS_Store', rule: 'hidden_file_not_allowed' },
        { file: '.git/config.json', rule: 'hidden_file_not_allowed' },
      ],
    },
    {
      name: 'node_modules',
      changes: { 'node_modules/lodash/index.js': '' },
      expected: [{ file: 'node_modules/lodash/index.js', rule: 'node_modules_not_allowed' }],
    },
    {
      name: 'unsafe paths handed in by another reader',
      changes: { '../evil.js': '', '/abs.js': '', 'a//b.js': '' },
      expected: [
        { file: '../evil.js', rule: 'path_not_allowed' },
        { file: '/abs.js', rule: 'path_not_allowed' },
        { file: 'a//b.js', rule: 'path_not_allowed' },
      ],
    },
    {
      name: 'a page JSON that does not parse',
      changes: { 'pages/index/index.json': '{"usingComponents": ' },
      expected: [{ file: 'pages/index/index.json', rule: 'json_invalid' }],
    },
    {
      name: 'a relative component that is missing',
      changes: { 'pages/index/item/item.js': undefined },
      expected: [{ file: 'pages/index/index.json', rule: 'component_not_found' }],
    },
    {
      name: 'a component with .js but no .json',
      changes: { 'components/card/card.json': undefined },
      expected: [{ file: 'pages/index/index.json', rule: 'component_not_found' }],
    },
    {
      name: 'a missing component named by another component',
      changes: { 'components/badge/badge.js': undefined },
      expected: [{ file: 'components/card/card.json', rule: 'component_not_found' }],
    },
    {
      name: 'an npm component missing from miniprogram_npm, named by app.json and a subpackage page',
      changes: { 'miniprogram_npm/@vant/weapp/button/index.json': undefined },
      expected: [
        { file: 'app.json', rule: 'component_not_found' },
        { file: 'packageA/pages/cat/cat.json', rule: 'component_not_found' },
      ],
    },
    {
      name: 'a component path that climbs out of the package',
      changes: { 'pages/logs/logs.json': json({ usingComponents: { x: '../../../x' } }) },
      expected: [{ file: 'pages/logs/logs.json', rule: 'component_not_found' }],
    },
    {
      name: 'both subpackages and subPackages',
      changes: {
        'app.json': appJson((app) => {
          app.subPackages = [];
        }),
      },
      expected: [{ file: 'app.json', rule: 'subpackage_invalid' }],
    },
    {
      name: 'nested subpackage roots',
      changes: {
        'app.json': appJson((app) => {
          app.subpackages = [
            { root: 'packageA', pages: ['pages/cat/cat'] },
            { root: 'packageA/inner', pages: [] },
          ];
        }),
      },
      expected: [{ file: 'app.json', rule: 'subpackage_invalid' }],
    },
    {
      name: 'a main package page inside a subpackage root',
      changes: {
        'app.json': appJson((app) => {
          app.subpackages = [{ root: 'pages/logs', pages: [] }];
        }),
      },
      expected: [{ file: 'app.json', rule: 'subpackage_invalid' }],
    },
    {
      name: 'a subpackage without a root',
      changes: {
        'app.json': appJson((app) => {
          app.subpackages = [{ pages: ['a'] }];
        }),
      },
      expected: [{ file: 'app.json', rule: 'subpackage_invalid' }],
    },
    {
      name: 'a tab bar with one item',
      changes: {
        'app.json': appJson((app) => {
          app.tabBar = { list: [{ pagePath: 'pages/index/index', text: 'a' }] };
        }),
      },
      expected: [{ file: 'app.json', rule: 'tab_bar_invalid' }],
    },
    {
      name: 'a tab bar item in a subpackage',
      changes: {
        'app.json': appJson((app) => {
          app.tabBar = { list: [{ pagePath: 'pages/index/index' }, { pagePath: 'packageA/pages/cat/cat' }] };
        }),
      },
      expected: [{ file: 'app.json', rule: 'tab_bar_invalid' }],
    },
    {
      name: 'a missing tab bar icon',
      changes: { 'images/home.png': undefined },
      expected: [{ file: 'images/home.png', rule: 'tab_bar_invalid' }],
    },
    {
      name: 'a missing sitemap',
      changes: { 'sitemap.json': undefined },
      expected: [{ file: 'sitemap.json', rule: 'sitemap_missing' }],
    },
    {
      name: 'an entryPagePath that is not a page',
      changes: {
        'app.json': appJson((app) => {
          app.entryPagePath = 'pages/nope/nope';
        }),
      },
      expected: [{ file: 'app.json', rule: 'app_json_invalid' }],
    },
    {
      name: 'a main package over its limit, even though the total fits',
      changes: { 'images/big.png': 'x'.repeat(3000) },
      limits: { mainPackageBytes: 2000, totalBytes: 100_000 },
      expected: [{ file: '', rule: 'main_package_too_large' }],
    },
    {
      name: 'a subpackage over its limit, while the main package fits',
      changes: { 'packageA/images/big.png': 'x'.repeat(3000) },
      limits: { subpackageBytes: 2000 },
      expected: [{ file: 'packageA', rule: 'subpackage_too_large' }],
    },
    {
      name: 'a package over the total limit',
      changes: { 'packageA/images/big.png': 'x'.repeat(3000) },
      limits: { totalBytes: 4000 },
      expected: [{ file: '', rule: 'package_too_large' }],
    },
  ];

  it.each(cases)('$name', ({ changes, limits, expected }) => {
    const result = validatePackage(pkg(changes), { ...defaultPackageLimits, ...limits });
    expect(result.ok ? [] : result.refusals.map(({ file, rule }) => ({ file, rule }))).toEqual(expected);
  });

  it('words every refusal in English and Chinese', () => {
    const result = validatePackage(
      pkg({ 'pages/logs/logs.wxml': undefined, 'a.exe': '' }),
      defaultPackageLimits,
    );
    expect(result.ok).toBe(false);
    for (const refusal of result.ok ? [] : result.refusals) {
      expect(refusal.message).toContain(refusal.file);
      expect(refusal.messageZh).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
