import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_DIST } from '../../server/src/features/client-app/client-app.routes.ts';
import { type CodeWorld, codeWorld, releaseVersion } from '../../server/test/code-world.ts';
import { startTestServer, type TestServer } from '../../server/test/harness.ts';
import { accountOf, oaCall, wechatApi } from '../../server/test/oa-world.ts';
import { type DeveloperServer, wechatMiddlewareServer } from '../../server/test/push-servers.ts';
import { wxBinary } from '../../server/test/qrcodes-world.ts';
import { PNG_ICON } from '../../server/test/world.ts';
import { launchOptionsApp, poll, SCREENSHOTS } from './client-world.ts';

/**
 * The client end to end: an end user signs up in the built client served by Wharf, finds and
 * follows an official account, receives its link notification live, and opens the linked
 * mini program from the account's menu (scene 1035) and from the notification card (1074).
 */
describe('the client in Chromium against a fresh server', () => {
  let server: TestServer;
  let browser: Browser;
  let code: CodeWorld;
  let account: { appid: string; name: string };
  let secret: string;
  let page: Page;
  let developerServer: DeveloperServer;

  beforeAll(async () => {
    if (!existsSync(resolve(CLIENT_DIST, 'index.html')))
      throw new Error(`the client is not built in ${CLIENT_DIST}: npm install runs its build (prepare)`);
    server = await startTestServer('sqlite');
    // As the server does at start: the fan-out worker writes link notifications into inboxes.
    server.ctx.delivery.worker.start();
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
    code = await codeWorld(server, '启动参数');
    await releaseVersion(code, '1.0.0', launchOptionsApp());
    const made = await accountOf(code, '码头茶讯');
    account = made.account;
    secret = made.secret;
    // The account's own server, built with the `wechat` middleware, answers texts passively.
    await server.ctx.settings.set('push.privateAddresses', true);
    developerServer = await wechatMiddlewareServer({
      token: 'clientToken1',
      reply: (message) => (message.MsgType === 'text' ? `你说：${message.Content}` : ''),
    });
    const configured = await code.dev.put(`/api/v1/push/${account.appid}/config`, {
      url: developerServer.url,
      token: 'clientToken1',
      mode: 'plaintext',
    });
    if (configured.status !== 200) throw new Error(JSON.stringify(configured.body));
    page = await browser.newPage({ viewport: { width: 390, height: 780 }, deviceScaleFactor: 2 });
    page.on('console', (message) => {
      if (message.type() === 'error') console.error(`[client] ${message.text()}`);
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await developerServer?.close();
  });

  const panelFrame = () => page.frameLocator('.mp-overlay:not([hidden]) .mp-phone iframe');
  const launchOf = async (selector: string) => {
    const text = await panelFrame().locator(`.wx-page-host:not([hidden]) ${selector}`).textContent();
    return text ? JSON.parse(text) : undefined;
  };

  it('signs up, follows an account found by search, and shows its link notification live with an unread count', async () => {
    await page.goto(`${server.url}/client/`);
    await page.getByLabel('微信号').fill('lihua_2017');
    await page.getByLabel('昵称').fill('李华');
    await page.getByLabel('密码').fill('password-123');
    await page.getByRole('button', { name: '注册', exact: true }).click();
    await poll(() => page.locator('.tab-bar').isVisible()).toBe(true);

    await page.getByRole('button', { name: '发现' }).click();
    await page.getByLabel('搜索公众号').fill('茶讯');
    await page.getByRole('button', { name: '搜索' }).click();
    const row = page.locator(`.account-row[data-appid="${account.appid}"]`);
    await row.getByRole('button', { name: '关注' }).click();
    await poll(() => row.getByRole('button', { name: '取消关注' }).isVisible()).toBe(true);
    await page.getByRole('button', { name: '消息' }).click();
    const listed = page.locator(`.conversation-row[data-appid="${account.appid}"]`);
    await poll(() => listed.isVisible()).toBe(true);

    // The account links the mini program and notifies its followers: the card arrives by the stream.
    const wx = await oaCall(server.url, account.appid, secret);
    expect((await wx('/cgi-bin/wxopen/wxamplink', { appid: code.app.appid, notify_users: 1 })).errcode).toBe(
      0,
    );
    await expect.poll(() => listed.locator('.conversation-preview').textContent()).toContain('关联了小程序');
    expect(await listed.locator('.badge').textContent()).toBe('1');
  });

  it("shows the account server's passive reply to a text, and opens the mini program page from a menu button with scene 1035 in the phone panel, closed by the capsule", async () => {
    const api = wechatApi(server.url, account.appid, secret) as any;
    const created = await api.createMenu({
      button: [
        { type: 'click', name: '今日', key: 'TODAY' },
        {
          name: '更多',
          sub_button: [
            {
              type: 'miniprogram',
              name: '打开小程序',
              url: 'https://fallback.example/',
              appid: code.app.appid,
              pagepath: 'pages/menu/menu?from=menu',
            },
            { type: 'view', name: '官网', url: 'https://www.example.com/' },
          ],
        },
      ],
    });
    expect(created.errcode).toBe(0);

    // The menu's mini program launch is asked when the menu shows, before any tap; a tap asks
    // it again beside the click only when that answer is stale, never after the click's answer.
    const seen: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes(`/api/v1/launch/${code.app.appid}`)) seen.push('launch asked');
    });
    await page.locator(`.conversation-row[data-appid="${account.appid}"]`).click();
    await poll(() => page.locator('.menu-bar').isVisible()).toBe(true);
    await poll(() => seen).toEqual(['launch asked']);
    // Read: the unread count is gone once the conversation was opened.
    await page.getByRole('button', { name: '切换到键盘' }).click();
    // The server's clock stands still in tests: move it so the conversation has an order.
    server.clock.advance(1000);
    await page.getByLabel('发消息').fill('你好，码头');
    await page.getByRole('button', { name: '发送' }).click();
    await poll(() => page.locator('.message.mine .bubble').textContent()).toBe('你好，码头');
    // Pushed to the account's server; its passive reply comes back through the inbox stream.
    server.clock.advance(1000);
    await server.ctx.push.drain();
    await poll(() => page.locator('.message.theirs .bubble').allTextContents()).toContain('你说：你好，码头');
    await page.getByRole('button', { name: '切换到菜单' }).click();
    await page.getByRole('button', { name: '更多' }).click();
    await page.screenshot({ path: resolve(SCREENSHOTS, 'client-conversation.png') });
    // Hold the click's answer back: the open must not ask the launch after it.
    await page.route('**/menu/click', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 600));
      seen.push('click answered');
      await route.continue();
    });
    await page.getByRole('button', { name: '打开小程序' }).click();
    await poll(() => seen.at(-1)).toBe('click answered');
    expect(seen[0]).toBe('launch asked');
    await page.unroute('**/menu/click');
    await expect
      .poll(() => launchOf('.launch'))
      .toMatchObject({
        path: 'pages/menu/menu',
        query: { from: 'menu' },
        scene: 1035,
      });
    expect(await launchOf('.options')).toEqual({ from: 'menu' });
    expect(await panelFrame().locator('.wx-page-host:not([hidden]) .title').textContent()).toBe('菜单页');
    await page.screenshot({ path: resolve(SCREENSHOTS, 'client-mini-program.png') });

    // The account's server hears view_miniprogram for the tap.
    const events = await server.ctx.store.db
      .selectFrom('app_events')
      .select(['type', 'payload'])
      .where('appid', '=', account.appid)
      .where('type', '=', 'view_miniprogram')
      .execute();
    expect(events.map((e) => JSON.parse(e.payload).EventKey)).toEqual(['pages/menu/menu?from=menu']);

    await page.getByRole('button', { name: '关闭' }).click();
    await poll(() => page.locator('.mp-overlay:not([hidden])').count()).toBe(0);
  });

  /** The EventKeys of the CLICK events the account's server was sent, in order. */
  const clickKeys = async () =>
    (
      await server.ctx.store.db
        .selectFrom('app_events')
        .select('payload')
        .where('appid', '=', account.appid)
        .where('type', '=', 'CLICK')
        .execute()
    ).map((e) => JSON.parse(e.payload).EventKey);

  it('performs view and click buttons: opens the URL, raises CLICK', async () => {
    // No outside network here: the account's site answers from the browser's own routing.
    await page
      .context()
      .route('https://www.example.com/**', (route) =>
        route.fulfill({ contentType: 'text/html', body: '<title>官网</title>' }),
      );
    await page.getByRole('button', { name: '更多' }).click();
    const [popup] = await Promise.all([
      page.waitForEvent('popup'),
      page.getByRole('button', { name: '官网' }).click(),
    ]);
    await popup.waitForURL('https://www.example.com/');
    await popup.close();
    await page.getByRole('button', { name: '今日' }).click();
    await poll(() => page.locator('.toast').textContent()).toContain('今日');
    await expect.poll(() => clickKeys()).toEqual(['TODAY']);
  });

  it('opens the link notification card with scene 1074 at the release entry page', async () => {
    await page.locator(`.mp-card[data-appid="${code.app.appid}"]`).click();
    await expect
      .poll(() => launchOf('.launch'))
      .toMatchObject({
        path: 'pages/index/index',
        query: {},
        scene: 1074,
      });
    expect(await panelFrame().locator('.wx-page-host:not([hidden]) .title').textContent()).toBe('首页');
    await page.getByRole('button', { name: '关闭' }).click();
  });

  it('shows a customer-service miniprogrampage card as it arrives and opens its page with 1074', async () => {
    const api = wechatApi(server.url, account.appid, secret) as any;
    // The user's text above opened the 48-hour customer-service window.
    const following = await page.evaluate(() =>
      fetch('/api/v1/client/following').then((r) => r.json() as Promise<Array<{ openid: string }>>),
    );
    const openid = following[0]!.openid;
    const thumb = await api.uploadMedia(
      Buffer.from(PNG_ICON.split(',')[1]!, 'base64'),
      'image',
      'thumb.png',
      'image/png',
    );
    // The server's clock stands still in tests: a second later, so the card is the newest message.
    server.clock.advance(1000);
    await api.sendMiniProgram(openid, {
      title: '客服卡片',
      appid: code.app.appid,
      pagepath: 'pages/menu/menu?from=card',
      thumb_media_id: thumb.media_id,
    });
    const card = page.locator('.mp-card', { hasText: '客服卡片' });
    await poll(() => card.isVisible()).toBe(true);
    await poll(() =>
      card.locator('.mp-card-thumb').evaluate((img: HTMLImageElement) => img.naturalWidth),
    ).toBeGreaterThan(0);
    await card.click();
    await poll(() => launchOf('.launch')).toMatchObject({
      path: 'pages/menu/menu',
      query: { from: 'card' },
      scene: 1074,
    });
    await page.getByRole('button', { name: '关闭' }).click();
  });

  it('reads the mini program code in an image of the conversation on a long press (识别图中二维码), opening it with 1048', {
    timeout: 60_000,
  }, async () => {
    const api = wechatApi(server.url, account.appid, secret) as any;
    const following = await page.evaluate(() =>
      fetch('/api/v1/client/following').then((r) => r.json() as Promise<Array<{ openid: string }>>),
    );
    // Another page than the one kept alive in the background (pages/menu/menu): a cold start there.
    const made = await wxBinary(server, code.token, '/wxa/getwxacode', {
      path: 'pages/index/index?from=image',
    });
    const media = await api.uploadMedia(Buffer.from(made.bytes), 'image', 'code.png', 'image/png');
    server.clock.advance(1000);
    await api.sendImage(following[0]!.openid, media.media_id);
    const image = page.locator('.message .bubble-image').last();
    await poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    const box = (await image.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.waitForTimeout(800);
    await page.mouse.up();
    await page.getByRole('button', { name: '识别图中二维码' }).click();
    await poll(() => launchOf('.launch')).toMatchObject({
      path: 'pages/index/index',
      query: { from: 'image' },
      scene: 1048,
    });
    await page.getByRole('button', { name: '关闭' }).click();
  });

  it('says so when the menu changed while the conversation was open, and shows the new one', async () => {
    const api = wechatApi(server.url, account.appid, secret) as any;
    expect(await page.getByRole('button', { name: '今日' }).isVisible()).toBe(true);
    const replaced = await api.createMenu({ button: [{ type: 'click', name: '新品', key: 'NEW' }] });
    expect(replaced.errcode).toBe(0);
    // The conversation still shows the old menu; its button is refused as stale, not performed.
    await page.getByRole('button', { name: '今日' }).click();
    await poll(() => page.locator('.toast').textContent()).toContain('菜单已更新，请重新点击');
    await poll(() => page.locator('.menu-bar').textContent()).toContain('新品');
    expect(await page.getByRole('button', { name: '今日' }).count()).toBe(0);
    await page.getByRole('button', { name: '新品' }).click();
    await expect.poll(() => clickKeys()).toEqual(['TODAY', 'NEW']);
  });

  it('serves the client at /client/ and nothing outside its build', async () => {
    const page = await fetch(`${server.url}/client/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect((await fetch(`${server.url}/client`, { redirect: 'manual' })).headers.get('location')).toBe(
      '/client/',
    );
    expect((await fetch(`${server.url}/client/nope.js`)).status).toBe(404);
    // An encoded traversal reaches the route and stays inside the build; a plain one is resolved by the URL.
    for (const path of ['/client/..%2f..%2fpackage.json', '/client/%2e%2e/%2e%2e/package.json']) {
      const answer = await fetch(`${server.url}${path}`);
      expect(await answer.text()).not.toContain('workspaces');
    }
    expect((await fetch(`${server.url}/client/..%2f..%2fpackage.json`)).status).toBe(404);
  });

  it('switches to English', async () => {
    await page.getByRole('button', { name: '返回' }).click();
    await page.getByRole('button', { name: 'English' }).click();
    await poll(() => page.locator('.tab-bar').textContent()).toContain('Chats');
    expect(await page.locator('.conversation-preview').first().textContent()).toBe('[Image]');
  });
});
