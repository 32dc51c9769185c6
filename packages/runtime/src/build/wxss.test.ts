import { describe, expect, it } from 'vitest';
import { SCOPE_NAME_PLACEHOLDER, SCOPE_PLACEHOLDER } from '../shared/chunk.ts';
import { doublingChain } from './limit-fixtures.ts';
import { BuildBudget, BuildRefusedError, defaultBuildLimits } from './limits.ts';
import { braceDiagnostics, convertRpx, inlineImports, scopeCss, transformWxss } from './wxss.ts';

describe('WXSS transform', () => {
  it('converts rpx so that 750rpx is the viewport width', () => {
    expect(convertRpx('a{width:750rpx;margin:-15rpx 7.5rpx}')).toBe('a{width:100vw;margin:-2vw 1vw}');
    expect(convertRpx('a{content:"x";width:calc(100% - 30rpx)}')).toBe(
      'a{content:"x";width:calc(100% - 4vw)}',
    );
  });

  it('scopes page styles under the page root and maps the page selector to it', () => {
    const css = scopeCss('page{color:red}.a,.b view{color:blue}', { kind: 'page', route: 'pages/x/x' });
    expect(css).toBe(
      'page[wx-route="pages/x/x"]{color:red}page[wx-route="pages/x/x"] .a,page[wx-route="pages/x/x"] .b view{color:blue}',
    );
  });

  it('prefixes component classes but not attribute values, keyframes or media queries', () => {
    const css = scopeCss(
      '.a[data-x=".b"]:not(.c){x:1}@media (max-width:10px){.d{y:2}}@keyframes k{from{o:0}to{o:1}}',
      { kind: 'component' },
    );
    const p = SCOPE_PLACEHOLDER;
    expect(css).toBe(
      `.${p}a[data-x=".b"]:not(.${p}c){x:1}@media (max-width:10px){.${p}d{y:2}}@keyframes k{from{o:0}to{o:1}}`,
    );
  });

  it('maps :host to the host node glass-easel marks with the scope name', () => {
    expect(scopeCss(':host{display:block}', { kind: 'component' })).toBe(
      `[wx-host~="${SCOPE_NAME_PLACEHOLDER}"]{display:block}`,
    );
  });

  it('renames the button type selector to wx-button, the node WeChat renders, and nothing that only contains the word', () => {
    expect(
      scopeCss('button,view>button::after,.x button[type="button"],.van-button,#button,:not(button){a:1}', {
        kind: 'app',
      }),
    ).toBe(
      'wx-button,view>wx-button::after,.x wx-button[type="button"],.van-button,#button,:not(wx-button){a:1}',
    );
    expect(scopeCss('button.a{a:1}', { kind: 'component' })).toBe(`wx-button.${SCOPE_PLACEHOLDER}a{a:1}`);
  });

  it('names the file and line of a brace never closed or closed twice, past strings and comments', () => {
    expect(
      braceDiagnostics('a.wxss', '.a { color: red; }\n.b { content: "}"; /* { */\n.c { top: 0;\n'),
    ).toEqual([{ file: 'a.wxss', line: 3, column: 4, message: '"{" is never closed (missing "}")' }]);
    expect(braceDiagnostics('b.wxss', "@media (min-width: 1px) {\n  .a { b: '{' }\n}\n}\n")).toEqual([
      { file: 'b.wxss', line: 4, column: 1, message: 'unexpected "}" with no "{" open' },
    ]);
    expect(
      braceDiagnostics('c.wxss', '@media screen { .a { b: 1 } }\n@keyframes k { from { o: 0 } }'),
    ).toEqual([]);
    // Reported once per file, however often it is imported.
    const files: Record<string, string> = {
      'app.wxss': '@import "x.wxss";\n@import "y.wxss";',
      'x.wxss': '@import "broken.wxss";',
      'y.wxss': '@import "broken.wxss";',
      'broken.wxss': '.a {',
    };
    expect(transformWxss('app.wxss', (p) => files[p], { kind: 'app' }).diagnostics).toEqual([
      { file: 'broken.wxss', line: 1, column: 4, message: '"{" is never closed (missing "}")' },
    ]);
  });

  it('inlines @import relative to the importing file and reports missing ones', () => {
    const files: Record<string, string> = {
      'pages/a/a.wxss': '@import "../../common/base.wxss";\n@import "./missing.wxss";\n.x{}',
      'common/base.wxss': '/* c */.base{width:75rpx}',
    };
    const result = transformWxss('pages/a/a.wxss', (p) => files[p], { kind: 'app' });
    expect(result.css).toContain('.base{width:10vw}');
    expect(result.css).toContain('.x{}');
    expect(result.diagnostics).toEqual([
      { file: 'pages/a/a.wxss', line: 2, column: 1, message: '@import target not found: ./missing.wxss' },
    ]);
  });
});

const refusalOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof BuildRefusedError) return error.refusal;
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('WXSS @import budget', () => {
  it('refuses the 17-level doubling chain at once, naming the importing file and line', () => {
    const files = doublingChain(17);
    const started = performance.now();
    expect(refusalOf(() => inlineImports('s/0.wxss', (p) => files[p]))).toMatchObject({
      rule: 'wxss_import_too_deep',
      file: 's/16.wxss',
      line: 1,
    });
    // With depth allowed, the repeat cap stops it: the leaf is inlined a 9th time from s/16.
    const deepOk = new BuildBudget({ ...defaultBuildLimits, maxImportDepth: 100 });
    expect(refusalOf(() => inlineImports('s/0.wxss', (p) => files[p], deepOk))).toMatchObject({
      rule: 'wxss_import_repeated',
      file: 's/16.wxss',
    });
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('refuses a shallow doubling chain by repeats', () => {
    const files = doublingChain(10);
    expect(refusalOf(() => inlineImports('s/0.wxss', (p) => files[p]))).toMatchObject({
      rule: 'wxss_import_repeated',
      file: 's/9.wxss',
      line: 1,
    });
  });

  it('accepts a diamond: one file imported through two others', () => {
    const files: Record<string, string> = {
      'a.wxss': '@import "b.wxss"; @import "c.wxss"; .a{}',
      'b.wxss': '@import "common.wxss"; .b{}',
      'c.wxss': '@import "common.wxss"; .c{}',
      'common.wxss': '.common{}',
    };
    const css = inlineImports('a.wxss', (p) => files[p]).css;
    expect(css.match(/\.common\{\}/g)).toHaveLength(2);
  });

  it('refuses imports nested deeper than the limit', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 20; i++) files[`d/${i}.wxss`] = `/* level\n ${i} */\n@import "./${i + 1}.wxss";`;
    files['d/20.wxss'] = '.x{}';
    expect(refusalOf(() => inlineImports('d/0.wxss', (p) => files[p]))).toMatchObject({
      rule: 'wxss_import_too_deep',
      file: 'd/16.wxss',
      line: 3,
    });
    // 16 levels are fine.
    expect(inlineImports('d/4.wxss', (p) => files[p]).css).toContain('.x{}');
  });

  it('refuses once the bytes inlined across the package pass the style budget', () => {
    const big = `.b{color:red}${' '.repeat(1000)}`;
    const files: Record<string, string> = { 'big.wxss': big };
    for (let i = 0; i < 10; i++) files[`p${i}.wxss`] = '@import "big.wxss";';
    const budget = new BuildBudget({ ...defaultBuildLimits, maxStyleBytes: 5000 });
    for (let i = 0; i < 4; i++) inlineImports(`p${i}.wxss`, (p) => files[p], budget);
    expect(refusalOf(() => inlineImports('p4.wxss', (p) => files[p], budget))).toMatchObject({
      rule: 'build_too_large',
      file: 'p4.wxss',
      line: 1,
    });
  });

  it('refuses more imports across the package than the limit', () => {
    const files: Record<string, string> = { 'x.wxss': '.x{}' };
    const budget = new BuildBudget({ ...defaultBuildLimits, maxImports: 3 });
    files['a.wxss'] = '@import "x.wxss";\n@import "x.wxss";';
    inlineImports('a.wxss', (p) => files[p], budget);
    expect(refusalOf(() => inlineImports('a.wxss', (p) => files[p], budget))).toMatchObject({
      rule: 'wxss_too_many_imports',
      file: 'a.wxss',
      line: 2,
    });
  });
});
