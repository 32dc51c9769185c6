/**
 * A published component library, unchanged: wux-weapp 3.11, whose package.json names its
 * published folder `packages/lib` in the `miniprogram` field. The fixture declares it in its
 * package.json `dependencies` and `buildMiniprogramNpm` builds `miniprogram_npm/` from
 * node_modules, as WeChat's "build npm" does.
 */
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byId, fixtureWithNpm, type Harness, openMiniProgram, startHarness } from './harness.ts';

let harness: Harness;
let page: Page;
let frame: Frame;
let diagnostics: unknown[];
let files: Map<string, Uint8Array>;

beforeAll(async () => {
  harness = await startHarness();
  files = await fixtureWithNpm('wux');
  const published = await harness.publish('wux', files);
  diagnostics = published.diagnostics;
  ({ page, frame } = await openMiniProgram(harness, published.packageBase));
});
afterAll(() => harness?.close());

const logs = () => page.evaluate(() => (window as never as { __logs: unknown[] }).__logs);
const events = async () => JSON.parse((await frame.textContent(byId('events'))) || '[]');
const lastEvent = async () => (await events()).at(-1);

describe('wux-weapp from its miniprogram folder', () => {
  it('builds miniprogram_npm from the miniprogram field and renders a list of cells', async () => {
    expect(diagnostics).toEqual([]);
    // packages/lib/cell/index.wxml became miniprogram_npm/wux-weapp/cell/index.wxml.
    expect(files.has('miniprogram_npm/wux-weapp/cell/index.wxml')).toBe(true);
    expect([...files.keys()].some((p) => p.includes('/packages/lib/'))).toBe(false);
    expect(await frame.textContent(`${byId('plain-cell')} .wux-cell__text`)).toBe('昵称');
    expect(await frame.textContent(`${byId('plain-cell')} .wux-cell__ft`)).toBe('小明');
    // wux-cell is a <button> with `width: auto !important`: it stretches across the page as on WeChat.
    const width = await frame.$eval(
      `${byId('plain-cell')} .wux-cell`,
      (el) => el.getBoundingClientRect().width,
    );
    expect(width).toBe(375);
    // Its ::after reset removes the button's hairline border.
    expect(
      await frame.$eval(
        `${byId('plain-cell')} .wux-cell`,
        (el) => getComputedStyle(el, '::after').borderTopStyle,
      ),
    ).toBe('none');
    expect(await logs()).toEqual([]);
  });

  it('validates the form, then takes typing, a checkbox and a switch and submits their values', async () => {
    await frame.click(byId('submit'));
    await expect.poll(lastEvent).toEqual({ type: 'submit', detail: { errors: ['name'] } });
    await frame.click(`${byId('name-input')} input`);
    await frame.type(`${byId('name-input')} input`, '李雷');
    await frame.click(`${byId('pear')} .wux-cell__text`);
    await frame.click(`${byId('switch')} .wux-switch__input`);
    await frame.click(byId('submit'));
    await expect
      .poll(lastEvent)
      .toEqual({ type: 'submit', detail: { name: '李雷', fruits: ['apple', 'pear'], on: true } });
    expect(await frame.getAttribute(`${byId('switch')} .wux-switch__input`, 'class')).toContain(
      'wux-switch__input--checked',
    );
  });

  it('opens a $wuxDialog confirm and runs onConfirm when its button is tapped', async () => {
    await frame.click(byId('confirm-button'));
    const dialog = '.wux-dialog__button';
    await expect
      .poll(async () => (await frame.locator(dialog).allTextContents()).map((t) => t.trim()))
      .toEqual(['取消', '删除']);
    await frame.click(`${dialog} >> text=删除`);
    await expect.poll(lastEvent).toEqual({ type: 'dialog', detail: 'confirm' });
  });

  it('opens a wux-popup from a cell tap and closes it from its footer', async () => {
    await frame.click(byId('link-cell'));
    await expect.poll(lastEvent).toEqual({ type: 'popup', detail: 'open' });
    await expect.poll(() => frame.isVisible(byId('popup-ok'))).toBe(true);
    expect(await frame.textContent('.wux-popup__bd')).toContain('弹出层内容');
    await frame.click(byId('popup-ok'));
    await expect.poll(lastEvent).toEqual({ type: 'popup', detail: 'closed' });
  });

  it('picks a province and a city in the cascading wux-picker and confirms', async () => {
    await frame.click(byId('picker-cell'));
    const selected = async () =>
      (await frame.locator('.wux-picker-col__item--selected').allTextContents()).map((t) => t.trim());
    await expect.poll(selected).toEqual(['浙江', '杭州']);
    await frame.click('.wux-picker-col__item >> text=广东');
    // The city column follows once the province column has scrolled to its choice.
    await expect.poll(selected).toEqual(['广东', '广州']);
    await frame.click('.wux-picker-col__item >> text=深圳');
    await expect.poll(selected).toEqual(['广东', '深圳']);
    await frame.click('.wux-popup-picker__button--confirm');
    await expect
      .poll(lastEvent)
      .toEqual({ type: 'picker', detail: { value: ['gd', 'sz'], label: '广东,深圳' } });
    await expect.poll(() => frame.textContent(`${byId('picker-cell')} .wux-cell__ft`)).toBe('广东,深圳');
    expect(await logs()).toEqual([]);
  });
});
