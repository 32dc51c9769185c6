/** onShareTimeline: what the client's 分享到朋友圈 menu item gets from the page (handle.requestShareTimeline). */
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byId, fixtureFiles, type Harness, openMiniProgram, startHarness } from './harness.ts';

let harness: Harness;
let page: Page;
let frame: Frame;

beforeAll(async () => {
  harness = await startHarness();
  const { packageBase } = await harness.publish('share-timeline', await fixtureFiles('share-timeline'));
  ({ page, frame } = await openMiniProgram(harness, packageBase, {
    launch: { path: 'pages/a/a', query: { q: '1' }, scene: 1001 },
  }));
});
afterAll(() => harness?.close());

const timeline = () =>
  page.evaluate(() =>
    (
      window as never as { __handle: { requestShareTimeline(): Promise<unknown> } }
    ).__handle.requestShareTimeline(),
  );

describe('onShareTimeline', () => {
  it("gives the page's timeline content, follows hideShareMenu / showShareMenu menus, and is null for a page without onShareTimeline", async () => {
    expect(await timeline()).toEqual({
      title: '分享到朋友圈',
      route: 'pages/a/a',
      query: 'id=7&from=timeline',
      imageUrl: '/cover.png',
    });
    await frame.click(byId('hide'));
    await expect.poll(timeline).toBeNull();
    // 发送给朋友 stays while only the timeline item is hidden.
    expect(
      await page.evaluate(() =>
        (
          window as never as { __handle: { requestShare(): Promise<{ title: string } | null> } }
        ).__handle.requestShare(),
      ),
    ).toMatchObject({ title: 'to a friend' });
    await frame.click(byId('show'));
    await expect.poll(timeline).not.toBeNull();
    await frame.click(byId('to-b'));
    await expect.poll(() => frame.textContent(byId('name'))).toBe('b');
    expect(await timeline()).toBeNull();
  });
});
