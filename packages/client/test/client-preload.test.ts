import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CodeWorld, codeWorld, releaseVersion } from '../../server/test/code-world.ts';
import { startTestServer, type TestServer } from '../../server/test/harness.ts';
import { accountOf, oaCall } from '../../server/test/oa-world.ts';
import { readPng, wxBinary } from '../../server/test/qrcodes-world.ts';
import { launchOf, launchOptionsApp, poll, signUpInClient } from './client-world.ts';

/**
 * The client boots a runtime frame when its shell mounts (`GET /api/v1/runtime`, then the
 * runtime's `preloadMiniProgramRuntime`), so the first mini program opened skips the frame's
 * boot: the panel adopts that very frame instead of loading a new one.
 */
describe('the preloaded runtime frame in Chromium', { timeout: 90_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let world: CodeWorld;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
    world = await codeWorld(server, '预载');
    await releaseVersion(world, '1.0.0', launchOptionsApp());
    page = await browser.newPage({ viewport: { width: 390, height: 780 } });
    await signUpInClient(page, server.url, 'preload_user', '预载用户');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('answers the runtime origin to anyone, for a client to preload from', async () => {
    const response = await fetch(`${server.url}/api/v1/runtime`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ runtimeBase: `${server.runtimeUrl}/runtime/` });
  });

  it('boots a spare frame on the runtime origin at start and opens the first mini program in it', async () => {
    await poll(() => page.locator('html[data-runtime-preloaded="true"]').count()).toBe(1);
    const spare = page.locator('[data-wharf-spare-frames] iframe');
    expect(await spare.count()).toBe(1);
    expect(await spare.getAttribute('src')).toBe(`${server.runtimeUrl}/runtime/frame.html`);
    // Tag the spare's element: the panel must show this one, not a frame made at the tap.
    await spare.evaluate((frame) => {
      frame.dataset.bootedBeforeTap = 'yes';
    });

    const code = await wxBinary(server, world.token, '/wxa/getwxacode', { path: 'pages/index/index' });
    await page.goto(`${server.url}/client/#/scan?text=${encodeURIComponent(readPng(code.bytes) as string)}`);
    await poll(async () => (await launchOf(page, '.launch'))?.scene).toBe(1047);
    const shown = page.locator('.mp-overlay:not([hidden]) .mp-phone iframe');
    expect(await shown.getAttribute('data-booted-before-tap')).toBe('yes');
    // And the next open has a spare again, booted after this one painted.
    await poll(() => page.locator('[data-wharf-spare-frames] iframe').count()).toBe(1);
    expect(
      await page.locator('[data-wharf-spare-frames] iframe').getAttribute('data-booted-before-tap'),
    ).toBe(null);
  });

  it('asks a shown menu’s launch at once and preloads its first files in the spare, so the tap fetches neither', async () => {
    const { account, secret } = await accountOf(world, '预载茶讯');
    const wx = await oaCall(server.url, account.appid, secret);
    expect((await wx('/cgi-bin/wxopen/wxamplink', { appid: world.app.appid, notify_users: 0 })).errcode).toBe(
      0,
    );
    const menu = await wx('/cgi-bin/menu/create', {
      button: [
        {
          type: 'miniprogram',
          name: '打开预载',
          url: 'https://fallback.example/',
          appid: world.app.appid,
          pagepath: 'pages/menu/menu?from=menu',
        },
      ],
    });
    expect(menu.errcode).toBe(0);
    const signIn = await fetch(`${server.url}/api/v1/client/signin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'preload_user', password: 'password-123' }),
    });
    const { token } = (await signIn.json()) as { token: string };
    const follow = await fetch(`${server.url}/api/v1/client/official-accounts/${account.appid}/follow`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(follow.status).toBe(200);
    // The files the open starts with: the app's chunks and the menu page's.
    const launch = (await (
      await fetch(`${server.url}/api/v1/launch/${world.app.appid}?path=pages%2Fmenu%2Fmenu`)
    ).json()) as {
      packageBase: string;
      manifest: { appChunks: string[]; pages: Record<string, { chunks: string[] }> };
    };
    const firstFiles = [
      ...launch.manifest.appChunks,
      ...launch.manifest.pages['pages/menu/menu']!.chunks,
    ].map((path) => new URL(path, launch.packageBase).href);
    expect(firstFiles.length).toBeGreaterThan(1);

    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    const launches = () => requests.filter((url) => url.includes(`/api/v1/launch/${world.app.appid}`)).length;
    const fetchesOf = (url: string) => requests.filter((r) => r === url).length;

    // A fresh load of the client (the last test left a mini program open): a new spare boots.
    await page.goto(`${server.url}/client/?again#/oa/${account.appid}`);
    await page.getByRole('button', { name: '打开预载' }).waitFor();
    // Shown, not tapped: the launch is asked and the spare preloads the files, running nothing.
    await poll(() => launches()).toBe(1);
    await poll(() => firstFiles.map(fetchesOf)).toEqual(firstFiles.map(() => 1));
    const spare = page.locator('[data-wharf-spare-frames] iframe');
    expect(await spare.count()).toBe(1);
    expect(await page.frameLocator('[data-wharf-spare-frames] iframe').locator('.wx-page-host').count()).toBe(
      0,
    );
    await spare.evaluate((frame) => {
      frame.dataset.bootedBeforeMenu = 'yes';
    });

    await page.getByRole('button', { name: '打开预载' }).click();
    await poll(async () => (await launchOf(page, '.launch'))?.scene).toBe(1035);
    expect(await launchOf(page, '.options')).toEqual({ from: 'menu' });
    expect(
      await page
        .locator('.mp-overlay:not([hidden]) .mp-phone iframe')
        .getAttribute('data-booted-before-menu'),
    ).toBe('yes');
    // The tap asked no launch of its own and fetched none of the preloaded files again.
    expect(launches()).toBe(1);
    expect(firstFiles.map(fetchesOf)).toEqual(firstFiles.map(() => 1));
  });
});
