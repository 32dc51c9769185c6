/**
 * A published component library, unchanged: @vant/weapp's `lib/` copied into
 * `miniprogram_npm/@vant/weapp`, as the WeChat devtools' "build npm" does.
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
  const published = await harness.publish('vant', await fixtureWithLibrary('vant', '@vant/weapp', 'lib'));
  diagnostics = published.diagnostics;
  ({ page, frame } = await openMiniProgram(harness, published.packageBase));
});
afterAll(() => harness?.close());

const logs = () => page.evaluate(() => (window as never as { __logs: unknown[] }).__logs);

describe('@vant/weapp from miniprogram_npm', () => {
  it('builds the whole library without diagnostics and renders its components', async () => {
    expect(diagnostics).toEqual([]);
    expect(await frame.textContent(`${byId('nick-cell')} .van-cell__title`)).toBe('昵称');
    expect(await frame.textContent(`${byId('nick-cell')} .van-cell__value`)).toBe('小明');
    expect((await frame.textContent('.van-cell-group__title'))?.trim()).toBe('账户');
    expect(await frame.textContent('van-tag')).toBe('标签');
    // Component styles are scoped: the scoped class carries Vant's own rule (padding from cell's WXSS).
    const padding = await frame.$eval(
      `${byId('nick-cell')} .van-cell`,
      (el) => getComputedStyle(el).paddingLeft,
    );
    expect(padding).toBe('16px');
    expect(await logs()).toEqual([]);
  });

  it("sizes van-switch through Vant's add-unit.wxs: a numeric size becomes px (WXS keeps '\\d' in getRegExp)", async () => {
    const fontSize = (id: string) =>
      frame.$eval(`${byId(id)} .van-switch`, (el) => [
        el.getAttribute('style'),
        getComputedStyle(el).fontSize,
      ]);
    expect(await fontSize('sized-switch')).toEqual([expect.stringMatching(/font-size: ?30px/), '30px']);
    // A size with a unit passes through unchanged (2em of the 16px body font).
    expect(await fontSize('em-switch')).toEqual([expect.stringMatching(/font-size: ?2em/), '32px']);
  });

  it('fires bind:click from van-cell and van-button taps', async () => {
    await frame.click(byId('link-cell'));
    await expect.poll(() => frame.textContent(byId('result'))).toBe('cell clicked 1');
  });

  it('types into van-field, toggles van-checkbox in a group and van-switch, and submits', async () => {
    await frame.click(`${byId('name-field')} input`);
    await frame.type(`${byId('name-field')} input`, '李雷');
    await frame.click(`${byId('pear')} .van-checkbox__label`);
    await frame.click(`${byId('apple')} .van-checkbox__icon-wrap`);
    await frame.click(`${byId('switch')} .van-switch`);
    await frame.click(`${byId('submit')} wx-button`);
    await expect
      .poll(async () => JSON.parse((await frame.textContent(byId('result'))) || '{}'))
      .toEqual({ name: '李雷', fruits: ['pear'], on: true });
    expect(await frame.getAttribute(`${byId('pear')} .van-checkbox__icon`, 'class')).toContain(
      'van-checkbox__icon--checked',
    );
    expect(await logs()).toEqual([]);
  });
});
