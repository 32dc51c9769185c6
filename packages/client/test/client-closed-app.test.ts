import { resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../server/test/client.ts';
import { type CodeWorld, codeWorld, person, releaseVersion } from '../../server/test/code-world.ts';
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

  it('tears down a mini program kept in the background when it returns after a close or a ban, in Chinese and English', async () => {
    const card = page.locator('.chat-card', { hasText: '暂停前分享的页面' });
    const frames = () => page.locator('.mp-overlay .mp-host iframe').count();
    const statusAsked: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/status')) statusAsked.push(new URL(request.url()).pathname);
    });
    // The previous test left the card's page open: to the background, still running.
    await closePanel();
    expect(await frames()).toBe(1);
    expect(await code.wx('/wxa/change_visitstatus', { action: 'close' })).toEqual({
      errcode: 0,
      errmsg: 'ok',
    });
    await card.click();
    const failed = overlay().locator('.mp-failed[role="alert"]');
    await poll(() => failed.textContent()).toBe('无法打开小程序：该小程序已暂停服务');
    expect(await frames()).toBe(0);
    expect(statusAsked).toEqual([`/api/v1/launch/${code.app.appid}/status`]);
    await page.screenshot({ path: resolve(SCREENSHOTS, 'client-kept-alive-closed.png') });
    await closePanel();

    // Back in service, opened again, sent to the background; the user switches to English
    // (no reload: the frame keeps running), and an operator bans the app meanwhile.
    expect((await code.wx('/wxa/change_visitstatus', { action: 'open' })).errcode).toBe(0);
    await card.click();
    await poll(async () => (await launchOf(page, '.launch'))?.scene).toBe(1007);
    await closePanel();
    await page.locator('.back').click();
    await page.locator('.language').click();
    await page.evaluate((id) => {
      location.hash = `#/chat/${id}`;
    }, chatId);
    expect(await frames()).toBe(1);
    const admin = (await person(server, 'admin')).client;
    expect(
      (await admin.post(`/api/v1/admin/miniprograms/${code.app.appid}/ban`, { reason: '违规' })).status,
    ).toBe(200);
    await card.click();
    await poll(() => failed.textContent()).toBe(
      'Cannot open the mini program: This mini program has been suspended by the platform for violating its rules',
    );
    expect(await frames()).toBe(0);
    await closePanel();

    // Lifted: a fresh launch opens it; its return from the background asks once and shows it.
    expect((await admin.delete(`/api/v1/admin/miniprograms/${code.app.appid}/ban`)).status).toBe(200);
    await card.click();
    await poll(async () => (await launchOf(page, '.launch'))?.scene).toBe(1007);
    await closePanel();
    statusAsked.length = 0;
    await card.click();
    await poll(() => overlay().locator('.mp-host iframe').count()).toBe(1);
    await poll(() => launchOf(page, '.launch')).toMatchObject({ scene: 1007 });
    expect(statusAsked).toEqual([`/api/v1/launch/${code.app.appid}/status`]);
    expect(await overlay().locator('.mp-failed').count()).toBe(0);
  });
});
