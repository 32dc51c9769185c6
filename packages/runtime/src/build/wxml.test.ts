import { describe, expect, it } from 'vitest';
import { BuildRefusedError } from './limits.ts';
import { compileTemplates, moveSlotFallback, templateDepth } from './wxml.ts';

const compile = (source: string) => compileTemplates(new Map([['c/c', source]]), new Map(), (_f, s) => s);

describe('compileTemplates', () => {
  it('moves children of <slot> (fallback content), which glass-easel rejects, beside the slot and compiles', () => {
    const result = compile(
      '<view class="a"><slot name="loading"><t-loading/></slot></view><view>{{x}}</view>' +
        '<button>\n  <slot name="b">\n    <view>{{ y > 1 }}</view>\n  </slot>\n</button>',
    );
    expect(result.errors).toEqual(new Map());
    expect(result.templates.get('c/c')).toBeTruthy();
    expect(result.slotFallbacks).toEqual(new Set(['c/c']));
  });

  it('still reports other template errors', () => {
    expect(compile('<view>\n  {{ x + }}\n</view>').errors.get('c/c')).toMatchObject({ line: 2 });
  });

  it('moves exactly the slot body, counting nested slots, behind a condition on the slot being empty', () => {
    const source = '<view><slot name="a"><slot name="b"/><slot name="c"></slot><view/></slot><text/></view>';
    const at = source.indexOf('<slot name="b"');
    const error = {
      isError: true,
      level: 'error',
      message: 'child nodes are not allowed for this element',
      path: 'c/c',
      startLine: 0,
      startColumn: at,
    };
    expect(moveSlotFallback(source, error)).toBe(
      `<view><slot name="a"></slot><block wx:if="{{!__wxSlotFilled['a']}}"><slot name="b"/><slot name="c"></slot><view/></block><text/></view>`,
    );
    // A bound slot name cannot pick its fallback at build time: the fallback is dropped.
    const bound = '<slot name="{{n}}"><view/></slot>';
    expect(moveSlotFallback(bound, { ...error, startColumn: bound.indexOf('<view') })).toBe(
      '<slot name="{{n}}"></slot>',
    );
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

describe('template depth', () => {
  it('counts open elements, not self-closed ones, nor tags inside comments, expressions, quotes or <wxs>', () => {
    expect(templateDepth('<view><view/><text>a</text></view>').depth).toBe(2);
    expect(
      templateDepth(
        '<view wx:if="{{a > b}}" data-x=\'<view>\'>{{ c < d ? "<view>" : e }}<!-- <view><view> -->' +
          '<wxs module="m">var x = "<view>"; module.exports = x < 1;</wxs><input/></view>',
      ).depth,
    ).toBe(1);
    expect(templateDepth('<view>\n<view>\n  <view></view></view></view>')).toEqual({ depth: 3, line: 3 });
  });

  it('refuses nesting past the limit before the compiler sees it, naming the file and line', () => {
    const deep = `<view>\n${'<view>'.repeat(200)}${'</view>'.repeat(200)}\n</view>`;
    expect(refusalOf(() => compile(deep))).toMatchObject({
      rule: 'wxml_too_deep',
      file: 'c/c.wxml',
      line: 2,
    });
    // Unclosed tags nest too (the compiler overflows on those as well).
    expect(refusalOf(() => compile('<view>'.repeat(1000)))).toMatchObject({ rule: 'wxml_too_deep' });
  });

  it('accepts nesting up to the limit', () => {
    const result = compile(`${'<view>'.repeat(100)}{{x}}${'</view>'.repeat(100)}`);
    expect(result.errors).toEqual(new Map());
  });
});

describe('a compiler failure', () => {
  it('refuses the package naming the file, and the next build compiles normally', () => {
    // Shallow but long: a 3000-step member chain overflows the wasm stack ("memory access out of bounds").
    const crash = `<view>\n{{ a${'.b'.repeat(3000)} }}</view>`;
    const refusal = refusalOf(() => compile(crash));
    expect(refusal).toMatchObject({ rule: 'wxml_compiler_failed', file: 'c/c.wxml' });
    expect(refusal.message).toContain('(memory access out of bounds)');
    const next = compile('<view wx:for="{{items}}">{{item}}</view>');
    expect(next.errors).toEqual(new Map());
    expect(next.templates.get('c/c')).toBeTruthy();
  });
});
