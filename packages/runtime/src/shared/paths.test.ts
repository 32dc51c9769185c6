import { describe, expect, it } from 'vitest';
import { componentCandidates, normalizePath, requireCandidates, resolveFrom } from './paths.ts';

describe('package paths', () => {
  it('resolves relative and absolute references like WeChat', () => {
    expect(normalizePath('/a/./b/../c')).toBe('a/c');
    expect(resolveFrom('pages/a/a.js', '../../utils/x')).toBe('utils/x');
    expect(resolveFrom('pages/a/a.js', '/utils/x')).toBe('utils/x');
  });

  it('tries the relative file, .js, index.js, then miniprogram_npm up the tree for require', () => {
    expect(requireCandidates('pages/a/a.js', './b')).toEqual([
      'pages/a/b.js',
      'pages/a/b',
      'pages/a/b/index.js',
    ]);
    expect(requireCandidates('pages/a/a.js', 'lib')).toEqual([
      'pages/a/lib.js',
      'pages/a/lib',
      'pages/a/lib/index.js',
      'pages/a/miniprogram_npm/lib.js',
      'pages/a/miniprogram_npm/lib',
      'pages/a/miniprogram_npm/lib/index.js',
      'pages/miniprogram_npm/lib.js',
      'pages/miniprogram_npm/lib',
      'pages/miniprogram_npm/lib/index.js',
      'miniprogram_npm/lib.js',
      'miniprogram_npm/lib',
      'miniprogram_npm/lib/index.js',
    ]);
  });

  it('finds npm components such as @vant/weapp/button/index', () => {
    expect(componentCandidates('app.json', '@vant/weapp/button/index')).toContain(
      'miniprogram_npm/@vant/weapp/button/index',
    );
  });
});
