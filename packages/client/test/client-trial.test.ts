import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_DIST } from '../../server/src/features/client-app/client-app.routes.ts';
import { ApiClient } from '../../server/test/client.ts';
import { type CodeWorld, codeWorld, releaseVersion } from '../../server/test/code-world.ts';
import { startTestServer, type TestServer } from '../../server/test/harness.ts';
import { mobileApp } from '../../server/test/open-world.ts';
import { launchOf, launchPage, poll, SCREENSHOTS, signUpInClient } from './client-world.ts';

/** One page that says which version it is and prints its launch options. */
function versionApp(title: string): Record<string, string> {
  const page = launchPage(title);
  return {
    'app.json': JSON.stringify({ pages: ['pages/index/index'], window: { navigationBarTitleText: title } }),
    'app.js': 'App({});',
    'pages/index/index.js': page.js,
    'pages/index/index.wxml': page.wxml,
    'pages/index/index.json': '{}',
  };
}

/**
 * Trial versions for client users, end to end: the developer binds a client user as a tester
 * (`/wxa/bind_tester` with their username); a mobile app's trial card (miniprogramType 2) opens
 * the trial for them (1036) and the webpageUrl fallback for another user; the trial code
 * (`/wxa/get_qrcode`) scanned from the album opens the trial with scene 1017 for the tester and
 * says "not a tester" to the other.
 */
describe('trial versions for client testers in Chromium', { timeout: 120_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let code: CodeWorld;
  let tester: Page;
  let other: Page;
  let groupId: string;
  let trialCode: Buffer;

  const overlay = (page: Page) => page.locator('.mp-overlay:not([hidden])');
  const title = (page: Page) =>
    page
      .frameLocator('.mp-overlay:not([hidden]) .mp-phone iframe')
      .locator('.wx-page-host:not([hidden]) .title');
  const closePanel = async (page: Page) => {
    await overlay(page).getByRole('button', { name: '关闭' }).click();
    await poll(() => overlay(page).count()).toBe(0);
  };
  const openGroup = async (page: Page) => {
    await page.goto(`${server.url}/client/#/chat/${groupId}`);
    await poll(() => page.locator('.chat-screen').isVisible()).toBe(true);
  };
  const scanFromAlbum = async (page: Page) => {
    await page.goto(`${server.url}/client/`);
    await page.getByRole('button', { name: '发现' }).click();
    await page.getByRole('button', { name: '扫一扫' }).click();
    await page.locator('.scan-album input').setInputFiles({
      name: 'trial.png',
      mimeType: 'image/png',
      buffer: trialCode,
    });
  };

  beforeAll(async () => {
    if (!existsSync(resolve(CLIENT_DIST, 'index.html')))
      throw new Error(`the client is not built in ${CLIENT_DIST}: npm install runs its build (prepare)`);
    server = await startTestServer('sqlite');
    server.ctx.delivery.worker.start();
    code = await codeWorld(server, '体验卡片');
    await releaseVersion(code, '1.0.0', versionApp('正式版'));
    const trial = await code.upload('2.0.0', versionApp('体验版'));
    const picked = await code.dev.put(`/api/v1/code/${code.app.appid}/trial`, { versionId: trial.body.id });
    if (picked.status !== 200) throw new Error(JSON.stringify(picked.body));
    const png = await fetch(
      `${server.url}/wxa/get_qrcode?path=${encodeURIComponent('pages/index/index?from=trial-code')}&access_token=${code.token}`,
    );
    trialCode = Buffer.from(await png.arrayBuffer());

    browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
    const pages: Page[] = [];
    for (let i = 0; i < 2; i++) {
      const context = await browser.newContext({
        viewport: { width: 390, height: 780 },
        deviceScaleFactor: 2,
      });
      const page = await context.newPage();
      page.on('console', (message) => {
        if (message.type() === 'error') console.error(`[client] ${message.text()}`);
      });
      pages.push(page);
    }
    [tester, other] = pages as [Page, Page];
    await signUpInClient(tester, server.url, 'zhou_tester', '周体验');
    await signUpInClient(other, server.url, 'wu_user', '吴用户');

    // The developer names the client user by their 微信号, as WeChat's bind_tester takes a WeChat ID.
    const bound = await code.wx('/wxa/bind_tester', { wechatid: 'zhou_tester' });
    if (bound.errcode !== 0) throw new Error(JSON.stringify(bound));

    // Wu starts a group with Zhou; a mobile app bound to the mini program's open account shares its trial there.
    const signin = await new ApiClient(server.url).post('/api/v1/client/signin', {
      username: 'wu_user',
      password: 'password-123',
    });
    const wu = new ApiClient(server.url, signin.body.token);
    groupId = (await wu.post('/api/v1/client/chats/groups', { name: '体验群', usernames: ['zhou_tester'] }))
      .body.id;
    const created = await code.wx('/cgi-bin/open/create', {});
    const app = await mobileApp(code.dev, created.open_appid, '体验 App');
    const shared = await wu.request(
      'POST',
      `/api/v1/client/chats/${groupId}/app-shares`,
      {
        userName: code.app.originalId,
        path: 'pages/index/index?from=app',
        webpageUrl: 'https://www.example.com/trial-fallback',
        miniprogramType: 2,
        title: '体验版详情',
      },
      { 'x-wharf-app-id': app.app.appid, 'x-wharf-app-secret': app.secret },
    );
    if (shared.status !== 201) throw new Error(JSON.stringify(shared.body));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('opens a trial card (miniprogramType 2) in the trial version for the tester, scene 1036', async () => {
    await openGroup(tester);
    await tester.locator('.chat-card', { hasText: '体验版详情' }).click();
    await poll(() => title(tester).textContent()).toBe('体验版');
    expect(await launchOf(tester, '.launch')).toMatchObject({
      path: 'pages/index/index',
      query: { from: 'app' },
      scene: 1036,
    });
    await closePanel(tester);
  });

  it('falls back to the webpageUrl for a user who is no tester, saying why', async () => {
    await other
      .context()
      .route('https://www.example.com/**', (route) =>
        route.fulfill({ contentType: 'text/html', body: '<title>备用网页</title>' }),
      );
    await openGroup(other);
    await other.locator('.chat-card', { hasText: '体验版详情' }).click();
    const failed = overlay(other).locator('.mp-failed');
    await poll(() => failed.textContent()).toContain('你不是该小程序的体验成员');
    const [popup] = await Promise.all([
      other.waitForEvent('popup'),
      failed.getByRole('link', { name: '打开备用网页' }).click(),
    ]);
    await popup.waitForURL('https://www.example.com/trial-fallback');
    await popup.close();
    await closePanel(other);
  });

  it('opens the trial code from the album in the trial version with scene 1017 for the tester', async () => {
    await scanFromAlbum(tester);
    await poll(() => title(tester).textContent()).toBe('体验版');
    expect(await launchOf(tester, '.launch')).toMatchObject({
      path: 'pages/index/index',
      query: { from: 'trial-code' },
      scene: 1017,
    });
    await tester.screenshot({ path: resolve(SCREENSHOTS, 'client-trial.png') });
    await closePanel(tester);
  });

  it('tells a user who is no tester so when they scan the trial code', async () => {
    await scanFromAlbum(other);
    const failed = overlay(other).locator('.mp-failed');
    await poll(() => failed.textContent()).toContain('你不是该小程序的体验成员');
    expect(await failed.getByRole('link').count()).toBe(0);
  });

  it('stops opening the trial for the tester once unbound', async () => {
    expect((await code.wx('/wxa/unbind_tester', { wechatid: 'zhou_tester' })).errcode).toBe(0);
    await scanFromAlbum(tester);
    await poll(() => overlay(tester).locator('.mp-failed').textContent()).toContain(
      '你不是该小程序的体验成员',
    );
  });
});
