import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byId, fixtureFiles, type Harness, openMiniProgram, startHarness } from './harness.ts';

let harness: Harness;
let packageBase: string;
let page: Page;
let frame: Frame;

const out = async () =>
  JSON.parse((await frame.textContent(byId('out'))) || 'null') as Record<string, unknown>;
const run = async (action: string) => {
  await frame.click(byId('clear'));
  await expect.poll(() => frame.textContent(byId('out'))).toBe('');
  await frame.click(byId(action));
  await expect.poll(() => frame.textContent(byId('out'))).not.toBe('');
  return out();
};
const calls = () =>
  page.evaluate(
    () => (window as never as { __calls: Array<{ name: string; ctx: unknown; request: unknown }> }).__calls,
  );

beforeAll(async () => {
  harness = await startHarness();
  ({ packageBase } = await harness.publish('wx-api', await fixtureFiles('wx-api')));
  ({ page, frame } = await openMiniProgram(harness, packageBase, {
    appid: 'wxapi',
    launch: { scene: 1001, query: { api: encodeURIComponent(harness.runtimeOrigin) } },
    requestDomains: [harness.runtimeOrigin],
  }));
});
afterAll(() => harness?.close());

describe('wx API', () => {
  it('stores values per app and user, keeping their types, with a 10 MB cap', async () => {
    expect(await run('storage')).toEqual({ profile: { name: '小明', tags: ['a'] }, isDate: true, after: '' });
    expect(await run('storageAsync')).toEqual({ data: 7, errMsg: 'getStorage:ok' });
    expect(await run('storageMissing')).toEqual({ errMsg: 'getStorage:fail data not found' });
    expect(await run('storageTooBig')).toEqual({ errMsg: 'setStorage:fail exceed storage max size 10Mb' });
    expect(await run('storageInfo')).toEqual({ keys: ['n', 'profile'], limitSize: 10240 });
    const saved = await page.evaluate(() =>
      (
        window as never as { __storage: { load(a: string, u: string): Record<string, string> } }
      ).__storage.load('wxapi', 'user-1'),
    );
    expect(Object.keys(saved).sort()).toEqual(['n', 'profile']);
    const otherUser = await page.evaluate(() =>
      (
        window as never as { __storage: { load(a: string, u: string): Record<string, string> } }
      ).__storage.load('wxapi', 'user-2'),
    );
    expect(otherUser).toEqual({});
  });

  it('clears storage, in the frame and on the host', async () => {
    expect(await run('storageClear')).toEqual({ keys: [] });
    await expect
      .poll(() =>
        page.evaluate(() =>
          (
            window as never as { __storage: { load(a: string, u: string): Record<string, string> } }
          ).__storage.load('wxapi', 'user-1'),
        ),
      )
      .toEqual({});
  });

  it('sends requests only to configured domains, as WeChat does', async () => {
    const get = await run('requestAllowed');
    expect(get).toMatchObject({
      statusCode: 200,
      errMsg: 'request:ok',
      data: { method: 'GET', query: { page: '2', q: '茶' } },
    });
    const post = await run('requestPost');
    expect(post).toMatchObject({ statusCode: 200, data: { method: 'POST', body: '{"name":"新"}' } });
    expect(await run('requestRefused')).toEqual({ errMsg: 'request:fail url not in domain list' });
    expect(harness.apiRequests.some((r) => r.url.includes('steal'))).toBe(false);
  });

  it('asks the host for login, user info (with consent), scanning and subscriptions', async () => {
    expect(await run('login')).toEqual({ code: 'code-for-user-1', errMsg: 'login:ok' });
    expect(await run('userInfo')).toMatchObject({
      errMsg: 'getUserInfo:ok',
      userInfo: { nickName: '测试用户' },
    });
    await page.evaluate(() => {
      (window as never as { __answers: { consent: boolean } }).__answers.consent = false;
    });
    expect(await run('userInfo')).toEqual({ errMsg: 'getUserInfo:fail auth deny' });
    expect(await run('userProfile')).toEqual({ errMsg: 'getUserProfile:fail auth deny' });
    await page.evaluate(() => {
      (window as never as { __answers: { consent: boolean } }).__answers.consent = true;
    });
    expect(await run('userProfile')).toMatchObject({
      errMsg: 'getUserProfile:ok',
      userInfo: { nickName: '测试用户' },
    });
    expect((await calls()).filter((c) => c.name === 'getUserInfo').at(-1)?.request).toEqual({
      desc: '用于展示头像',
      lang: 'en',
      api: 'getUserProfile',
    });
    expect(await run('scan')).toMatchObject({
      errMsg: 'scanCode:ok',
      result: 'https://example.com/q?id=7',
      scanType: 'QR_CODE',
    });
    expect(await run('subscribe')).toEqual({
      errMsg: 'requestSubscribeMessage:ok',
      'tmpl-1': 'accept',
      'tmpl-2': 'accept',
    });
    expect(await run('toMini')).toEqual({ errMsg: 'navigateToMiniProgram:ok' });
    expect(await run('backMini')).toEqual({ errMsg: 'navigateBackMiniProgram:ok' });
    expect(await run('shareInfo')).toEqual({
      encryptedData: 'enc-none',
      iv: 'iv',
      errMsg: 'getShareInfo:ok',
    });
    const recorded = await calls();
    expect(recorded.find((c) => c.name === 'navigateToMiniProgram')).toEqual({
      name: 'navigateToMiniProgram',
      ctx: { appid: 'wxapi', userId: 'user-1' },
      request: {
        appId: 'wxother',
        path: 'pages/x/x?y=1',
        extraData: { from: 'fixture' },
        envVersion: 'release',
      },
    });
    expect(recorded.find((c) => c.name === 'navigateBackMiniProgram')?.request).toEqual({
      extraData: { answer: 42 },
    });
  });

  it('asks the host whether the login session is still valid; without the service it says so', async () => {
    expect(await run('checkSession')).toEqual({ errMsg: 'checkSession:ok' });
    await page.evaluate(() => {
      (window as never as { __answers: { session: boolean } }).__answers.session = false;
    });
    expect(await run('checkSession')).toEqual({ errMsg: 'checkSession:fail session expired' });
    expect((await calls()).filter((c) => c.name === 'checkSession')).toHaveLength(2);
    // A client without the service: the API fails as every missing service does, not `:ok`.
    const bare = await harness.browser.newPage();
    await bare.goto(`${harness.hostOrigin}/host.html`);
    await bare.evaluate(() => {
      (window as never as { __omitServices: string[] }).__omitServices = ['checkSession'];
    });
    const opened = await openMiniProgram(harness, packageBase, { page: bare, appid: 'wxapi' });
    await opened.frame.click(byId('checkSession'));
    await expect
      .poll(() => opened.frame.textContent(byId('out')))
      .toBe(JSON.stringify({ errMsg: 'wx.checkSession:fail not supported' }));
    await bare.close();
  });

  it('shows toast, modal, action sheet and loading, and reports the choice', async () => {
    await frame.click(byId('toast'));
    await expect.poll(() => frame.textContent('.wx-toast-title')).toBe('已保存');
    await frame.evaluate(() => document.querySelector('.wx-toast')?.remove());
    await frame.click(byId('clear'));
    await frame.click(byId('modal'));
    expect(await frame.textContent('.wx-modal-content')).toBe('删除这条记录？');
    await frame.click('.wx-modal-confirm');
    await expect.poll(out).toEqual({ confirm: true, cancel: false, errMsg: 'showModal:ok' });
    await frame.click(byId('actionSheet'));
    await frame.click('.wx-sheet-item >> text=相册');
    await expect.poll(out).toEqual({ tapIndex: 1, errMsg: 'showActionSheet:ok' });
    await frame.click(byId('actionSheet'));
    await frame.click('.wx-sheet-cancel');
    await expect.poll(out).toEqual({ errMsg: 'showActionSheet:fail cancel' });
    expect(await run('loading')).toEqual({ errMsg: 'hideLoading:ok' });
    // hideToast removes a toast that would otherwise stay for a minute.
    expect(await run('toastThenHide')).toEqual({ errMsg: 'hideToast:ok' });
    expect(await frame.locator('.wx-toast').count()).toBe(0);
    // An editable modal returns what the user typed.
    await frame.click(byId('clear'));
    await frame.click(byId('modalEditable'));
    expect(await frame.inputValue('.wx-modal-input')).toBe('旧名');
    expect(await frame.getAttribute('.wx-modal-input', 'placeholder')).toBe('新名字');
    await frame.fill('.wx-modal-input', '新名');
    await frame.click('.wx-modal-confirm');
    await expect.poll(out).toEqual({ confirm: true, cancel: false, content: '新名', errMsg: 'showModal:ok' });
    expect(await run('title')).toEqual({ errMsg: 'setNavigationBarTitle:ok' });
    expect(await frame.textContent('.wx-navigation-title')).toBe('新标题');
  });

  it('reports the version the host opened in getAccountInfoSync (release by default)', async () => {
    expect(await run('account')).toEqual({
      miniProgram: { appId: 'wxapi', envVersion: 'release', version: '' },
    });
    for (const envVersion of ['trial', 'develop'] as const) {
      const opened = await openMiniProgram(harness, packageBase, { appid: 'wxapi', envVersion });
      await opened.frame.click(byId('account'));
      await expect
        .poll(async () => JSON.parse((await opened.frame.textContent(byId('out'))) || 'null'))
        .toEqual({ miniProgram: { appId: 'wxapi', envVersion, version: '' } });
      await opened.page.close();
    }
  });

  it('reports the network type from navigator.onLine and navigator.connection, and its changes', async () => {
    // Headless Chromium on Linux exposes no connection type: WeChat's `unknown`, not a made-up `wifi`.
    expect(await run('network')).toEqual({ networkType: 'unknown', errMsg: 'getNetworkType:ok' });
    await run('watchNetwork');
    await page.context().setOffline(true);
    await expect.poll(out).toEqual([{ isConnected: false, networkType: 'none' }]);
    await page.context().setOffline(false);
    await expect.poll(out).toEqual([
      { isConnected: false, networkType: 'none' },
      { isConnected: true, networkType: 'unknown' },
    ]);
    for (const [type, effectiveType, expected] of [
      ['wifi', '4g', 'wifi'],
      ['cellular', '3g', '3g'],
      ['cellular', 'slow-2g', '2g'],
    ] as const) {
      const cellular = await harness.browser.newPage();
      await cellular.addInitScript(
        ([t, e]) =>
          Object.defineProperty(Navigator.prototype, 'connection', {
            get: () => Object.assign(new EventTarget(), { type: t, effectiveType: e }),
          }),
        [type, effectiveType],
      );
      await cellular.goto(`${harness.hostOrigin}/host.html`);
      const opened = await openMiniProgram(harness, packageBase, { page: cellular, appid: 'wxapi' });
      await opened.frame.click(byId('network'));
      await expect
        .poll(async () => JSON.parse((await opened.frame.textContent(byId('out'))) || 'null'))
        .toEqual({ networkType: expected, errMsg: 'getNetworkType:ok' });
      await cellular.close();
    }
  });

  it('answers window, device, app-base and menu-button queries; runs nextTick', async () => {
    expect(await run('moreSystem')).toEqual({
      windowWidth: 375,
      windowHeight: 667,
      brand: 'wharf',
      platform: 'devtools',
      SDKVersion: '3.3.4',
      language: 'zh_CN',
      // WeChat's capsule: 87×32, 7px from the right edge, centred in the 44px bar.
      menu: { width: 87, height: 32, top: 6, bottom: 38, left: 281, right: 368 },
    });
  });

  it('shows the navigation bar loading, hides and shows the share menu, and sends logs to the host', async () => {
    expect(await frame.isVisible('.wx-navigation-loading')).toBe(false);
    expect(await run('navLoading')).toEqual({ errMsg: 'showNavigationBarLoading:ok' });
    expect(await frame.isVisible('.wx-navigation-loading')).toBe(true);
    expect(await run('hideNavLoading')).toEqual({ errMsg: 'hideNavigationBarLoading:ok' });
    expect(await frame.isVisible('.wx-navigation-loading')).toBe(false);
    const requestShare = () =>
      page.evaluate(() =>
        (window as never as { __handle: { requestShare(): Promise<unknown> } }).__handle.requestShare(),
      );
    expect(await requestShare()).toMatchObject({ title: '接口页', withShareTicket: false });
    expect(await run('hideShare')).toEqual({ errMsg: 'hideShareMenu:ok' });
    expect(await requestShare()).toBeNull();
    expect(await run('showShare')).toEqual({ errMsg: 'showShareMenu:ok' });
    expect(await requestShare()).toMatchObject({ title: '接口页', withShareTicket: true });
    expect(await run('updateShare')).toEqual({ errMsg: 'updateShareMenu:ok' });
    expect(await requestShare()).toMatchObject({ title: '接口页', withShareTicket: false });
    await run('logs');
    await expect
      .poll(() =>
        page.evaluate(() =>
          (window as never as { __logs: Array<{ level: string; message: string }> }).__logs.slice(-2),
        ),
      )
      .toEqual([
        { appid: 'wxapi', level: 'warn', message: '注意 {"n":1}' },
        { appid: 'wxapi', level: 'info', message: 'reportAnalytics buy {"price":3}' },
      ]);
  });

  it('tells wx.onAppShow / onAppHide / onError listeners, until they are removed', async () => {
    await run('appListeners');
    const handle = () =>
      page.evaluate(() => {
        const h = (window as never as { __handle: { hide(): void; show(o: unknown): void } }).__handle;
        h.hide();
        h.show({ scene: 1089 });
      });
    await handle();
    await frame.click(byId('throwLater'));
    await expect.poll(() => run('listened')).toEqual({ show: [1089], hide: 1, error: ['Error: 后来出错'] });
    await frame.click(byId('appListenersOff'));
    await handle();
    await frame.click(byId('throwLater'));
    await frame.waitForTimeout(100);
    expect(await run('listened')).toEqual({ show: [1089], hide: 1, error: ['Error: 后来出错'] });
  });

  it('says plainly that no update is ever ready while running', async () => {
    expect(await run('update')).toEqual({
      hasUpdate: false,
      ready: false,
      apply: 'applyUpdate:fail update not ready',
    });
  });

  it('fails unsupported APIs loudly with WeChat errMsg form', async () => {
    expect(await run('systemInfo')).toEqual({
      windowWidth: 375,
      SDKVersion: '3.3.4',
      canIUse: true,
      cannot: false,
    });
    expect(await run('unsupported')).toEqual({ errMsg: 'wx.getLocation:fail not supported' });
    expect(await run('unsupportedSync')).toEqual({ message: 'wx.createMapContext:fail not supported' });
  });
});

const SCENES: Array<{
  scene: number;
  query?: Record<string, string>;
  shareTicket?: string;
  referrerInfo?: { appId: string; extraData?: Record<string, unknown> };
}> = [
  { scene: 1001 },
  { scene: 1007, query: { from: 'chat' } },
  { scene: 1008, query: { from: 'group' } },
  { scene: 1044, shareTicket: 'ticket-abc' },
  {
    scene: 1011,
    query: { q: encodeURIComponent('https://shop.example.com/p?id=9'), scancode_time: '1700000000' },
  },
  {
    scene: 1012,
    query: { q: encodeURIComponent('https://shop.example.com/p?id=9'), scancode_time: '1700000001' },
  },
  {
    scene: 1013,
    query: { q: encodeURIComponent('https://shop.example.com/p?id=9'), scancode_time: '1700000002' },
  },
  { scene: 1047, query: { scene: 'table-3' } },
  { scene: 1048, query: { scene: 'table-4' } },
  { scene: 1049, query: { scene: 'table-5' } },
  { scene: 1014, query: { msg: '1' } },
  { scene: 1107, query: { msg: '2' } },
  { scene: 1017 },
  { scene: 1020 },
  { scene: 1024 },
  { scene: 1035, query: { menu: 'buy' } },
  { scene: 1036, query: { app: 'ios' } },
  { scene: 1037, referrerInfo: { appId: 'wxcaller', extraData: { coupon: 'X1' } } },
  { scene: 1038, referrerInfo: { appId: 'wxreturned', extraData: { paid: true } } },
  { scene: 1043, query: { order: '77' } },
  { scene: 1058 },
  { scene: 1074, query: { card: '1' } },
  { scene: 1082, query: { link: '1' } },
];

describe('launch options', () => {
  it.each(SCENES)(
    'passes scene $scene to getLaunchOptionsSync, getEnterOptionsSync and App.onLaunch',
    async (launch) => {
      const opened = await openMiniProgram(harness, packageBase, {
        page,
        replace: true,
        launch: { path: 'pages/index/index', ...launch },
      });
      const expected = {
        path: 'pages/index/index',
        query: launch.query ?? {},
        scene: launch.scene,
        ...(launch.shareTicket ? { shareTicket: launch.shareTicket } : {}),
        ...(launch.referrerInfo ? { referrerInfo: launch.referrerInfo } : {}),
      };
      await expect
        .poll(async () => JSON.parse((await opened.frame.textContent(byId('launch'))) || 'null'))
        .toEqual(expected);
      expect(JSON.parse((await opened.frame.textContent(byId('enter'))) || 'null')).toEqual(expected);
      expect(JSON.parse((await opened.frame.textContent(byId('app-launch'))) || 'null')).toEqual(expected);
      frame = opened.frame;
    },
  );

  it('updates enter options and App.onShow when the host returns with scene 1038', async () => {
    await page.evaluate(() =>
      (window as never as { __handle: { show(o: unknown): void } }).__handle.show({
        scene: 1038,
        path: 'pages/index/index',
        referrerInfo: { appId: 'wxother', extraData: { answer: 42 } },
      }),
    );
    const shown = await run('refreshEnter');
    expect(shown).toEqual({
      path: 'pages/index/index',
      query: {},
      scene: 1038,
      referrerInfo: { appId: 'wxother', extraData: { answer: 42 } },
    });
    expect(JSON.parse((await frame.textContent(byId('enter'))) || 'null')).toEqual(shown);
    // Launch options keep describing the cold start; only the enter options follow onShow.
    expect(JSON.parse((await frame.textContent(byId('launch'))) || 'null')).toMatchObject({ scene: 1082 });
  });
});
