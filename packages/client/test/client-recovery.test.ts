import { resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNodeAt, startTestServer, type TestServer } from '../../server/test/harness.ts';
import { poll, SCREENSHOTS, signUpInClient } from './client-world.ts';

/**
 * Faults the client must live through (issue 21, "Bad input and faults"): the server going away
 * and coming back while a user is in a chat.
 */
describe('the client through a server restart', { timeout: 120_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let li: Page;
  let wang: Page;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    server.ctx.delivery.worker.start();
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
    const viewport = { width: 390, height: 780 };
    li = await (await browser.newContext({ viewport })).newPage();
    wang = await (await browser.newContext({ viewport })).newPage();
    await signUpInClient(wang, server.url, 'wang_restart', '王芳');
    await signUpInClient(li, server.url, 'li_restart', '李华');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('says it is offline, keeps what was typed, reconnects, sends it, and hears the other side again', async () => {
    await li.getByRole('button', { name: '发起聊天' }).click();
    await li.getByLabel('对方微信号（多个用逗号分隔）').fill('wang_restart');
    await li.getByRole('button', { name: '开始' }).click();
    await poll(() => li.locator('.chat-screen h1').textContent()).toBe('王芳');
    const chatId = /#\/chat\/(chat_[^/?#]+)/.exec(li.url())?.[1];
    expect(chatId).toBeDefined();
    await poll(() => li.locator('.stream-state').count()).toBe(0);

    const { port } = new URL(server.url);
    const { port: runtimePort } = new URL(server.runtimeUrl);
    const node = server.node!;
    await server.close();

    await poll(() => li.locator('.stream-state').textContent()).toBe('连接已断开，正在重连…');
    const box = li.getByLabel('发消息');
    await box.fill('断线时写的');
    await li.getByRole('button', { name: '发送' }).click();
    await poll(() => li.locator('.toast').textContent()).toBe('无法连接服务器，消息未发送，已保留在输入框中');
    expect(await box.inputValue()).toBe('断线时写的');
    await li.screenshot({ path: resolve(SCREENSHOTS, 'client-offline.png') });

    server = await startNodeAt(node, { ports: { port: Number(port), runtimePort: Number(runtimePort) } });
    server.ctx.delivery.worker.start();
    // EventSource retries on its own; the banner goes once the stream is open again.
    await poll(() => li.locator('.stream-state').count()).toBe(0);
    expect(await box.inputValue()).toBe('断线时写的');
    await li.getByRole('button', { name: '发送' }).click();
    await poll(() => li.locator('.message.mine .bubble').last().textContent()).toBe('断线时写的');
    expect(await box.inputValue()).toBe('');

    // Wang's client reconnected too: the text arrives live in the list, and an answer comes back live.
    const row = wang.locator(`.chat-row[data-chat-id="${chatId}"]`);
    await poll(() => row.locator('.conversation-preview').textContent()).toBe('断线时写的');
    await row.click();
    server.clock.advance(1000);
    await wang.getByLabel('发消息').fill('收到');
    await wang.getByRole('button', { name: '发送' }).click();
    await poll(() => li.locator('.message.theirs .bubble').last().textContent()).toBe('收到');
  });
});
