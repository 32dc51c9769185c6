import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CodeWorld, codeWorld, releaseVersion } from '../../server/test/code-world.ts';
import { startTestServer, type TestServer } from '../../server/test/harness.ts';
import { accountOf, oaCall } from '../../server/test/oa-world.ts';
import { readPng, wxBinary } from '../../server/test/qrcodes-world.ts';
import { poll, signUpInClient } from './client-world.ts';

const GUIDE_APP: Record<string, string> = {
  'app.json': JSON.stringify({ pages: ['pages/index/index'] }),
  'app.js': 'App({});',
  'pages/index/index.json': '{}',
  'pages/index/index.wxml':
    '<view class="title">引导页</view><official-account bindload="loaded" binderror="failed"></official-account><view class="status">{{status}}</view>',
  'pages/index/index.js':
    "Page({ data: { status: '' }, loaded(e) { this.setData({ status: 'load ' + e.detail.status }); }, failed(e) { this.setData({ status: 'error ' + e.detail.status }); } });",
};

/**
 * `<official-account>` in the client: a mini program opened from its code (1047) shows the
 * official account linked to it, and the user follows that account from the card.
 */
describe('<official-account> in the client, in Chromium', { timeout: 90_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let world: CodeWorld;
  const frame = () => page.frameLocator('.mp-overlay:not([hidden]) .mp-phone iframe');

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
    world = await codeWorld(server, '引导');
    await releaseVersion(world, '1.0.0', GUIDE_APP);
    page = await browser.newPage({ viewport: { width: 390, height: 780 } });
    await signUpInClient(page, server.url, 'guide_user', '引导用户');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const openFromCode = async () => {
    const code = await wxBinary(server, world.token, '/wxa/getwxacode', { path: 'pages/index/index' });
    await page.goto(`${server.url}/client/#/scan?text=${encodeURIComponent(readPng(code.bytes) as string)}`);
    await poll(() => frame().locator('.wx-page-host:not([hidden]) .title').textContent()).toBe('引导页');
  };

  it('says status 3 while no account of its subject is linked', async () => {
    await openFromCode();
    await poll(() => frame().locator('.status').textContent()).toBe('error 3');
    expect(await frame().locator('.wxb--oa-card').count()).toBe(0);
  });

  it('shows the linked account from a code scan and follows it from the card', async () => {
    const { account, secret } = await accountOf(world, '引导茶讯');
    const wx = await oaCall(server.url, account.appid, secret);
    expect((await wx('/cgi-bin/wxopen/wxamplink', { appid: world.app.appid, notify_users: 0 })).errcode).toBe(
      0,
    );
    // A fresh load, so the mini program starts again from the code.
    await page.goto(`${server.url}/client/?again#/`);
    await page.locator('.tab-bar').waitFor();
    await openFromCode();
    await poll(() => frame().locator('.status').textContent()).toBe('load 0');
    const card = frame().locator('.wxb--oa-card');
    expect(await card.locator('.wxb--oa-name').textContent()).toBe('引导茶讯');
    await card.getByRole('button', { name: '关注' }).click();
    await poll(() => card.locator('.wxb--oa-button').textContent()).toBe('已关注');
    const following = await page.evaluate(() =>
      fetch('/api/v1/client/following').then((r) => r.json() as Promise<Array<{ appid: string }>>),
    );
    expect(following.map((f) => f.appid)).toContain(account.appid);
  });
});
