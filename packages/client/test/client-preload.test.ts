import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CodeWorld, codeWorld, releaseVersion } from '../../server/test/code-world.ts';
import { startTestServer, type TestServer } from '../../server/test/harness.ts';
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
});
