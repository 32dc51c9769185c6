/** `<picker-view>`: columns scrolled with the mouse wheel in Chromium snap to an item and report every column's index. */
import type { Frame } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byId, fixtureFiles, type Harness, openMiniProgram, startHarness } from './harness.ts';

let harness: Harness;
let frame: Frame;
let page: import('playwright-core').Page;

beforeAll(async () => {
  harness = await startHarness();
  const { packageBase } = await harness.publish('picker-view', await fixtureFiles('picker-view'));
  page = await harness.browser.newPage({ viewport: { width: 375, height: 667 }, hasTouch: true });
  await page.goto(`${harness.hostOrigin}/host.html`);
  await page.waitForFunction(() => (window as unknown as { __hostReady?: boolean }).__hostReady === true);
  ({ frame } = await openMiniProgram(harness, packageBase, { page }));
});
afterAll(() => harness?.close());

const log = async () => JSON.parse((await frame.textContent(byId('log'))) || '[]') as unknown[];
/** The item at the centre line of a column: its index by scroll position, and its text. */
const centred = (column: string) =>
  frame.$eval(byId(column), (c) => {
    const element = c as HTMLElement;
    const index = Math.round(element.scrollTop / 50);
    return [index, element.children[index]?.textContent];
  });

describe('picker-view', () => {
  it('opens at value, snaps a wheeled column to an item and sends change with every index, then follows value from setData without an event', async () => {
    await expect.poll(() => centred('years')).toEqual([2, '2022年']);
    expect(await centred('months')).toEqual([5, '6月']);
    // The indicator sits on the centre line, 50 px high.
    const [picker, indicator] = await frame.$eval(byId('picker'), (p) => {
      const box = p.getBoundingClientRect();
      const line = p.querySelector('.wxb--picker-view-indicator')!.getBoundingClientRect();
      return [box.top + box.height / 2, [line.top + line.height / 2, line.height]];
    });
    expect(indicator).toEqual([picker, 50]);

    const months = (await (await frame.$(byId('months')))!.boundingBox())!;
    await page.mouse.move(months.x + months.width / 2, months.y + months.height / 2);
    await page.mouse.wheel(0, 140);
    await expect.poll(log, { timeout: 5000 }).toContainEqual({ change: [2, 8] });
    expect(await centred('months')).toEqual([8, '9月']);
    expect((await log())[0]).toBe('pickstart');
    // Without immediate-change, change waits for the column to settle: it follows pickend.
    const entries = await log();
    expect(entries.indexOf('pickend')).toBeGreaterThan(0);
    expect(entries.indexOf('pickend')).toBeLessThan(entries.findIndex((e) => typeof e === 'object'));

    await frame.click(byId('reset'));
    await expect.poll(() => centred('years')).toEqual([0, '2020年']);
    expect(await centred('months')).toEqual([0, '1月']);
    await new Promise((r) => setTimeout(r, 300));
    expect((await log()).filter((e) => typeof e === 'object')).toEqual([{ change: [2, 8] }]);
  });

  it('applies indicator-class and mask-class from the page’s WXSS to the indicator and the mask', async () => {
    const indicator = `${byId('picker')} .wxb--picker-view-indicator`;
    expect(await frame.$eval(indicator, (el) => getComputedStyle(el).borderTopColor)).toBe('rgb(255, 0, 0)');
    expect(await frame.$eval(indicator, (el) => getComputedStyle(el).borderTopWidth)).toBe('2px');
    expect(
      await frame.$eval(`${byId('picker')} .wxb--picker-view-mask`, (el) => getComputedStyle(el).opacity),
    ).toBe('0.5');
  });

  it('with immediate-change sends change as the finger lifts, before the column settles', async () => {
    const column = (await (await frame.$(byId('quick-months')))!.boundingBox())!;
    const x = column.x + column.width / 2;
    const y = column.y + column.height / 2;
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
    // Up by 2.4 items: the nearest one is the third below the first.
    for (let i = 1; i <= 6; i++)
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y: y - i * 20 }] });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    const quick = async () => JSON.parse((await frame.textContent(byId('quick-log'))) || '[]') as unknown[];
    await expect.poll(quick, { timeout: 5000 }).toContain('pickend');
    expect(await quick()).toEqual(['pickstart', { change: [2] }, 'pickend']);
    expect(await centred('quick-months')).toEqual([2, '3月']);
  });
});
