import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CodeWorld, codeWorld, releaseVersion } from '../../server/test/code-world.ts';
import { startTestServer, type TestServer } from '../../server/test/harness.ts';
import { readPng, wxBinary } from '../../server/test/qrcodes-world.ts';
import { launchOf, launchOptionsApp, poll, signUpInClient } from './client-world.ts';

/**
 * Issue 21 item 7: mini programs run on an origin of their own (the server's runtime listener),
 * so a mini program that got out of its sandbox would still not be the client's origin.
 */
describe('the runtime origin in Chromium', { timeout: 90_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let world: CodeWorld;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
    world = await codeWorld(server, '源');
    await releaseVersion(world, '1.0.0', launchOptionsApp());
    page = await browser.newPage({ viewport: { width: 390, height: 780 } });
    await signUpInClient(page, server.url, 'origin_user', '源用户');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("runs the mini program on the runtime origin, out of reach of the client's cookies, storage and API", async () => {
    await page
      .context()
      .addCookies([{ name: 'client_note', value: 'cookie-of-the-client', url: server.url }]);
    await page.evaluate(() => localStorage.setItem('client-note', 'storage-of-the-client'));
    const code = await wxBinary(server, world.token, '/wxa/getwxacode', { path: 'pages/index/index' });
    await page.goto(`${server.url}/client/#/scan?text=${encodeURIComponent(readPng(code.bytes) as string)}`);
    await poll(async () => (await launchOf(page, '.launch'))?.scene).toBe(1047);

    const frame = page.frames().find((f) => f.url().includes('/runtime/frame.html'));
    expect(frame).toBeDefined();
    const frameOrigin = new URL(frame!.url()).origin;
    expect(frameOrigin).toBe(server.runtimeUrl);
    expect(frameOrigin).not.toBe(new URL(page.url()).origin);

    const probe = await frame!.evaluate(async (clientUrl) => {
      const attempt = (read: () => unknown) => {
        try {
          return `read: ${String(read())}`;
        } catch (error) {
          return `blocked: ${(error as Error).name}`;
        }
      };
      const api = await fetch(`${clientUrl}/api/v1/client/me`, { credentials: 'include' }).then(
        async (response) => `read: ${response.status} ${await response.text()}`,
        (error: Error) => `blocked: ${error.name}`,
      );
      return {
        origin: self.origin,
        cookie: attempt(() => document.cookie),
        storage: attempt(() => localStorage.getItem('client-note')),
        parentCookie: attempt(() => window.parent.document.cookie),
        parentStorage: attempt(() => window.parent.localStorage.getItem('client-note')),
        api,
      };
    }, server.url);
    expect(probe.origin).toBe('null');
    for (const key of ['cookie', 'storage', 'parentCookie', 'parentStorage', 'api'] as const) {
      expect(probe[key], key).toMatch(/^blocked: /);
    }
    expect(JSON.stringify(probe)).not.toMatch(/of-the-client|origin_user/);
  });

  it('sends the browser to the runtime origin for the frame and package files asked of the platform', async () => {
    const launch = await (await fetch(`${server.url}/api/v1/launch/${world.app.appid}`)).json();
    const other = await browser.newPage();
    try {
      await other.goto(`${server.url}/runtime/frame.html`);
      expect(new URL(other.url()).origin).toBe(server.runtimeUrl);
      const file = `/pkg/${world.app.appid}/${launch.versionHash}/${launch.entryFile}`;
      await other.goto(`${server.url}${file}`);
      expect(other.url()).toBe(`${server.runtimeUrl}${file}`);
      // On the runtime origin there is no client to sign in to.
      const client = await other.goto(`${server.runtimeUrl}/client/`);
      expect(client?.status()).toBe(404);
    } finally {
      await other.close();
    }
  });
});
