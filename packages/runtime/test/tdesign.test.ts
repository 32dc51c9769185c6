/**
 * A published component library, unchanged: tdesign-miniprogram's `miniprogram_dist/` copied
 * into `miniprogram_npm/tdesign-miniprogram`, as the WeChat devtools' "build npm" does.
 */
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byId, fixtureWithLibrary, type Harness, openMiniProgram, startHarness } from './harness.ts';

let harness: Harness;
let page: Page;
let frame: Frame;
let diagnostics: unknown[];

beforeAll(async () => {
  harness = await startHarness();
  const published = await harness.publish(
    'tdesign',
    await fixtureWithLibrary('tdesign', 'tdesign-miniprogram', 'miniprogram_dist'),
  );
  diagnostics = published.diagnostics;
  ({ page, frame } = await openMiniProgram(harness, published.packageBase));
});
afterAll(() => harness?.close());

const logs = () => page.evaluate(() => (window as never as { __logs: unknown[] }).__logs);
const events = async () => JSON.parse((await frame.textContent(byId('events'))) || '[]');

/** TDesign components are virtual hosts; the page's `class` reaches their root node (external class `class`). */
const inPage = (selector: string): string => `.wx-page-host:not([hidden]) ${selector}`;

describe('tdesign-miniprogram from miniprogram_npm', () => {
  it('builds the library and renders its components', async () => {
    expect(diagnostics).toEqual([]);
    expect(await frame.textContent(inPage('.nick-cell .t-cell__title-text'))).toBe('昵称');
    expect(await frame.textContent(inPage('.nick-cell .t-cell__note'))).toBe('小明');
    expect((await frame.textContent(inPage('.t-cell-group__title')))?.trim()).toBe('账户');
    expect(await frame.textContent(inPage('.tag .t-tag__text'))).toBe('标签');
    // t-navbar lays itself out around wx.getMenuButtonBoundingClientRect (the capsule's place).
    expect(await frame.textContent(inPage('.navbar .t-navbar__center'))).toContain('TDesign 页面');
    expect(await frame.textContent(inPage('.submit'))).toContain('提交');
    // virtualHost: no <t-cell> node; the cell's root is a direct child of the group's root.
    expect(await frame.$$(inPage('t-cell'))).toHaveLength(0);
    expect(await frame.$$(inPage('.t-cell-group > .t-cell'))).toHaveLength(2);
    // relations: the checkbox group pushed its value to its children.
    expect(await frame.getAttribute(inPage('.apple'), 'class')).toContain('t-checkbox--checked');
    expect(await frame.getAttribute(inPage('.pear'), 'class')).not.toContain('t-checkbox--checked');
    // Component styles apply (cell's WXSS through the scoped class): 32rpx = 16px at 375px.
    const padding = await frame.$eval(inPage('.nick-cell'), (el) => getComputedStyle(el).paddingLeft);
    expect(padding).toBe('16px');
    expect(await logs()).toEqual([]);
  });

  it('fires click from t-cell', async () => {
    await frame.click(inPage('.link-cell'));
    await expect.poll(events).toEqual([{ type: 'cell', detail: 1 }]);
  });

  it('types into t-input, toggles t-checkbox in a group and t-switch, and submits', async () => {
    await frame.click(inPage('.name-input input'));
    await frame.type(inPage('.name-input input'), '李雷');
    await frame.click(inPage('.pear .t-checkbox__title'));
    await frame.click(inPage('.apple .t-checkbox__icon'));
    await frame.click(inPage('.switch .t-switch__body'));
    await frame.click(inPage('.submit'));
    await expect
      .poll(async () => (await events()).slice(1))
      .toEqual([
        { type: 'input', detail: { value: '李', cursor: 1, keyCode: 0 } },
        { type: 'input', detail: { value: '李雷', cursor: 2, keyCode: 0 } },
        { type: 'fruits', detail: ['apple', 'pear'] },
        { type: 'fruits', detail: ['pear'] },
        { type: 'switch', detail: { value: true } },
        {
          type: 'submit',
          detail: { tap: 'tap', detailType: 'tap', name: '李雷', fruits: ['pear'], on: true },
        },
      ]);
    expect(await frame.getAttribute(inPage('.pear'), 'class')).toContain('t-checkbox--checked');
    expect(await frame.getAttribute(inPage('.apple'), 'class')).not.toContain('t-checkbox--checked');
    expect(await frame.getAttribute(inPage('.switch .t-switch__body'), 'class')).toContain(
      't-switch__body--checked',
    );
    expect(await logs()).toEqual([]);
  });

  it('switches t-tabs and opens a t-collapse panel', async () => {
    await frame.click(inPage('.tabs .t-tabs__item:nth-of-type(2)'));
    await expect.poll(() => frame.textContent(byId('tab-value'))).toBe('b');
    await frame.click(inPage('.more-panel .t-collapse-panel__header'));
    await expect
      .poll(async () => (await events()).slice(7))
      .toEqual([
        { type: 'tab', detail: { value: 'b', label: '第二' } },
        { type: 'collapse', detail: { value: ['more'] } },
      ]);
    // The panel opens through wx.createAnimation → `animation` attribute (height 0 → measured → auto).
    const body = inPage('.more-panel .t-collapse-panel__wrapper');
    await expect.poll(() => frame.$eval(body, (el) => el.getBoundingClientRect().height)).toBeGreaterThan(20);
    await expect.poll(() => frame.$eval(body, (el) => (el as HTMLElement).style.height)).toBe('auto');
    expect(await frame.textContent(body)).toBe('折叠内容');
    // The tab track moved under the second tab (its offset comes from createSelectorQuery rects).
    expect(await frame.getAttribute(inPage('.tabs .t-tabs__track'), 'style')).toMatch(/translateX\([1-9]/);
    expect(await logs()).toEqual([]);
  });

  it('runs t-swipe-cell: WXS change:prop observers and touch handlers move the cell through ownerInstance', async () => {
    const wrapper = inPage('.swipe [id="wrapper"]');
    const offset = () => frame.$eval(wrapper, (el) => new DOMMatrix(getComputedStyle(el).transform).m41);
    // opened=true: the WXS observer reads the widths measured in `ready` and opens the right actions.
    await expect.poll(offset).toBeLessThan(-60);
    await frame.click(inPage('.swipe .delete-action'));
    await expect
      .poll(async () => (await events()).at(-1))
      .toEqual({ type: 'swipe', detail: { text: '删除', className: 'delete-action' } });
    // The tap closes it (change:opened); a drag to the left (WXS bind:touchstart/touchmove/touchend) opens it.
    await expect.poll(offset).toBe(0);
    const cell = inPage('.swipe .t-cell');
    const box = (await frame.$eval(cell, (el) => {
      const r = el.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    })) as { x: number; y: number };
    const touch = (type: string, x: number) =>
      frame.$eval(
        cell,
        (el, { type, x, y }) => {
          const t = new Touch({ identifier: 1, target: el, clientX: x, clientY: y, pageX: x, pageY: y });
          const list = type === 'touchend' ? [] : [t];
          el.dispatchEvent(
            new TouchEvent(type, { bubbles: true, composed: true, touches: list, changedTouches: [t] }),
          );
        },
        { type, x, y: box.y },
      );
    await touch('touchstart', box.x);
    await touch('touchmove', box.x - 30);
    await touch('touchmove', box.x - 90);
    await touch('touchend', box.x - 90);
    await expect.poll(offset).toBeLessThan(-60);
    expect(await logs()).toEqual([]);
  });
});
