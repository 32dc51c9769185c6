import { describe, expect, it } from 'vitest';
import { compileTemplates, dropSlotChildren } from './wxml.ts';

const compile = (source: string) => compileTemplates(new Map([['c/c', source]]), new Map(), (_f, s) => s);

describe('compileTemplates', () => {
  it('drops children of <slot> (fallback content), which glass-easel rejects, and compiles the rest', () => {
    const result = compile(
      '<view class="a"><slot name="loading"><t-loading/></slot></view><view>{{x}}</view>' +
        '<button>\n  <slot name="b">\n    <view>{{ y > 1 }}</view>\n  </slot>\n</button>',
    );
    expect(result.errors).toEqual(new Map());
    expect(result.templates.get('c/c')).toBeTruthy();
  });

  it('still reports other template errors', () => {
    expect(compile('<view>\n  {{ x + }}\n</view>').errors.get('c/c')).toMatchObject({ line: 2 });
  });

  it('cuts exactly the slot body, counting nested slots', () => {
    const source = '<view><slot name="a"><slot name="b"/><slot name="c"></slot><view/></slot><text/></view>';
    const at = source.indexOf('<slot name="b"');
    expect(
      dropSlotChildren(source, {
        isError: true,
        level: 'error',
        message: 'child nodes are not allowed for this element',
        path: 'c/c',
        startLine: 0,
        startColumn: at,
      }),
    ).toBe('<view><slot name="a"></slot><text/></view>');
  });
});
