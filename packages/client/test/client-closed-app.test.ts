import { resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../server/test/client.ts';
import { type CodeWorld, codeWorld, releaseVersion } from '../../server/test/code-world.ts';
import { startTestServer, type TestServer } from '../../server/test/harness.ts';
import { endUsers } from '../../server/test/oa-world.ts';
import { launchOf, launchOptionsApp, poll, SCREENSHOTS, signUpInClient } from './client-world.ts';

/**
 * A card whose mini program was taken out of service since it was shared (`/wxa/change_visitstatus`
 * close): opening it shows that the mini program suspended its service, in the user's language,
 * instead of a blank panel; after `open` the same card opens the page again.
 */
describe('a share card of a mini program out of service, in Chromium', { timeout: 120_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let code: CodeWorld;
  let sharer: ApiClient;
  let chatId: string;

  const overlay = () => page.locator('.mp-overlay:not([hidden])');
  const closePanel = async () => {
    await overlay()
      .getByRole('button', { name: /关闭|Close/ })
      .click();
    await poll(() => overlay().count()).toBe(0);
  };

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    server.ctx.delivery.worker.start();
    code = await codeWorld(server, '暂停服务');
    await releaseVersion(code, '1.0.0', launchOptionsApp());
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
    page = await browser.newPage({ viewport: { width: 390, height: 780 } });
    await signUpInClient(page, server.url, 'closed_reader', '读者');
    // Another user shares the mini program's page into a one-to-one chat with the reader.
    sharer = (await endUsers(server, 1, 'sharer'))[0]!.client;
    const chat = await sharer.post('/api/v1/client/chats/direct', { username: 'closed_reader' });
    expect(chat.status).toBe(200);
    chatId = chat.body.id;
    server.clock.advance(1000);
    const shared = await sharer.post(`/api/v1/client/chats/${chatId}/shares`, {
      appid: code.app.appid,
      title: '暂停前分享的页面',
      path: 'pages/menu/menu?from=card',
    });
    expect(shared.status).toBe(201);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows that the mini program suspended its service when its card is opened after close, in Chinese and English', async () => {
    expect(await code.wx('/wxa/change_visitstatus', { action: 'close' })).toEqual({
      errcode: 0,
      errmsg: 'ok',
    });
    await page.goto(`${server.url}/client/#/chat/${chatId}`);
    const card = page.locator('.chat-card', { hasText: '暂停前分享的页面' });
    await poll(() => card.isVisible()).toBe(true);
    await card.click();
    const failed = overlay().locator('.mp-failed[role="alert"]');
    await poll(() => failed.textContent()).toBe('无法打开小程序：该小程序已暂停服务');
    // Nothing of the mini program was started behind the message.
    expect(await overlay().locator('.mp-host iframe').count()).toBe(0);
    await page.screenshot({ path: resolve(SCREENSHOTS, 'client-mini-program-closed.png') });
    await closePanel();

    // The English switch: the server's English message.
    await page.evaluate(() => localStorage.setItem('wharf.client.language', 'en'));
    await page.reload();
    await card.click();
    await poll(() => overlay().locator('.mp-failed').textContent()).toBe(
      'Cannot open the mini program: This mini program has suspended its service',
    );
    await closePanel();
    await page.evaluate(() => localStorage.setItem('wharf.client.language', 'zh-CN'));
    await page.reload();
  });

  it('opens the card again once the mini program is back in service (open)', async () => {
    expect(await code.wx('/wxa/change_visitstatus', { action: 'open' })).toEqual({
      errcode: 0,
      errmsg: 'ok',
    });
    const card = page.locator('.chat-card', { hasText: '暂停前分享的页面' });
    await poll(() => card.isVisible()).toBe(true);
    await card.click();
    await poll(async () => (await launchOf(page, '.launch'))?.scene).toBe(1007);
    expect(await launchOf(page, '.options')).toEqual({ from: 'card' });
    expect(await overlay().locator('.mp-failed').count()).toBe(0);
  });
});
