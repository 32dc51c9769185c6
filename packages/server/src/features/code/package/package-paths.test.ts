import { describe, expect, it } from 'vitest';
import { contentPathRefusal, extensionOf, isAllowedFileType, unsafePathRefusal } from './package-paths.ts';

describe('unsafePathRefusal', () => {
  it.each([
    { path: 'pages/index/index.js', safe: true },
    { path: 'images/图标 1.png', safe: true },
    { path: 'miniprogram_npm/@vant/weapp/button/index.js', safe: true },
    { path: '', safe: false },
    { path: '/etc/passwd', safe: false },
    { path: '../x.js', safe: false },
    { path: 'a/../../x.js', safe: false },
    { path: './app.js', safe: false },
    { path: 'a//b.js', safe: false },
    { path: 'a/', safe: false },
    { path: 'a\\b.js', safe: false },
    { path: 'C:/x.js', safe: false },
    { path: 'c:x.js', safe: false },
    { path: 'file.js:stream', safe: false },
    { path: 'a\u0000.js', safe: false },
    { path: `${'a/'.repeat(300)}x.js`, safe: false },
  ])('"$path" is safe: $safe', ({ path, safe }) => {
    const refusal = unsafePathRefusal(path);
    expect(refusal === undefined).toBe(safe);
    if (refusal) expect(refusal).toMatchObject({ file: path, rule: 'path_not_allowed' });
  });
});

describe('contentPathRefusal', () => {
  it.each([
    { path: 'app.js', rule: undefined },
    { path: 'utils/format.wxs', rule: undefined },
    { path: 'fonts/a.woff2', rule: undefined },
    { path: 'images/A.PNG', rule: undefined },
    { path: '.gitignore', rule: 'hidden_file_not_allowed' },
    { path: 'pages/.DS_Store', rule: 'hidden_file_not_allowed' },
    { path: 'node_modules/a/index.js', rule: 'node_modules_not_allowed' },
    { path: 'a/node_modules/b.js', rule: 'node_modules_not_allowed' },
    { path: 'README.md', rule: 'file_type_not_allowed' },
    { path: 'pages/index/index.ts', rule: 'file_type_not_allowed' },
    { path: 'lib/native.wasm', rule: 'file_type_not_allowed' },
    { path: 'Makefile', rule: 'file_type_not_allowed' },
  ])('$path → $rule', ({ path, rule }) => {
    expect(contentPathRefusal(path)?.rule).toBe(rule);
  });
});

describe('extensionOf and isAllowedFileType', () => {
  it.each([
    { path: 'a/b.JPEG', ext: 'jpeg', allowed: true },
    { path: 'a.b/c', ext: '', allowed: false },
    { path: 'archive.tar.gz', ext: 'gz', allowed: false },
    { path: 'x.wxml', ext: 'wxml', allowed: true },
  ])('$path', ({ path, ext, allowed }) => {
    expect(extensionOf(path)).toBe(ext);
    expect(isAllowedFileType(path)).toBe(allowed);
  });
});
