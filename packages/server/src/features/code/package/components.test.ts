import { describe, expect, it } from 'vitest';
import { isExternalComponent, normalise, resolveComponent } from './components.ts';

const files = new Set(
  [
    'components/card/card',
    'pages/index/item/item',
    'pages/index/components/local',
    'miniprogram_npm/@vant/weapp/button/index',
    'miniprogram_npm/vant-lite/index',
    'packageA/miniprogram_npm/only-in-a/index',
  ].flatMap((base) => [`${base}.js`, `${base}.json`]),
);

describe('resolveComponent', () => {
  const cases: { from: string; spec: string; expected: string | undefined }[] = [
    { from: 'pages/index/index.json', spec: '/components/card/card', expected: 'components/card/card' },
    { from: 'pages/index/index.json', spec: './item/item', expected: 'pages/index/item/item' },
    {
      from: 'pages/index/item/item.json',
      spec: '../../../components/card/card',
      expected: 'components/card/card',
    },
    { from: 'pages/index/index.json', spec: 'components/local', expected: 'pages/index/components/local' },
    {
      from: 'pages/index/index.json',
      spec: '@vant/weapp/button/index',
      expected: 'miniprogram_npm/@vant/weapp/button/index',
    },
    {
      from: 'pages/index/index.json',
      spec: '@vant/weapp/button',
      expected: 'miniprogram_npm/@vant/weapp/button/index',
    },
    { from: 'app.json', spec: 'vant-lite', expected: 'miniprogram_npm/vant-lite/index' },
    {
      from: 'packageA/pages/p/p.json',
      spec: 'only-in-a',
      expected: 'packageA/miniprogram_npm/only-in-a/index',
    },
    { from: 'pages/index/index.json', spec: 'only-in-a', expected: undefined },
    { from: 'pages/index/index.json', spec: './missing', expected: undefined },
    { from: 'pages/index/index.json', spec: '../../../../outside', expected: undefined },
    { from: 'app.json', spec: '/', expected: undefined },
  ];

  it.each(cases)('resolves "$spec" from $from to $expected', ({ from, spec, expected }) => {
    expect(resolveComponent(files, from, spec)).toBe(expected);
  });
});

describe('isExternalComponent', () => {
  const libs = new Set(['weui-miniprogram']);
  it.each([
    { spec: 'plugin://myPlugin/comp', expected: true },
    { spec: 'plugin-private://wx123/comp', expected: true },
    { spec: 'weui-miniprogram/dialog/dialog', expected: true },
    { spec: 'weui/dialog', expected: false },
    { spec: '/components/card/card', expected: false },
  ])('$spec → $expected', ({ spec, expected }) => {
    expect(isExternalComponent(spec, libs)).toBe(expected);
  });
});

describe('normalise', () => {
  it.each([
    { folder: 'a/b', relative: '../c', expected: 'a/c' },
    { folder: '', relative: './x/./y', expected: 'x/y' },
    { folder: 'a', relative: '../..', expected: undefined },
    { folder: 'a', relative: '..', expected: undefined },
  ])('$folder + $relative → $expected', ({ folder, relative, expected }) => {
    expect(normalise(folder, relative)).toBe(expected);
  });
});
