import { resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import QRCode from 'qrcode';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../server/test/client.ts';
import { type CodeWorld, codeWorld, releaseVersion } from '../../server/test/code-world.ts';
import { startTestServer, type TestServer } from '../../server/test/harness.ts';
import { accountOf, wechatApi } from '../../server/test/oa-world.ts';
import { blankPng, readPng, website, wxBinary } from '../../server/test/qrcodes-world.ts';
import { cameraFile, launchOf, launchOptionsApp, poll, SCREENSHOTS, signUpInClient } from './client-world.ts';

/**
 * The client's scanner in Chromium: codes seen by a (fake) camera, picked from the album, and
 * handed over by a code's landing page, each opening the mini program with WeChat's scene and
 * launch query; codes of nothing and images without a code get a clear answer.
 */
describe('the client scanner in Chromium', () => {
  let server: TestServer;
  let site: Awaited<ReturnType<typeof website>>;
  let code: CodeWorld;
  let browser: Browser | undefined;
  let users = 0;
  const wx = (path: string, body: unknown) => wxBinary(server, code.token, path, body);

  /** A browser whose camera sees `png` (or Chromium's test pattern), signed in as a new user. */
  async function clientWithCamera(png?: Buffer): Promise<Page> {
    users += 1;
    const args = ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'];
    if (png) args.push(`--use-file-for-fake-video-capture=${cameraFile(png, String(users))}`);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args });
    const context = await browser.newContext({ viewport: { width: 390, height: 780 }, deviceScaleFactor: 2 });
    await context.grantPermissions(['camera'], { origin: server.url });
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') console.error(`[client] ${message.text()}`);
    });
    await signUpInClient(page, server.url, `scanner_${users}`, `扫码用户${users}`);
    return page;
  }

  const openScanner = async (page: Page) => {
    await page.getByRole('button', { name: '发现' }).click();
    await page.getByRole('button', { name: '扫一扫' }).click();
    await poll(() => page.locator('.scanner').isVisible()).toBe(true);
  };

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    site = await website();
    code = await codeWorld(server, '扫码');
    await releaseVersion(code, '1.0.0', launchOptionsApp());
    // The shop's domain is verified by the file it serves; the site runs on loopback here.
    await server.ctx.settings.set('qrcodes.rulesForIndividuals', true);
    await server.ctx.settings.set('qrcodes.verifyPrivateAddresses', true);
    const file = await code.wx('/cgi-bin/wxopen/qrcodejumpdownload', {});
    site.files.set(`/shop/${file.file_name}`, file.file_content);
    const prefix = `${site.origin}/shop/`;
    const added = await code.wx('/cgi-bin/wxopen/qrcodejumpadd', {
      prefix,
      permit_sub_rule: 1,
      path: 'pages/menu/menu?from=poster',
      open_version: 3,
      debug_url: [],
      is_edit: 0,
    });
    expect(added.errcode).toBe(0);
    expect((await code.wx('/cgi-bin/wxopen/qrcodejumppublish', { prefix })).errcode).toBe(0);
  });
  afterEach(async () => {
    await browser?.close();
    browser = undefined;
  });
  afterAll(async () => {
    await server?.close();
    await site?.close();
  });

  it('scans a printed ordinary link with the camera and opens the rule’s page with q and scancode_time (1011)', async () => {
    const link = `${site.origin}/shop/item?id=42`;
    const png = await QRCode.toBuffer(link, { type: 'png', width: 360, margin: 2 });
    const page = await clientWithCamera(png);
    await openScanner(page);
    await poll(() => launchOf(page, '.launch')).toMatchObject({
      path: 'pages/menu/menu',
      scene: 1011,
      query: { from: 'poster', q: encodeURIComponent(link) },
    });
    const { query } = await launchOf(page, '.launch');
    expect(query.scancode_time).toBe(String(Math.floor(server.clock() / 1000)));
    expect(await launchOf(page, '.options')).toEqual(query);
    expect(decodeURIComponent(query.q)).toBe(link);
    // The scanner closed behind the mini program.
    expect(await page.locator('.scanner').count()).toBe(0);
    await page.screenshot({ path: resolve(SCREENSHOTS, 'client-scanned-link.png') });
  });

  it('scans a mini program code with the camera and opens its page with query.scene (1047)', async () => {
    const made = await wx('/wxa/getwxacodeunlimit', {
      scene: 'shop=7&k=(v)',
      page: 'pages/menu/menu',
      width: 280,
    });
    expect(made.type).toBe('image/png');
    const page = await clientWithCamera(made.bytes);
    await openScanner(page);
    await poll(() => launchOf(page, '.launch')).toMatchObject({
      path: 'pages/menu/menu',
      scene: 1047,
      query: { scene: encodeURIComponent('shop=7&k=(v)') },
    });
  });

  it('reads codes from album images: a mini program code opens with 1049, a square code with 1013', async () => {
    const page = await clientWithCamera();
    await openScanner(page);
    // The camera's picture (Chromium's test pattern here) is live before the screenshot.
    await poll(() => page.locator('.scan-video').evaluate((v: HTMLVideoElement) => v.currentTime > 0.5)).toBe(
      true,
    );
    await page.screenshot({ path: resolve(SCREENSHOTS, 'client-scanner.png') });
    const wxacode = await wx('/wxa/getwxacode', { path: 'pages/menu/menu?from=album' });
    await page.locator('.scan-album input').setInputFiles({
      name: 'code.png',
      mimeType: 'image/png',
      buffer: wxacode.bytes,
    });
    await poll(() => launchOf(page, '.launch')).toMatchObject({
      path: 'pages/menu/menu',
      scene: 1049,
      query: { from: 'album' },
    });
    await page.getByRole('button', { name: '关闭' }).click();

    const square = await wx('/cgi-bin/wxaapp/createwxaqrcode', { path: 'pages/index/index?sq=1' });
    await openScanner(page);
    await page.locator('.scan-album input').setInputFiles({
      name: 'square.png',
      mimeType: 'image/png',
      buffer: square.bytes,
    });
    await poll(() => launchOf(page, '.launch')).toMatchObject({
      path: 'pages/index/index',
      scene: 1013,
      query: { sq: '1' },
    });
  });

  it('opens a code link from its landing page in an ordinary browser tab as a camera scan (1047)', async () => {
    const made = await wx('/wxa/getwxacode', { path: 'pages/menu/menu?from=landing' });
    const link = readPng(made.bytes) as string;
    const page = await clientWithCamera();
    await page.goto(link);
    await poll(() => page.locator('h1').textContent()).toMatch(/小程序「扫码\d+」/);
    await page.getByRole('link', { name: /在客户端中打开/ }).click();
    await poll(() => launchOf(page, '.launch')).toMatchObject({
      path: 'pages/menu/menu',
      scene: 1047,
      query: { from: 'landing' },
    });
  });

  it('answers a picture without a code, and a code of an unknown web page, clearly and in English too', async () => {
    const page = await clientWithCamera();
    await openScanner(page);
    await page.locator('.scan-album input').setInputFiles({
      name: 'blank.png',
      mimeType: 'image/png',
      buffer: blankPng(300, 300),
    });
    await poll(() => page.getByRole('alert').textContent()).toMatch(/二维码|无法/);
    expect(await page.locator('.mp-overlay:not([hidden])').count()).toBe(0);

    const web = await QRCode.toBuffer('https://www.example.com/news/1', { type: 'png', width: 300 });
    await page.getByRole('button', { name: '继续扫描' }).click();
    await page
      .locator('.scan-album input')
      .setInputFiles({ name: 'web.png', mimeType: 'image/png', buffer: web });
    await poll(() => page.locator('.scan-result a').getAttribute('href')).toBe(
      'https://www.example.com/news/1',
    );
    expect(await page.locator('.scan-result').textContent()).toContain('网页');

    await page.getByRole('button', { name: '返回' }).click();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Scan' }).click();
    await page.locator('.scan-album input').setInputFiles({
      name: 'blank.png',
      mimeType: 'image/png',
      buffer: blankPng(300, 300),
    });
    await poll(() => page.getByRole('alert').textContent()).toMatch(/code/i);
  });

  it('reads an ordinary link’s QR code in an image of an official account’s conversation on a long press, opening the rule’s page with q and scancode_time (1012)', {
    timeout: 90_000,
  }, async () => {
    const page = await clientWithCamera();
    const { account, secret } = await accountOf(code, '扫码资讯');
    const reader = await new ApiClient(server.url).signInEndUser(`scanner_${users}`, 'password-123');
    expect((await reader.post(`/api/v1/client/official-accounts/${account.appid}/follow`)).status).toBe(200);
    const following = (await reader.get('/api/v1/client/following')).body as Array<{ openid: string }>;
    // The account sends its follower a poster: a QR code of a link under the published rule.
    const link = `${site.origin}/shop/poster?id=9`;
    const png = await QRCode.toBuffer(link, { type: 'png', width: 360, margin: 2 });
    const api = wechatApi(server.url, account.appid, secret) as any;
    const media = await api.uploadMedia(png, 'image', 'poster.png', 'image/png');
    server.clock.advance(1000);
    await api.sendImage(following[0]!.openid, media.media_id);

    await page.goto(`${server.url}/client/#/oa/${account.appid}`);
    const image = page.locator('.message .bubble-image').last();
    await poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    const box = (await image.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.waitForTimeout(800);
    await page.mouse.up();
    await page.getByRole('button', { name: '识别图中二维码' }).click();
    await poll(() => launchOf(page, '.launch')).toMatchObject({
      path: 'pages/menu/menu',
      scene: 1012,
      query: { from: 'poster', q: encodeURIComponent(link) },
    });
    const { query } = await launchOf(page, '.launch');
    expect(query.scancode_time).toBe(String(Math.floor(server.clock() / 1000)));
    expect(await launchOf(page, '.options')).toEqual(query);
    expect(decodeURIComponent(query.q)).toBe(link);
  });
});
