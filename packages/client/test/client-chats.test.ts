import { createDecipheriv } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Browser, type BrowserContext, chromium, type FrameLocator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_DIST } from '../../server/src/features/client-app/client-app.routes.ts';
import { ApiClient } from '../../server/test/client.ts';
import { type CodeWorld, codeWorld, releaseVersion } from '../../server/test/code-world.ts';
import { startTestServer, type TestServer } from '../../server/test/harness.ts';
import { mobileApp } from '../../server/test/open-world.ts';
import { PNG_ICON } from '../../server/test/world.ts';
import { poll, SCREENSHOTS, signUpInClient } from './client-world.ts';

/**
 * A mini program that prints its launch and enter options, shares its page with
 * `button open-type="share"` (withShareTicket after `wx.showShareMenu`), and, entered with a
 * shareTicket, logs in and asks `wx.getShareInfo`, printing the code and the sealed open data.
 */
function shareApp(): Record<string, string> {
  return {
    'app.json': JSON.stringify({
      pages: ['pages/index/index'],
      window: { navigationBarTitleText: '分享' },
    }),
    'app.js': 'App({});',
    'pages/index/index.json': '{}',
    'pages/index/index.js': `Page({
      data: { launch: '', enter: '', shareInfo: '', sharePath: '/pages/index/index?id=7' },
      onLoad() { this.setData({ launch: JSON.stringify(wx.getLaunchOptionsSync()) }); },
      onShow() {
        const enter = wx.getEnterOptionsSync();
        this.setData({ enter: JSON.stringify(enter), shareInfo: '' });
        if (!enter.shareTicket) return;
        wx.login({ success: (login) => wx.getShareInfo({
          shareTicket: enter.shareTicket,
          success: (info) => this.setData({ shareInfo: JSON.stringify({ code: login.code, encryptedData: info.encryptedData, iv: info.iv }) }),
          fail: (failure) => this.setData({ shareInfo: 'fail ' + failure.errMsg }),
        }) });
      },
      withTicket() {
        wx.showShareMenu({ withShareTicket: true });
        this.setData({ sharePath: '/pages/index/index?id=8' });
      },
      onShareAppMessage() { return { title: '码头详情', path: this.data.sharePath }; },
    });`,
    'pages/index/index.wxml':
      '<view class="launch">{{launch}}</view><view class="enter">{{enter}}</view><view class="share-info">{{shareInfo}}</view>' +
      '<button class="share" open-type="share">转发</button><button class="ticket" bindtap="withTicket">带 shareTicket</button>',
  };
}

const openData = (sessionKey: string, encryptedData: string, iv: string) => {
  const decipher = createDecipheriv(
    'aes-128-cbc',
    Buffer.from(sessionKey, 'base64'),
    Buffer.from(iv, 'base64'),
  );
  return JSON.parse(
    Buffer.concat([decipher.update(encryptedData, 'base64'), decipher.final()]).toString('utf8'),
  );
};

/**
 * Chats in the client, end to end: a mobile app shares a page into a group (1036, and its
 * webpageUrl fallback), and a mini program shares into the group (1008), with a shareTicket
 * (1044, resolved by wx.getShareInfo) and one-to-one (1007); each card opened by the other member.
 */
describe('chats and share cards in Chromium', { timeout: 120_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let code: CodeWorld;
  let app: { appid: string; secret: string };
  let liContext: BrowserContext;
  let wangContext: BrowserContext;
  let li: Page;
  let wang: Page;
  let groupId: string;
  let directId: string;

  const frame = (page: Page): FrameLocator => page.frameLocator('.mp-overlay:not([hidden]) .mp-phone iframe');
  const shown = (page: Page, selector: string) =>
    frame(page).locator(`.wx-page-host:not([hidden]) ${selector}`);
  const json = async (page: Page, selector: string) => {
    const text = await shown(page, selector).textContent();
    return text ? JSON.parse(text) : undefined;
  };
  const closePanel = async (page: Page) => {
    await page.locator('.mp-overlay:not([hidden])').getByRole('button', { name: '关闭' }).click();
    await poll(() => page.locator('.mp-overlay:not([hidden])').count()).toBe(0);
  };
  /** The mobile app's server posts a share for Li, with its credentials and her Bearer session. */
  const appShare = async (body: Record<string, unknown>) => {
    const signin = await new ApiClient(server.url).post('/api/v1/client/signin', {
      username: 'li_hua',
      password: 'password-123',
    });
    const posted = await new ApiClient(server.url, signin.body.token).request(
      'POST',
      `/api/v1/client/chats/${groupId}/app-shares`,
      {
        userName: code.app.originalId,
        path: 'pages/index/index?id=42&from=app',
        webpageUrl: 'https://www.example.com/detail/42',
        title: 'App 分享的详情',
        description: '码头 App',
        thumbData: PNG_ICON.split(',')[1],
        ...body,
      },
      { 'x-wharf-app-id': app.appid, 'x-wharf-app-secret': app.secret },
    );
    if (posted.status !== 201) throw new Error(JSON.stringify(posted.body));
    return posted.body;
  };

  beforeAll(async () => {
    if (!existsSync(resolve(CLIENT_DIST, 'index.html')))
      throw new Error(`the client is not built in ${CLIENT_DIST}: npm install runs its build (prepare)`);
    server = await startTestServer('sqlite');
    server.ctx.delivery.worker.start();
    code = await codeWorld(server, '分享卡片');
    await releaseVersion(code, '1.0.0', shareApp());
    // The mini program creates its open-platform account; the app is registered on it.
    const created = await code.wx('/cgi-bin/open/create', {});
    if (created.errcode !== 0) throw new Error(JSON.stringify(created));
    const made = await mobileApp(code.dev, created.open_appid, '码头 App');
    app = { appid: made.app.appid, secret: made.secret };
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
    liContext = await browser.newContext({ viewport: { width: 390, height: 780 }, deviceScaleFactor: 2 });
    wangContext = await browser.newContext({ viewport: { width: 390, height: 780 }, deviceScaleFactor: 2 });
    li = await liContext.newPage();
    wang = await wangContext.newPage();
    for (const page of [li, wang])
      page.on('console', (message) => {
        if (message.type() === 'error') console.error(`[client] ${message.text()}`);
      });
    await signUpInClient(wang, server.url, 'wang_fang', '王芳');
    await signUpInClient(li, server.url, 'li_hua', '李华');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('starts a group and a one-to-one chat from the list; texts arrive live on the other side', async () => {
    await li.getByRole('button', { name: '发起聊天' }).click();
    await li.getByLabel('对方微信号（多个用逗号分隔）').fill('wang_fang');
    await li.getByLabel('群聊名称（两人以上时）').fill('码头群');
    await li.getByRole('button', { name: '开始' }).click();
    await poll(() => li.url()).toMatch(/#\/chat\/chat_/);
    groupId = li.url().split('#/chat/')[1]!;
    server.clock.advance(1000);
    await li.getByLabel('发消息').fill('大家好');
    await li.getByRole('button', { name: '发送' }).click();
    await poll(() => li.locator('.message.mine .bubble').textContent()).toBe('大家好');
    const row = wang.locator(`.chat-row[data-chat-id="${groupId}"]`);
    await poll(() => row.locator('.conversation-preview').textContent()).toBe('大家好');
    expect(await row.locator('.badge').textContent()).toBe('1');

    await li.getByRole('button', { name: '返回' }).click();
    await li.getByRole('button', { name: '发起聊天' }).click();
    await li.getByLabel('对方微信号（多个用逗号分隔）').fill('wang_fang');
    await li.getByRole('button', { name: '开始' }).click();
    // The URL passes through the list on its way: wait for the new chat's own address.
    const chatOf = () => /#\/chat\/(chat_[^/?#]+)/.exec(li.url())?.[1];
    await poll(() => chatOf() !== undefined && chatOf() !== groupId).toBe(true);
    directId = chatOf()!;
    await poll(() => li.locator('.chat-screen h1').textContent()).toBe('王芳');
    await li.getByRole('button', { name: '返回' }).click();
  });

  it("shows a mobile app's share in the group on the other member's client, opening with scene 1036 at its path and query", async () => {
    server.clock.advance(1000);
    await appShare({});
    const row = wang.locator(`.chat-row[data-chat-id="${groupId}"]`);
    await poll(() => row.locator('.conversation-preview').textContent()).toBe('[小程序] App 分享的详情');
    await row.click();
    const card = wang.locator('.chat-card', { hasText: 'App 分享的详情' });
    await poll(() => card.isVisible()).toBe(true);
    expect(await card.textContent()).toContain('来自 码头 App');
    await poll(() =>
      card.locator('.mp-card-thumb').evaluate((img: HTMLImageElement) => img.naturalWidth),
    ).toBeGreaterThan(0);
    await wang.screenshot({ path: resolve(SCREENSHOTS, 'client-chat.png') });
    await card.click();
    await poll(() => json(wang, '.launch')).toMatchObject({
      path: 'pages/index/index',
      query: { id: '42', from: 'app' },
      scene: 1036,
    });
    await closePanel(wang);
  });

  it("falls back to the app's webpageUrl where the card cannot open (a trial version, the user no tester)", async () => {
    await wangContext.route('https://www.example.com/**', (route) =>
      route.fulfill({ contentType: 'text/html', body: '<title>备用网页</title>' }),
    );
    server.clock.advance(1000);
    await appShare({ miniprogramType: 2, title: '体验版页面' });
    const card = wang.locator('.chat-card', { hasText: '体验版页面' });
    await poll(() => card.isVisible()).toBe(true);
    await card.click();
    const failed = wang.locator('.mp-overlay:not([hidden]) .mp-failed');
    await poll(() => failed.isVisible()).toBe(true);
    const [popup] = await Promise.all([
      wang.waitForEvent('popup'),
      failed.getByRole('link', { name: '打开备用网页' }).click(),
    ]);
    await popup.waitForURL('https://www.example.com/detail/42');
    await popup.close();
    await closePanel(wang);
  });

  it('shares from the mini program into the group (1008), with a shareTicket (1044) that wx.getShareInfo resolves, and one-to-one (1007)', async () => {
    // Li opens the app's card in her group, then shares the page three times from its share button.
    await li.locator(`.chat-row[data-chat-id="${groupId}"]`).click();
    await li.locator('.chat-card', { hasText: 'App 分享的详情' }).click();
    await poll(() => json(li, '.launch')).toMatchObject({ scene: 1036 });
    const shareInto = async (chatId: string) => {
      server.clock.advance(1000);
      await shown(li, '.share').click();
      await li.locator(`.share-target[data-chat-id="${chatId}"]`).click();
      await poll(() => li.locator('.share-toast').textContent()).toContain('已转发');
    };
    await shareInto(groupId);
    await shown(li, '.ticket').click();
    await shareInto(groupId);
    await shareInto(directId);
    await closePanel(li);

    const cards = wang.locator('.chat-card', { hasText: '码头详情' });
    await poll(() => cards.count()).toBe(2);
    expect(await cards.evaluateAll((all) => all.map((c) => c.getAttribute('data-scene')))).toEqual([
      '1008',
      '1044',
    ]);

    await cards.nth(0).click();
    await poll(() => json(wang, '.enter')).toMatchObject({
      path: 'pages/index/index',
      query: { id: '7' },
      scene: 1008,
    });
    expect((await json(wang, '.enter')).shareTicket).toBeUndefined();
    await closePanel(wang);

    await cards.nth(1).click();
    await poll(() => json(wang, '.enter')).toMatchObject({
      path: 'pages/index/index',
      query: { id: '8' },
      scene: 1044,
    });
    expect((await json(wang, '.enter')).shareTicket).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    // The mini program's server redeems the login code and decrypts what wx.getShareInfo gave it.
    await poll(async () => (await shown(wang, '.share-info').textContent()) ?? '').toContain('encryptedData');
    const info = await json(wang, '.share-info');
    const session = await new ApiClient(server.url).get(
      `/sns/jscode2session?appid=${code.app.appid}&secret=${code.secret}&js_code=${info.code}&grant_type=authorization_code`,
    );
    expect(openData(session.body.session_key, info.encryptedData, info.iv)).toMatchObject({
      openGId: server.ctx.chats.openGId(code.app.appid, groupId),
      watermark: { appid: code.app.appid },
    });
    await closePanel(wang);

    await wang.getByRole('button', { name: '返回' }).click();
    await wang.locator(`.chat-row[data-chat-id="${directId}"]`).click();
    const direct = wang.locator('.chat-card', { hasText: '码头详情' });
    await poll(() => direct.getAttribute('data-scene')).toBe('1007');
    await direct.click();
    await poll(() => json(wang, '.enter')).toMatchObject({ query: { id: '8' }, scene: 1007 });
    expect((await json(wang, '.enter')).shareTicket).toBeUndefined();
    await closePanel(wang);
  });
});
