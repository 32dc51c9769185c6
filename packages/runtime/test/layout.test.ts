/**
 * WeChat's layout nodes in Chromium: match-media, root-portal (and, in the same fixture,
 * page-meta / navigation-bar, page-container and the Skyline layout containers).
 */
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byId, fixtureFiles, type Harness, openMiniProgram, startHarness } from './harness.ts';

let harness: Harness;
let packageBase: string;
let page: Page | undefined;

beforeAll(async () => {
  harness = await startHarness();
  ({ packageBase } = await harness.publish('layout', await fixtureFiles('layout')));
});
afterAll(() => harness?.close());

/** Opens `route` in the one host page, replacing what was mounted before. */
async function open(route: string): Promise<Frame> {
  const opened = await openMiniProgram(harness, packageBase, {
    launch: { scene: 1001, path: route },
    ...(page ? { page, replace: true } : {}),
  });
  page = opened.page;
  return opened.frame;
}

const shown = (frame: Frame, id: string) =>
  frame.$eval(byId(id), (e) => (e as HTMLElement).getBoundingClientRect().height > 0);
const setHostWidth = (width: number, height = 667) =>
  page!.evaluate(
    ([w, h]) => {
      const app = document.getElementById('app')!;
      app.style.width = `${w}px`;
      app.style.height = `${h}px`;
    },
    [width, height],
  );

describe('match-media', () => {
  it('shows its children only while the window matches, and follows a resize', async () => {
    const frame = await open('pages/media/media');
    const state = async () => ({
      narrow: await shown(frame, 'narrow-child'),
      wide: await shown(frame, 'wide-child'),
      tall: await shown(frame, 'tall-child'),
      landscape: await shown(frame, 'landscape-child'),
      exact: await shown(frame, 'exact-child'),
    });
    // 375 × 667: narrow, tall and portrait, exactly 375 wide.
    expect(await state()).toEqual({ narrow: true, wide: false, tall: true, landscape: false, exact: true });

    await setHostWidth(700, 400);
    await expect
      .poll(state)
      .toEqual({ narrow: false, wide: true, tall: false, landscape: true, exact: false });

    // A condition bound to data follows setData.
    await setHostWidth(500, 667);
    await expect.poll(() => shown(frame, 'exact-child')).toBe(false);
    await frame.click(byId('to-500'));
    await expect.poll(() => shown(frame, 'exact-child')).toBe(true);
    await setHostWidth(375, 667);
    await expect
      .poll(state)
      .toEqual({ narrow: true, wide: false, tall: true, landscape: false, exact: false });
  });
});

describe('root-portal', () => {
  it('draws its subtree over the page, outside a clipping ancestor, with the owner’s styles, and lets taps through elsewhere', async () => {
    const frame = await open('pages/portal/portal');
    const topAt = (x: number, y: number) =>
      frame.evaluate(([px, py]) => document.elementFromPoint(px!, py!)?.closest('[id]')?.id ?? '', [x, y]);
    // Top 100px in the layer that starts below the 44px navigation bar; the clip is 40px high.
    await expect.poll(() => topAt(80, 174)).toBe('ported');
    const box = await frame.$eval(byId('ported'), (e) => {
      const r = e.getBoundingClientRect();
      return { top: r.top, left: r.left, color: getComputedStyle(e).color };
    });
    expect(box).toEqual({ top: 144, left: 20, color: 'rgb(200, 0, 0)' });
    // Over `.below` (z-index 50 in the page), and taps reach the portal's child…
    await page!.mouse.click(80, 174);
    await expect.poll(() => frame.textContent(byId('log'))).toBe('ported;');
    // …while the rest of the layer lets them through to the page.
    await page!.mouse.click(300, 174);
    await expect.poll(() => frame.textContent(byId('log'))).toBe('ported;below;');

    // enable=false: back in the flow, clipped by its ancestor.
    await frame.click(byId('toggle'));
    await expect.poll(() => topAt(80, 174)).toBe('below');
    await frame.click(byId('toggle'));
    await expect.poll(() => topAt(80, 174)).toBe('ported');

    // Another page over this one hides it with its page.
    await frame.click(byId('next'));
    await expect.poll(() => topAt(80, 174)).not.toBe('ported');
    await expect
      .poll(() => frame.evaluate(() => document.querySelector('[id="ported"]')?.checkVisibility()))
      .toBe(false);
  });
});

describe('page-meta and navigation-bar', () => {
  it('set the page’s navigation bar, background, root and page styles, scroll it and report scroll and resize', async () => {
    const frame = await open('pages/meta/meta');
    const bar = () =>
      frame.evaluate(() => {
        const bar = document.querySelector('.wx-navigation-bar') as HTMLElement;
        return {
          title: bar.querySelector('.wx-navigation-title')?.textContent,
          loading: !(bar.querySelector('.wx-navigation-loading') as HTMLElement).hidden,
          background: getComputedStyle(bar).backgroundColor,
          color: getComputedStyle(bar).color,
        };
      });
    const root = () =>
      frame.evaluate(() => ({
        html: getComputedStyle(document.documentElement).backgroundColor,
        htmlFont: getComputedStyle(document.documentElement).fontSize,
        body: getComputedStyle(document.body).backgroundColor,
        textStyle: document.body.dataset.wxBackgroundText,
      }));
    expect(await bar()).toEqual({
      title: 'meta title',
      loading: true,
      background: 'rgb(255, 0, 0)',
      color: 'rgb(0, 0, 0)',
    });
    expect(await root()).toEqual({
      html: 'rgb(64, 80, 96)',
      htmlFont: '10px',
      body: 'rgb(16, 32, 48)',
      textStyle: 'light',
    });
    // page-style and page-font-size on the page node; rem follows root-font-size.
    expect(
      await frame.$eval(byId('text'), (e) => [getComputedStyle(e).color, getComputedStyle(e).fontSize]),
    ).toEqual(['rgb(1, 2, 3)', '20px']);
    expect(await frame.$eval(byId('rem'), (e) => e.getBoundingClientRect().width)).toBe(20);

    // Bound attributes follow setData; the colour animates to its new value.
    await frame.click(byId('retitle'));
    await expect
      .poll(() => frame.$eval('.wx-navigation-bar', (e) => (e as HTMLElement).style.transition))
      .toBe('background-color 2000ms ease-in, color 2000ms ease-in');
    const midway = await bar();
    expect(midway.background).not.toBe('rgb(0, 255, 0)');
    await expect.poll(bar, { timeout: 5000 }).toEqual({
      title: 'again',
      loading: false,
      background: 'rgb(0, 255, 0)',
      color: 'rgb(0, 0, 0)',
    });
    await expect.poll(() => frame.$eval(byId('rem'), (e) => e.getBoundingClientRect().width)).toBe(40);

    // scroll-top in rpx (600rpx = 300px at 375 wide) over scroll-duration, with scroll events, then scrolldone.
    await frame.click(byId('scroll'));
    await expect.poll(() => frame.textContent(byId('log'))).toBe('done at 300;');
    expect(await frame.evaluate(() => window.scrollY)).toBe(300);

    await setHostWidth(500);
    await expect.poll(() => frame.textContent(byId('log'))).toBe('done at 300;resize 500;');
    await setHostWidth(375);

    // Another page has its own bar and root; coming back restores this page's.
    await frame.click(byId('next'));
    await expect.poll(async () => (await bar()).title).toBe('layout');
    expect(await root()).toEqual({
      html: 'rgba(0, 0, 0, 0)',
      htmlFont: '16px',
      body: 'rgb(255, 255, 255)',
      textStyle: 'dark',
    });
    await page!.evaluate(() =>
      (window as unknown as { __handle: { navigateBack(): Promise<boolean> } }).__handle.navigateBack(),
    );
    await expect.poll(async () => (await bar()).title).toBe('again');
    expect((await root()).htmlFont).toBe('20px');
  });
});

describe('Skyline layout containers in the webview', () => {
  it('lays out grid-view aligned and masonry, list-view padding, and sticky headers with stickontopchange', async () => {
    const frame = await open('pages/skyline/skyline');
    const box = (id: string, within: string) =>
      frame.$eval(
        byId(id),
        (e, parentId) => {
          const p = document
            .querySelector(`.wx-page-host:not([hidden]) [id="${parentId}"]`)!
            .getBoundingClientRect();
          const r = e.getBoundingClientRect();
          return [r.left - p.left, r.top - p.top, r.width, r.height];
        },
        within,
      );
    // aligned: 3 columns of (300 - 10 - 2 × 10) / 3 = 90 inside 5px padding; rows as high as their highest item, 20 apart.
    expect(await box('a0', 'aligned')).toEqual([5, 5, 90, 40]);
    expect(await box('a2', 'aligned')).toEqual([205, 5, 90, 30]);
    expect((await box('a3', 'aligned')).slice(0, 2)).toEqual([5, 5 + 60 + 20]);
    // max-cross-axis-extent 120 over 300px: ceil(300 / 120) = 3 columns of 100.
    expect(await box('e2', 'extent')).toEqual([200, 0, 100, 10]);
    expect((await box('e3', 'extent')).slice(0, 2)).toEqual([0, 10]);
    // masonry: each item in the shortest column (100 wide, 10 apart).
    expect(await box('m0', 'masonry')).toEqual([0, 0, 100, 100]);
    expect(await box('m1', 'masonry')).toEqual([110, 0, 100, 50]);
    expect(await box('m2', 'masonry')).toEqual([110, 60, 100, 30]);
    expect(await box('m3', 'masonry')).toEqual([110, 100, 100, 60]);
    expect(await frame.$eval(byId('masonry'), (e) => e.getBoundingClientRect().height)).toBe(160);
    await frame.click(byId('more'));
    await expect.poll(() => box('m4', 'masonry')).toEqual([0, 110, 100, 20]);

    expect(await frame.$eval(byId('list-one'), (e) => getComputedStyle(e).paddingLeft)).toBe('8px');
    // Scrolled by 100: the first header sticks 4px below the scroll-view's top.
    await frame.$eval(byId('scroller'), (e) => e.scrollTo(0, 100));
    await expect.poll(() => box('header-one', 'scroller')).toEqual([0, 4, 375, 30]);
    await expect.poll(() => frame.textContent(byId('log'))).toBe('one:true;');
    // Past its section, the next header pushes it away and sticks itself.
    await frame.$eval(byId('scroller'), (e) => e.scrollTo(0, 400));
    await expect.poll(() => frame.textContent(byId('log'))).toBe('one:true;one:false;two:true;');
    expect(await box('header-two', 'scroller')).toEqual([0, 4, 375, 30]);
    await frame.$eval(byId('scroller'), (e) => e.scrollTo(0, 0));
    await expect.poll(() => frame.textContent(byId('log'))).toBe('one:true;one:false;two:true;two:false;');
  });
});
