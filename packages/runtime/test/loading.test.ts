import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPackage } from '../src/build/index.ts';
import { type BuiltManifest, MANIFEST_PATH } from '../src/shared/manifest.ts';
import { byId, fixtureFiles, type Harness, openMiniProgram, startHarness } from './harness.ts';

let harness: Harness;
let manifest: BuiltManifest;

beforeAll(async () => {
  harness = await startHarness();
  const files = await fixtureFiles('loading');
  const built = await buildPackage(files);
  manifest = JSON.parse(new TextDecoder().decode(built.files.get(MANIFEST_PATH)));
  await harness.publish('loading', files);
});
afterAll(() => harness?.close());

describe('loading', () => {
  it('names chunks by content hash, deterministically', async () => {
    const again = await buildPackage(await fixtureFiles('loading'));
    const againManifest = JSON.parse(
      new TextDecoder().decode(again.files.get(MANIFEST_PATH)),
    ) as BuiltManifest;
    expect(againManifest).toEqual(manifest);
    for (const chunk of [...manifest.appChunks, ...Object.values(manifest.pages).flatMap((p) => p.chunks)]) {
      expect(chunk).toMatch(/^_wharf\/c\/[0-9a-f]{20}\.js$/);
    }
    expect(Object.keys(manifest.pages)).toEqual([
      'pages/home/home',
      'pages/about/about',
      'shop/pages/cart/cart',
    ]);
    expect(manifest.subpackageRoots).toEqual(['shop']);
  });

  it('starts from the manifest and fetches only the chunks of the pages it opens', async () => {
    const { frame, page } = await openMiniProgram(harness, `${harness.runtimeOrigin}/pkg/loading`);
    const home = manifest.pages['pages/home/home']!.chunks;
    // The launch page's chunks download alongside the app's (in either order), after the manifest.
    const atLaunch = [...(harness.fetched.get('loading') ?? [])];
    expect(atLaunch[0]).toBe(MANIFEST_PATH);
    expect([...atLaunch.slice(1)].sort()).toEqual([...manifest.appChunks, ...home].sort());
    await frame.click(byId('to-cart'));
    await expect.poll(() => frame.textContent(byId('name'))).toBe('cart');
    const cart = manifest.pages['shop/pages/cart/cart']!.chunks.filter((c) => !home.includes(c));
    expect(harness.fetched.get('loading')?.slice(atLaunch.length)).toEqual(cart);
    expect(harness.fetched.get('loading')).not.toContain(manifest.pages['pages/about/about']!.chunks.at(-1));
    await page.close();
  });

  it('opens in a preloaded runtime frame: moved into place without reloading, then a new spare is prepared', async () => {
    const page = await harness.browser.newPage({ viewport: { width: 375, height: 667 } });
    const frameLoads: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/runtime/frame.')) frameLoads.push(r.url().replace(/^.*\//, ''));
    });
    await page.goto(`${harness.hostOrigin}/host.html`);
    await page.waitForFunction(() => (window as unknown as { __hostReady?: boolean }).__hostReady === true);
    const runtimeBase = `${harness.runtimeOrigin}/runtime`;
    const preload = (base: string) =>
      page.evaluate(
        (b) => (window as unknown as { __preload: (b: string) => Promise<boolean> }).__preload(b),
        base,
      );
    expect(await preload(runtimeBase)).toBe(true);
    expect(frameLoads.sort()).toEqual(['frame.css', 'frame.html', 'frame.js']);
    // A mark in the spare's own realm: it survives only if the document is never reloaded.
    const spare = page.frames().find((f) => f.url().endsWith('/runtime/frame.html'))!;
    await spare.evaluate(() => Object.assign(window, { __spareMark: 'booted before the open' }));
    const { frame } = await openMiniProgram(harness, `${harness.runtimeOrigin}/pkg/loading`, { page });
    expect(await frame.evaluate(() => (window as unknown as { __spareMark?: string }).__spareMark)).toBe(
      'booted before the open',
    );
    expect(await page.evaluate(() => document.querySelector<HTMLIFrameElement>('#app iframe')?.title)).toBe(
      'wxfixture',
    );
    await frame.click(byId('to-cart'));
    await expect.poll(() => frame.textContent(byId('name'))).toBe('cart');
    // After the first paint another spare boots for the next open.
    await expect
      .poll(() => page.evaluate(() => document.querySelectorAll('[data-wharf-spare-frames] iframe').length))
      .toBe(1);
    expect(await preload(runtimeBase)).toBe(true);
    expect(frameLoads.filter((f) => f === 'frame.html')).toHaveLength(2);
    await page.close();
  });
});
