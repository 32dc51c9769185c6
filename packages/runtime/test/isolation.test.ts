import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byId, fixtureFiles, type Harness, openMiniProgram, startHarness } from './harness.ts';

let harness: Harness;
let packageBase: string;

beforeAll(async () => {
  harness = await startHarness();
  ({ packageBase } = await harness.publish('isolation', await fixtureFiles('isolation')));
});
afterAll(() => harness?.close());

describe('isolation', () => {
  it("cannot read the client's DOM, cookies or storage, nor reach the network itself", async () => {
    const page = await harness.browser.newPage();
    await page.goto(`${harness.hostOrigin}/host.html`);
    await page.evaluate(() => {
      // biome-ignore lint/suspicious/noDocumentCookie: the client's cookie the frame must not be able to read.
      document.cookie = 'session=secret';
      localStorage.setItem('secret', 'client-data');
    });
    const { frame } = await openMiniProgram(harness, packageBase, { page });
    await expect.poll(() => frame.textContent(byId('probes'))).toContain('fetch=');
    const probes = Object.fromEntries(
      ((await frame.textContent(byId('probes'))) ?? '').split(';').map((p) => p.split('=')),
    );
    expect(probes).toEqual({
      parentDocument: 'blocked:SecurityError',
      topLocation: 'blocked:SecurityError',
      cookie: 'blocked:SecurityError',
      localStorage: 'blocked:SecurityError',
      window: 'undefined',
      fetch: 'blocked:TypeError',
    });
    expect(await page.locator('iframe').getAttribute('sandbox')).toBe('allow-scripts');
    await page.close();
  });

  it("keeps one mini program's storage from another's and from another user's", async () => {
    const page = await harness.browser.newPage();
    await page.goto(`${harness.hostOrigin}/host.html`);
    const a = await openMiniProgram(harness, packageBase, { page, appid: 'wxappa' });
    await a.frame.click(byId('write'));
    await expect.poll(() => a.frame.textContent(byId('stored'))).toBe('"wxappa"');
    const b = await openMiniProgram(harness, packageBase, { page, appid: 'wxappb', replace: true });
    expect(await b.frame.textContent(byId('stored'))).toBe('""');
    const otherUser = await openMiniProgram(harness, packageBase, {
      page,
      appid: 'wxappa',
      userId: 'user-2',
      replace: true,
    });
    expect(await otherUser.frame.textContent(byId('stored'))).toBe('""');
    const again = await openMiniProgram(harness, packageBase, { page, appid: 'wxappa', replace: true });
    expect(await again.frame.textContent(byId('stored'))).toBe('"wxappa"');
    await page.close();
  });
});
