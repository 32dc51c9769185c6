/**
 * What the window tells a mini program: tab taps (`onTabItemTap`), size changes (`wx.onWindowResize`,
 * `onResize`, `pageLifetimes.resize`) and the theme (`wx.onThemeChange`); and the smaller wx
 * APIs beside them: getSystemInfoAsync, hideKeyboard, wx.createIntersectionObserver,
 * getRealtimeLogManager.
 */
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byId, fixtureFiles, type Harness, openMiniProgram, startHarness } from './harness.ts';

let harness: Harness;
let page: Page;
let frame: Frame;

beforeAll(async () => {
  harness = await startHarness();
  const { packageBase, diagnostics } = await harness.publish(
    'window-events',
    await fixtureFiles('window-events'),
  );
  expect(diagnostics).toEqual([]);
  ({ page, frame } = await openMiniProgram(harness, packageBase));
});
afterAll(() => harness?.close());

const log = async () =>
  JSON.parse((await frame.textContent(byId('log'))) || '[]') as Array<Record<string, unknown>>;
const entries = async (key: string) => (await log()).filter((entry) => key in entry);
const tab = (route: string) => frame.click(`.wx-tab-bar-item[data-route="${route}"]`);

describe('window events', () => {
  it('calls onTabItemTap with index, pagePath and text on the tab page tapped, also when it is already open', async () => {
    await tab('pages/home/home');
    await expect
      .poll(() => entries('tab'))
      .toEqual([{ tab: { index: '0', pagePath: 'pages/home/home', text: '首页' } }]);
    await tab('pages/mine/mine');
    await expect
      .poll(() => entries('tab'))
      .toEqual([{ tab: { index: '1', pagePath: 'pages/mine/mine', text: '我的' } }]);
    await tab('pages/home/home');
    await expect.poll(async () => (await entries('tab')).length).toBe(2);
    expect((await entries('tab'))[1]).toEqual({
      tab: { index: '0', pagePath: 'pages/home/home', text: '首页' },
    });
  });

  it('tells wx.onWindowResize, the page’s onResize and pageLifetimes.resize the new window size', async () => {
    await page.evaluate(() => {
      document.getElementById('app')!.style.width = '500px';
    });
    const size = { windowWidth: 500, windowHeight: 667 };
    await expect.poll(() => entries('resize')).toEqual([{ resize: size }]);
    expect(await entries('windowResize')).toEqual([{ windowResize: size }]);
    expect(await frame.textContent(byId('sizer-width'))).toBe('500');
    await page.evaluate(() => {
      document.getElementById('app')!.style.width = '375px';
    });
    await expect
      .poll(async () => (await entries('resize')).at(-1))
      .toEqual({ resize: { ...size, windowWidth: 375 } });
  });

  it('tells wx.onThemeChange listeners when the system theme changes, until they are removed', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => entries('theme')).toEqual([{ theme: 'dark' }]);
    await page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(() => entries('theme')).toEqual([{ theme: 'dark' }, { theme: 'light' }]);
    await frame.click(byId('stop-theme'));
    await page.emulateMedia({ colorScheme: 'dark' });
    // A later entry shows the page went on logging while the theme change was not reported.
    await frame.click(byId('system-async'));
    await expect.poll(() => entries('async')).toHaveLength(1);
    expect(await entries('theme')).toEqual([{ theme: 'dark' }, { theme: 'light' }]);
  });

  it('answers getSystemInfoAsync, hides the keyboard, observes intersections and sends realtime logs to the host', async () => {
    expect(await entries('async')).toEqual([{ async: ['getSystemInfoAsync:ok', 375, 'string'] }]);

    await frame.focus(`${byId('typing')}`);
    expect(await frame.evaluate(() => document.activeElement?.tagName)).toBe('INPUT');
    await frame.click(byId('hide-keyboard'));
    await expect.poll(() => entries('keyboard')).toEqual([{ keyboard: 'hideKeyboard:ok' }]);
    expect(await frame.evaluate(() => document.activeElement?.tagName)).not.toBe('INPUT');

    await frame.click(byId('observe'));
    await expect.poll(() => entries('far')).toEqual([{ far: false }]);
    await frame.evaluate(() => document.querySelector('[id="far"]')!.scrollIntoView());
    await expect.poll(() => entries('far')).toEqual([{ far: false }, { far: true }]);

    await frame.evaluate(() => window.scrollTo(0, 0));
    await frame.click(byId('realtime-log'));
    await expect
      .poll(() =>
        page.evaluate(() =>
          (window as never as { __logs: Array<{ level: string; message: string }> }).__logs.at(-1),
        ),
      )
      .toMatchObject({ level: 'warn', message: '实时日志 {"n":2}' });
  });
});
