/**
 * The page model beyond onLoad/onShow/onHide: entryPagePath, onPageNotFound, onReady,
 * onUnload, onPageScroll, onReachBottom, onPullDownRefresh, pages built with Component(),
 * component pageLifetimes, wx.switchTab, pageScrollTo, setNavigationBarColor, show/hideTabBar
 * and `navigationStyle: custom`.
 */
import type { Frame } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byId, fixtureFiles, type Harness, openMiniProgram, startHarness } from './harness.ts';

let harness: Harness;
let packageBase: string;

beforeAll(async () => {
  harness = await startHarness();
  ({ packageBase } = await harness.publish('page-model', await fixtureFiles('page-model')));
});
afterAll(() => harness?.close());

type FrameGlobals = {
  __wharf: { runtime: { appInstance: { globalData: { events: string[]; notFound: unknown } } } };
};
const globalData = (frame: Frame) =>
  frame.evaluate(() => (globalThis as never as FrameGlobals).__wharf.runtime.appInstance.globalData);
const seen = new WeakMap<Frame, number>();
/** Lifecycle events since the last `settle` (safe to poll: reading does not consume them). */
const takeEvents = async (frame: Frame) => {
  const events = (await globalData(frame)).events;
  return events.slice(seen.get(frame) ?? 0);
};
const settle = async (frame: Frame) => {
  seen.set(frame, (await globalData(frame)).events.length);
};
/** Polls until the events since the last settle are `expected`, then settles. */
const expectEvents = async (frame: Frame, expected: string[]) => {
  await expect.poll(() => takeEvents(frame)).toEqual(expected);
  await settle(frame);
};
const visibleName = (frame: Frame) => frame.textContent(byId('name'));

describe('page model', () => {
  it('opens entryPagePath (not pages[0]) and runs onLoad, onShow, then onReady', async () => {
    const { frame, route, page } = await openMiniProgram(harness, packageBase);
    expect(route).toBe('pages/home/home');
    await expectEvents(frame, ['home.onLoad', 'home.onShow', 'home.onReady']);
    expect((await globalData(frame)).notFound).toBeNull();
    await page.close();
  });

  it('calls App.onPageNotFound for a missing launch page and opens the entry page', async () => {
    const { frame, route, page } = await openMiniProgram(harness, packageBase, {
      launch: { path: 'pages/missing/missing', query: { a: '1' }, scene: 1001 },
    });
    expect(route).toBe('pages/home/home');
    expect((await globalData(frame)).notFound).toEqual({
      path: 'pages/missing/missing',
      query: { a: '1' },
      isEntryPage: true,
    });
    expect(await visibleName(frame)).toBe('home');
    await page.close();
  });

  it('reports page scrolls, reaching the bottom, pull-down refresh and pageScrollTo; unloads on back', async () => {
    const { frame, page } = await openMiniProgram(harness, packageBase);
    await expectEvents(frame, ['home.onLoad', 'home.onShow', 'home.onReady']);
    await frame.click(byId('to-long'));
    await expectEvents(frame, ['home.onHide', 'long.onLoad', 'long.onShow', 'long.onReady']);
    const status = () => frame.textContent(byId('status'));
    await frame.evaluate(() => window.scrollTo(0, 800));
    await expect.poll(status).toBe('top=800 bottoms=0 refreshes=0');
    // Within onReachBottomDistance (100px) of the end: once, until the page scrolls away again.
    await frame.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight - innerHeight - 60));
    await expect.poll(status).toMatch(/bottoms=1/);
    await frame.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await frame.waitForTimeout(100);
    expect(await status()).toMatch(/bottoms=1/);
    await frame.evaluate(() => window.scrollTo(0, 0));
    await frame.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await expect.poll(status).toMatch(/bottoms=2/);
    // pageScrollTo with a selector puts the node's top at the top of the page, just below the 44px bar.
    await frame.click(byId('to-top'));
    await expect.poll(() => frame.evaluate(() => window.scrollY)).toBe(0);
    await frame.click(byId('to-anchor'));
    await expect
      .poll(() => frame.$eval(byId('anchor'), (el) => Math.round(el.getBoundingClientRect().top)))
      .toBe(44);
    expect(await frame.evaluate(() => window.scrollY)).toBeGreaterThan(1000);
    await expect.poll(status).toMatch(/^top=1\d{3} /);
    await frame.click(byId('to-top'));
    await expect.poll(() => frame.evaluate(() => window.scrollY)).toBe(0);
    // startPullDownRefresh: the page hears onPullDownRefresh, the indicator shows until it stops.
    await frame.click(byId('refresh'));
    await expect.poll(status).toMatch(/refreshes=1$/);
    await expect.poll(() => frame.isHidden('.wx-pull-down')).toBe(true);
    await expectEvents(frame, ['long.onReachBottom', 'long.onReachBottom', 'long.onPullDownRefresh']);
    // Dragging down at the top of the page starts it too.
    await page.mouse.move(150, 300);
    await page.mouse.down();
    await page.mouse.move(150, 420, { steps: 5 });
    await page.mouse.up();
    await expectEvents(frame, ['long.onPullDownRefresh']);
    expect(await status()).toMatch(/refreshes=2$/);
    await frame.click('.wx-navigation-back');
    await expectEvents(frame, ['long.onUnload', 'home.onShow']);
    await page.close();
  });

  it('runs a page built with Component(): lifecycles from methods, and child pageLifetimes', async () => {
    const { frame, page } = await openMiniProgram(harness, packageBase);
    await expectEvents(frame, ['home.onLoad', 'home.onShow', 'home.onReady']);
    await frame.click(byId('to-comp'));
    await expectEvents(frame, [
      'home.onHide',
      'comp.onLoad:{"x":"1"}',
      'comp.onShow',
      'probe.show',
      'comp.onReady',
    ]);
    expect(await frame.textContent(byId('query'))).toBe('{"x":"1"}');
    await frame.click(byId('taps'));
    await expect.poll(() => frame.textContent(byId('taps'))).toBe('taps=1');
    await frame.click(byId('go'));
    await expectEvents(frame, ['comp.onHide', 'probe.hide', 'custom.onLoad', 'custom.onShow']);
    await frame.click(byId('back'));
    await expectEvents(frame, ['custom.onUnload', 'comp.onShow', 'probe.show']);
    await frame.click('.wx-navigation-back');
    await expectEvents(frame, ['comp.onUnload', 'home.onShow']);
    await page.close();
  });

  it('navigator open-types redirect, navigate, navigateBack, switchTab and reLaunch, in WeChat order', async () => {
    const { frame, page } = await openMiniProgram(harness, packageBase);
    await expectEvents(frame, ['home.onLoad', 'home.onShow', 'home.onReady']);
    const stack = () =>
      page.evaluate(() => (window as never as { __handle: { stack: string[] } }).__handle.stack);
    await frame.click(byId('to-first'));
    await expectEvents(frame, ['home.onHide', 'first.onLoad', 'first.onShow']);
    await frame.click(byId('nav-redirect'));
    await expectEvents(frame, ['first.onUnload', 'custom.onLoad', 'custom.onShow']);
    expect(await stack()).toEqual(['pages/home/home', 'pages/custom/custom']);
    await frame.click(byId('nav-navigate'));
    await expectEvents(frame, ['custom.onHide', 'custom.onLoad', 'custom.onShow']);
    await frame.click(byId('nav-back'));
    await expectEvents(frame, ['custom.onUnload', 'custom.onShow']);
    await frame.click(byId('nav-tab'));
    await expectEvents(frame, ['custom.onUnload', 'other.onLoad', 'other.onShow']);
    expect(await stack()).toEqual(['pages/other/other']);
    await frame.click(byId('nav-relaunch'));
    // reLaunch closes every page, the kept-alive home tab too.
    await expectEvents(frame, ['other.onUnload', 'home.onUnload', 'first.onLoad', 'first.onShow']);
    expect(await stack()).toEqual(['pages/first/first']);
    expect(await frame.locator('.wx-page-host').count()).toBe(1);
    await page.close();
  });

  it('hides the navigation bar for navigationStyle custom', async () => {
    const { frame, page } = await openMiniProgram(harness, packageBase);
    expect(await frame.isVisible('.wx-navigation-bar')).toBe(true);
    await frame.click(byId('to-custom'));
    await expect.poll(() => visibleName(frame)).toBe('custom');
    expect(await frame.isVisible('.wx-navigation-bar')).toBe(false);
    // The page starts at the very top: no room kept for a bar that is not there.
    expect(await frame.$eval(byId('name'), (el) => el.getBoundingClientRect().top)).toBe(0);
    await frame.click(byId('back'));
    await expect.poll(() => frame.isVisible('.wx-navigation-bar')).toBe(true);
    await page.close();
  });

  it('switchTab keeps tab pages alive, unloads the others, refuses non-tab pages; tab bar and bar colours follow the API', async () => {
    const { frame, page } = await openMiniProgram(harness, packageBase);
    await expectEvents(frame, ['home.onLoad', 'home.onShow', 'home.onReady']);
    await frame.click(byId('switch-plain'));
    await expect
      .poll(() => frame.textContent(byId('switched')))
      .toBe('switchTab:fail can not switch to no-tabBar page');
    await frame.click(byId('switch'));
    await expect.poll(() => visibleName(frame)).toBe('other');
    await expectEvents(frame, ['home.onHide', 'other.onLoad', 'other.onShow']);
    expect(
      await frame.getAttribute('.wx-tab-bar-item[data-route="pages/other/other"]', 'aria-selected'),
    ).toBe('true');
    expect(await frame.textContent('.wx-navigation-title')).toBe('其他');
    // Icons come from the package, the selected one for the current tab; colours from app.json.
    const icon = (route: string) =>
      frame.$eval(`.wx-tab-bar-item[data-route="${route}"] img`, (el) => {
        const img = el as HTMLImageElement;
        return [new URL(img.src).pathname.replace(/^.*\/pkg\/[^/]+\//, ''), img.naturalWidth];
      });
    await expect.poll(() => icon('pages/other/other')).toEqual(['images/other-on.png', 2]);
    expect(await icon('pages/home/home')).toEqual(['images/home.png', 2]);
    expect(
      await frame.$eval(
        '.wx-tab-bar-item[data-route="pages/other/other"]',
        (el) => getComputedStyle(el).color,
      ),
    ).toBe('rgb(7, 193, 96)');
    // `position: top` is drawn at the bottom, like the default.
    expect(await frame.$eval('.wx-tab-bar', (el) => Math.round(el.getBoundingClientRect().bottom))).toBe(667);
    await frame.click(byId('home'));
    await expect.poll(() => visibleName(frame)).toBe('home');
    // Home was kept alive: shown again, not loaded again.
    await expectEvents(frame, ['other.onHide', 'home.onShow']);
    expect(await frame.textContent(byId('switched'))).toBe('switchTab:ok');
    // From a non-tab page, switchTab unloads it.
    await frame.click(byId('to-custom'));
    await expect.poll(() => visibleName(frame)).toBe('custom');
    await frame.click(byId('home'));
    await expect.poll(() => visibleName(frame)).toBe('home');
    await expectEvents(frame, [
      'home.onHide',
      'custom.onLoad',
      'custom.onShow',
      'custom.onUnload',
      'home.onShow',
    ]);
    expect(await frame.locator('.wx-page-host').count()).toBe(2);

    expect(await frame.isVisible('.wx-tab-bar')).toBe(true);
    await frame.click(byId('hide-bar'));
    await expect.poll(() => frame.isVisible('.wx-tab-bar')).toBe(false);
    // Hidden until showTabBar, also on the other tab page.
    await frame.click(byId('switch'));
    await expect.poll(() => visibleName(frame)).toBe('other');
    expect(await frame.isVisible('.wx-tab-bar')).toBe(false);
    await frame.click(byId('home'));
    await expect.poll(() => visibleName(frame)).toBe('home');
    await frame.click(byId('show-bar'));
    await expect.poll(() => frame.isVisible('.wx-tab-bar')).toBe(true);

    const bar = () =>
      frame.$eval('.wx-navigation-bar', (el) => [
        getComputedStyle(el).backgroundColor,
        getComputedStyle(el).color,
      ]);
    expect(await bar()).toEqual(['rgb(255, 255, 255)', 'rgb(0, 0, 0)']);
    await frame.click(byId('color'));
    await expect.poll(bar).toEqual(['rgb(255, 0, 0)', 'rgb(255, 255, 255)']);
    await page.close();
  });
});
