import { describe, expect, it } from 'vitest';
import { Animation } from './animation.ts';

describe('wx.createAnimation', () => {
  it("exports WeChat's step data and starts over after export", () => {
    const a = new Animation({ duration: 0, timingFunction: 'ease-in-out' });
    a.height(120).top(0).step({ duration: 300 });
    a.height('auto').rotate(45).step();
    expect(a.export()).toEqual({
      actions: [
        {
          animates: [
            { type: 'style', args: ['height', 120] },
            { type: 'style', args: ['top', 0] },
          ],
          option: {
            transition: { duration: 300, timingFunction: 'ease-in-out', delay: 0 },
            transformOrigin: '50% 50% 0',
          },
        },
        {
          animates: [
            { type: 'style', args: ['height', 'auto'] },
            { type: 'rotate', args: [45] },
          ],
          option: {
            transition: { duration: 0, timingFunction: 'ease-in-out', delay: 0 },
            transformOrigin: '50% 50% 0',
          },
        },
      ],
    });
    expect(a.export()).toEqual({ actions: [] });
  });
});
