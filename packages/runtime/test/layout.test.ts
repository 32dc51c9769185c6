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
