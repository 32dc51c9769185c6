import { resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../server/test/client.ts';
import { type CodeWorld, codeWorld, releaseVersion } from '../../server/test/code-world.ts';
import { startTestServer, type TestServer } from '../../server/test/harness.ts';
import { website, wxBinary } from '../../server/test/qrcodes-world.ts';
import { launchOf, launchOptionsApp, poll, SCREENSHOTS, signUpInClient } from './client-world.ts';

/**
 * Images in chats, in Chromium: one user picks an image in the composer, the other sees it
 * arrive (the inbox stream, no reload) and long-presses it to read the code in it, as in an
 * official account's conversation: an ordinary link's QR code under a rule opens with 1012
 * (`q`, `scancode_time`), a mini program code with 1048.
 */
describe('images in one-to-one and group chats, in Chromium', { timeout: 150_000 }, () => {
  let server: TestServer;
  let site: Awaited<ReturnType<typeof website>>;
  let code: CodeWorld;
  let browser: Browser;
  let ann: Page;
  let bob: Page;
  let annApi: ApiClient;

  async function user(username: string, nickname: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 390, height: 780 } });
    const page = await context.newPage();
    await signUpInClient(page, server.url, username, nickname);
    return page;
  }

  /** Picks `png` in the chat's image button, as a user choosing from the album. */
  const sendImage = (page: Page, png: Buffer) =>
    page
      .locator('.chat-image-pick input')
      .setInputFiles({ name: 'code.png', mimeType: 'image/png', buffer: png });

  async function longPressLast(page: Page, recognise: string) {
    const image = page.locator('.message .chat-image').last();
    await poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    const box = (await image.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.waitForTimeout(800);
    await page.mouse.up();
    await page.getByRole('button', { name: recognise }).click();
  }

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    server.ctx.delivery.worker.start();
    site = await website();
    code = await codeWorld(server, '聊天图片');
    await releaseVersion(code, '1.0.0', launchOptionsApp());
    // A QR rule for the shop's links (the site is on loopback here).
    await server.ctx.settings.set('qrcodes.rulesForIndividuals', true);
    await server.ctx.settings.set('qrcodes.verifyPrivateAddresses', true);
    const file = await code.wx('/cgi-bin/wxopen/qrcodejumpdownload', {});
    site.files.set(`/shop/${file.file_name}`, file.file_content);
    const prefix = `${site.origin}/shop/`;
    const added = await code.wx('/cgi-bin/wxopen/qrcodejumpadd', {
      prefix,
      permit_sub_rule: 1,
      path: 'pages/menu/menu?from=chat',
      open_version: 3,
      debug_url: [],
      is_edit: 0,
    });
    expect(added.errcode).toBe(0);
    expect((await code.wx('/cgi-bin/wxopen/qrcodejumppublish', { prefix })).errcode).toBe(0);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
    ann = await user('img_ann', '安娜');
    bob = await user('img_bob', '鲍勃');
    annApi = await new ApiClient(server.url).signInEndUser('img_ann', 'password-123');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await site?.close();
  });

  it('sends a QR image one-to-one; the other side sees it live and a long press opens the rule’s page with q and scancode_time (1012)', async () => {
    const chat = await annApi.post('/api/v1/client/chats/direct', { username: 'img_bob' });
    expect(chat.status).toBe(200);
    await ann.goto(`${server.url}/client/#/chat/${chat.body.id}`);
    await bob.goto(`${server.url}/client/#/chat/${chat.body.id}`);
    await poll(() => bob.locator('.chat-screen').isVisible()).toBe(true);

    const link = `${site.origin}/shop/poster?id=21`;
    server.clock.advance(1000);
    await sendImage(ann, await QRCode.toBuffer(link, { type: 'png', width: 320, margin: 2 }));
    await poll(() => ann.locator('.message.mine .chat-image').count()).toBe(1);
    // Bob's thread shows it without a reload.
    await poll(() => bob.locator('.message.theirs .chat-image').count()).toBe(1);
    await bob.screenshot({ path: resolve(SCREENSHOTS, 'client-chat-image.png') });

    await longPressLast(bob, '识别图中二维码');
    await poll(() => launchOf(bob, '.launch')).toMatchObject({
      path: 'pages/menu/menu',
      scene: 1012,
      query: { from: 'chat', q: encodeURIComponent(link) },
    });
    const { query } = await launchOf(bob, '.launch');
    expect(query.scancode_time).toBe(String(Math.floor(server.clock() / 1000)));
    expect(await launchOf(bob, '.options')).toEqual(query);
    await bob.getByRole('button', { name: '关闭' }).click();

    // What the browser refuses before sending: a file that is no PNG or JPEG.
    await ann.locator('.chat-image-pick input').setInputFiles({
      name: 'notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('hello'),
    });
    await poll(() => ann.locator('.toast').textContent()).toBe('只能发送 PNG 或 JPEG 图片');
    expect(await ann.locator('.message .chat-image').count()).toBe(1);
  });

  it('sends a mini program code to a group; a member long-pressing it in English opens the page with 1048', async () => {
    const made = await annApi.post('/api/v1/client/chats/groups', { name: '图片群', usernames: ['img_bob'] });
    expect(made.status).toBe(201);
    await bob.evaluate(() => localStorage.setItem('wharf.client.language', 'en'));
    await bob.goto(`${server.url}/client/#/chat/${made.body.id}`);
    await bob.reload();
    await ann.goto(`${server.url}/client/#/chat/${made.body.id}`);
    await poll(() => bob.locator('.chat-screen').isVisible()).toBe(true);

    const wxacode = await wxBinary(server, code.token, '/wxa/getwxacode', {
      path: 'pages/menu/menu?from=group',
    });
    server.clock.advance(1000);
    await sendImage(ann, wxacode.bytes);
    await poll(() => bob.locator('.message.theirs .chat-image').count()).toBe(1);
    expect(await bob.locator('.message.theirs .chat-sender').last().textContent()).toBe('安娜');

    await longPressLast(bob, 'Extract QR code');
    await poll(() => launchOf(bob, '.launch')).toMatchObject({
      path: 'pages/menu/menu',
      scene: 1048,
      query: { from: 'group' },
    });
  });
});
