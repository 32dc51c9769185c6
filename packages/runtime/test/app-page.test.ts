import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byId, fixtureFiles, type Harness, openMiniProgram, startHarness } from './harness.ts';

let harness: Harness;
let packageBase: string;

beforeAll(async () => {
  harness = await startHarness();
  ({ packageBase } = await harness.publish('app-page', await fixtureFiles('app-page')));
});
afterAll(() => harness?.close());

describe('app and page model', () => {
  it('runs App and Page lifecycles in WeChat order and renders the first page', async () => {
    const { frame, route, page } = await openMiniProgram(harness, packageBase, {
      launch: { path: 'pages/index/index', query: { a: '1' }, scene: 1001 },
    });
    expect(route).toBe('pages/index/index');
    await expect.poll(() => frame.textContent(byId('title'))).toBe('你好，Wharf');
    expect(await frame.textContent(byId('query'))).toBe('{"a":"1"}');
    expect(await frame.textContent(byId('events'))).toBe(
      'app.onLaunch,app.onShow:1001,index.onLoad,index.onShow',
    );
    expect(await frame.textContent('.wx-navigation-title')).toBe('首页标题');
    await page.close();
  });

  it('applies setData key paths and calls the callback after the update', async () => {
    const { frame, page } = await openMiniProgram(harness, packageBase);
    await frame.click(byId('set-paths'));
    await expect.poll(() => frame.textContent(byId('nested'))).toBe('小红 / B! / 1');
    await expect.poll(() => frame.textContent(byId('callback'))).toBe('callback:B!');
    await page.close();
  });

  it('navigates with a query, keeps a 10-page stack, goes back, redirects and relaunches', async () => {
    const { frame, page } = await openMiniProgram(harness, packageBase);
    await frame.click(byId('go-detail'));
    await expect.poll(() => frame.textContent(byId('detail-query'))).toBe('id=42 from=index');
    expect(await frame.textContent(byId('stack'))).toBe('pages/index/index>pages/detail/detail');
    expect(await frame.textContent('.wx-navigation-title')).toBe('详情');
    for (let depth = 3; depth <= 10; depth++) {
      await frame.click(byId('push'));
      await expect.poll(() => frame.textContent(byId('depth'))).toBe(String(depth));
    }
    await frame.click(byId('push'));
    await expect
      .poll(() => frame.textContent(byId('error')))
      .toBe('navigateTo:fail webview count limit exceed');
    await frame.click(byId('back'));
    await expect.poll(() => frame.textContent(byId('depth'))).toBe('9');
    await frame.click('.wx-navigation-back');
    await expect.poll(() => frame.textContent(byId('depth'))).toBe('8');
    await frame.click(byId('redirect'));
    await expect.poll(() => frame.textContent(byId('detail-query'))).toBe('id=redirected from=');
    expect(await frame.locator('.wx-page-host').count()).toBe(8);
    await frame.click(byId('relaunch'));
    await expect.poll(() => frame.textContent(byId('tab2'))).toBe('第二个标签页 1');
    expect(await frame.locator('.wx-page-host').count()).toBe(1);
    await page.close();
  });

  it('switches tabs, keeps tab pages alive and refuses navigateTo a tab page', async () => {
    const { frame, page } = await openMiniProgram(harness, packageBase);
    expect(await frame.isVisible('.wx-tab-bar')).toBe(true);
    await frame.click('.wx-tab-bar-item[data-route="pages/tab2/tab2"]');
    await expect.poll(() => frame.textContent(byId('tab2'))).toBe('第二个标签页 1');
    await frame.click('.wx-tab-bar-item[data-route="pages/index/index"]');
    await frame.click('.wx-tab-bar-item[data-route="pages/tab2/tab2"]');
    await expect.poll(() => frame.textContent(byId('tab2'))).toBe('第二个标签页 2');
    await frame.click(byId('to-tab-fail'));
    await expect
      .poll(() => frame.textContent(byId('tab-error')))
      .toBe('navigateTo:fail can not navigateTo a tabbar page');
    await page.close();
  });

  it('answers the host: share from the menu, back at the first page, hide and show', async () => {
    const { frame, page } = await openMiniProgram(harness, packageBase);
    const share = await page.evaluate(() =>
      (window as never as { __handle: { requestShare(): Promise<unknown> } }).__handle.requestShare(),
    );
    expect(share).toEqual({
      title: '分享首页',
      path: 'pages/index/index?shared=1',
      imageUrl: '',
      withShareTicket: false,
      from: 'menu',
    });
    const back = await page.evaluate(() =>
      (window as never as { __handle: { navigateBack(): Promise<boolean> } }).__handle.navigateBack(),
    );
    expect(back).toBe(false);
    await page.evaluate(() => {
      const h = (window as never as { __handle: { hide(): void; show(o: unknown): void } }).__handle;
      h.hide();
      h.show({ scene: 1038, referrerInfo: { appId: 'wxother', extraData: { ok: 1 } } });
    });
    await expect
      .poll(() => frame.textContent(byId('events')))
      .toContain('index.onHide,app.onHide,app.onShow:1038,index.onShow');
    await page.close();
  });
});
