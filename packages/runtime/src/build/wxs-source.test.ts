import { describe, expect, it } from 'vitest';
import { rewriteInlineWxs, rewriteWxsSource, WXS_CTOR_GLOBAL } from './wxs-source.ts';

/** Evaluates a rewritten WXS expression as the frame would run it. */
const evaluate = (wxs: string): unknown => new Function(`return (${rewriteWxsSource(wxs)});`)();

describe('WXS string literals', () => {
  it("keeps the backslash of an escape with no meaning, as WeChat does ('\\d' is two characters)", () => {
    expect(evaluate(String.raw`'\d'`)).toBe('\\d');
    expect(evaluate(String.raw`"^-?\d+(\.\d+)?$"`)).toBe('^-?\\d+(\\.\\d+)?$');
    expect(evaluate(String.raw`'\s\w\1\/'`)).toBe('\\s\\w\\1\\/');
  });

  it('keeps the meaning of the escapes JavaScript defines', () => {
    expect(evaluate(String.raw`'a\nb\tc\\d\'e\"f\x41\u0042\0'`)).toBe('a\nb\tc\\d\'e"fAB\0');
    expect(evaluate(String.raw`"it\'s \"quoted\""`)).toBe('it\'s "quoted"');
  });

  it("runs Vant's add-unit pattern: numbers get px, other values stay", () => {
    const source = String.raw`(function () { var REGEXP = new RegExp('^-?\d+(\.\d+)?$'); return function (v) { return REGEXP.test('' + v) ? v + 'px' : v; }; })()`;
    const addUnit = evaluate(source) as (v: unknown) => unknown;
    expect(addUnit(30)).toBe('30px');
    expect(addUnit('30')).toBe('30px');
    expect(addUnit('1.5')).toBe('1.5px');
    expect(addUnit('2em')).toBe('2em');
  });

  it('leaves comments alone and rewrites .constructor only in code', () => {
    const out = rewriteWxsSource(String.raw`// a \d comment
var t = x.constructor; /* \d */ var s = 'a.constructor\d';`);
    expect(out).toBe(String.raw`// a \d comment
var t = x[${WXS_CTOR_GLOBAL}]; /* \d */ var s = 'a.constructor\\d';`);
  });

  it('rewrites inline <wxs> bodies only', () => {
    expect(rewriteInlineWxs(String.raw`<view>'\d'</view><wxs module="m">module.exports = '\d';</wxs>`)).toBe(
      String.raw`<view>'\d'</view><wxs module="m">module.exports = '\\d';</wxs>`,
    );
  });
});
