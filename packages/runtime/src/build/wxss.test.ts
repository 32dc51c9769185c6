import { describe, expect, it } from 'vitest';
import { SCOPE_NAME_PLACEHOLDER, SCOPE_PLACEHOLDER } from '../shared/chunk.ts';
import { convertRpx, scopeCss, transformWxss } from './wxss.ts';

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
