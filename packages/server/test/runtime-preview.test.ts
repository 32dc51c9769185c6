import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './client.ts';
import { type CodeWorld, codeWorld, person } from './code-world.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';

const DEMO = resolve(import.meta.dirname, '../../../examples/demo');

function demoFiles(): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name !== 'project.config.json') files[relative(DEMO, path)] = readFileSync(path);
    }
  };
  walk(DEMO);
  return files;
}

/** The spine end to end: a package uploaded to the server, served by it, rendered by the runtime in Chromium. */
describe.each(dialects)('the runtime on packages served by the server (%s)', (dialect) => {
  let server: TestServer;
  let browser: Browser;
  let w: CodeWorld;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
    w = await codeWorld(server, '预览');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function openPreview(url: string) {
    const page = await browser.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') console.error(`[preview] ${message.text()}`);
    });
    await page.goto(url);
    const frame = page.frameLocator('iframe');
    return { page, frame };
  }

  it('renders the released demo from the server with the runtime, and taps through it', async () => {
    expect((await w.upload('1.0.0', demoFiles())).status).toBe(201);
    const submitted = await w.wx('/wxa/submit_audit', { item_list: [await w.item()] });
    expect((await w.reviewer.post(`/api/v1/review/audits/${submitted.auditid}/approve`)).status).toBe(200);
    expect((await w.wx('/wxa/release', {})).errcode).toBe(0);

    const launch = await new ApiClient(server.url).get(`/api/v1/launch/${w.app.appid}`);
    expect(launch.status).toBe(200);
    const query = new URLSearchParams({
      appid: w.app.appid,
      packageBase: launch.body.packageBase,
      scene: '1035',
    });
    const { page, frame } = await openPreview(`${server.url}/runtime/preview.html?${query}`);
    const names = frame.locator('.wx-page-host:not([hidden]) .tea-name');
    await expect.poll(() => names.allTextContents(), { timeout: 15_000 }).toContain('西湖龙井');
    await frame.locator('.wx-page-host:not([hidden]) .tea >> text=云南普洱').click();
    await expect.poll(() => frame.locator('.wx-navigation-title').textContent()).toBe('云南普洱');
    await frame.locator('.wx-navigation-back').click();
    await frame.locator('.wx-tab-bar-item >> text=我的').click();
    await expect
      .poll(() => frame.locator('.wx-page-host:not([hidden]) .section >> nth=1').textContent())
      .toContain('进入场景：1035');
    await page.close();
  });

  it("opens a submitted, unreleased version in the reviewer's preview, and keeps it from strangers", async () => {
    const files = demoFiles();
    files['pages/index/index.json'] = Buffer.from(
      JSON.stringify({ navigationBarTitleText: '码头茶铺（新版）' }),
    );
    const uploaded = await w.upload('1.1.0', files);
    expect(uploaded.status).toBe(201);
    const submitted = await w.wx('/wxa/submit_audit', { item_list: [await w.item()] });
    expect(submitted.errcode).toBe(0);

    const detail = await w.reviewer.get(`/api/v1/review/audits/${submitted.auditid}`);
    expect(detail.status).toBe(200);
    // Strangers: anonymous, and a signed-in developer of nothing here.
    const { client: stranger, token: strangerToken } = await person(server);
    expect((await stranger.get(`/api/v1/review/audits/${submitted.auditid}`)).status).toBe(403);
    for (const version of ['trial', 'develop']) {
      const path = `/api/v1/launch/${w.app.appid}?version=${version}`;
      expect((await fetch(`${server.url}${path}`)).status).not.toBe(200);
      expect((await stranger.get(path)).status).not.toBe(200);
    }
    // The submitted version's files are not served without the reviewer's grant.
    const ungranted = `${server.url}/pkg/${w.app.appid}/${uploaded.body.versionHash}/_wharf/manifest.json`;
    expect((await fetch(ungranted)).status).toBe(404);
    expect((await fetch(ungranted, { headers: { authorization: `Bearer ${strangerToken}` } })).status).toBe(
      404,
    );

    const { page, frame } = await openPreview(detail.body.preview.url);
    await expect
      .poll(() => frame.locator('.wx-navigation-title').textContent(), { timeout: 15_000 })
      .toBe('码头茶铺（新版）');
    // The released version is still the old one for everybody else.
    const launch = await new ApiClient(server.url).get(`/api/v1/launch/${w.app.appid}`);
    expect(launch.body.userVersion).toBe('1.0.0');
    await page.close();
  });

  it('serves package files so that, opened as documents, they cannot run script on the platform origin', async () => {
    const files = { ...demoFiles(), 'images/evil.svg': Buffer.from(EVIL_SVG) };
    expect((await w.upload('1.2.0', files)).status).toBe(201);
    const launch = await w.dev.get(`/api/v1/launch/${w.app.appid}?version=develop`);
    const url = `${launch.body.packageBase}images/evil.svg`;
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain('sandbox');

    const page = await browser.newPage();
    await page.goto(url);
    await page.waitForTimeout(300);
    expect(await page.title()).not.toBe('PWNED');
    expect(await page.evaluate(() => self.origin)).toBe('null');
    await page.close();
  });

  it('keeps the runtime frame opaque even when a page frames it without the sandbox attribute', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/runtime/frame.html`);
    expect(await page.evaluate(() => self.origin)).toBe('null');
    expect(
      await page.evaluate(() => {
        try {
          return document.cookie;
        } catch (error) {
          return (error as Error).name;
        }
      }),
    ).toBe('SecurityError');
    await page.close();
  });
});

const EVIL_SVG = `<svg xmlns="http://www.w3.org/2000/svg"><script>document.title = 'PWNED'</script></svg>`;
