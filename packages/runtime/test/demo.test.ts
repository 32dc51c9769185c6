import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES, type Harness, openMiniProgram, readFolder, startHarness } from './harness.ts';

let harness: Harness;
let packageBase: string;
let diagnostics: unknown[];

beforeAll(async () => {
  harness = await startHarness();
  ({ packageBase, diagnostics } = await harness.publish('demo', await readFolder(join(EXAMPLES, 'demo'))));
});
afterAll(() => harness?.close());

const shown = (selector: string) => `.wx-page-host:not([hidden]) ${selector}`;

describe('examples/demo', () => {
  it('browses the list, opens a tea, adds it to the cart, orders it and shares', async () => {
    expect(diagnostics).toEqual([]);
    const { frame, page } = await openMiniProgram(harness, packageBase, {
      appid: 'wxdemo0000000001',
      launch: { scene: 1001 },
    });
    expect(await frame.locator(shown('.tea-name')).allTextContents()).toEqual([
      '西湖龙井',
      '安溪铁观音',
      '云南普洱',
      '洞庭碧螺春',
      '武夷大红袍',
    ]);
    expect(await frame.textContent(shown('.price'))).toBe('¥68.00');
    await frame.click(shown('.tea >> text=云南普洱'));
    await expect.poll(() => frame.textContent('.wx-navigation-title')).toBe('云南普洱');
    await frame.click(shown('.add'));
    await expect.poll(() => frame.textContent('.wx-toast-title')).toBe('已加入购物车');
    const share = await page.evaluate(() =>
      (window as never as { __handle: { requestShare(): Promise<unknown> } }).__handle.requestShare(),
    );
    expect(share).toMatchObject({ title: '推荐一款好茶：云南普洱', path: 'pages/detail/detail?id=puer' });
    await frame.click('.wx-navigation-back');
    await expect.poll(() => frame.textContent(shown('.banner .muted'))).toBe('共 5 款 · 购物车 1 件');
    await frame.click('.wx-tab-bar-item >> text=下单');
    await frame.fill(shown('input[placeholder="请输入姓名"]'), '王小二');
    await frame.fill(shown('input[placeholder="请输入手机号"]'), '13800000000');
    await frame.click(shown('picker'));
    await frame.click('.wx-sheet-item >> text=明天 10:00');
    await frame.click(shown('.submit'));
    await expect.poll(() => frame.textContent(shown('.order'))).toContain('王小二 · 明天 10:00 · 1 件');
    await frame.click('.wx-tab-bar-item >> text=我的');
    await frame.click(shown('.login'));
    await expect.poll(() => frame.textContent(shown('.code'))).toBe('登录凭证：code-for-user-1');
    await frame.click(shown('.profile'));
    await expect.poll(() => frame.textContent(shown('.nickname'))).toBe('测试用户');
    expect(await frame.textContent(shown('.section >> nth=1'))).toContain('进入场景：1001');
    await page.close();
  });

  it('opens in the reviewer preview page with the same runtime', async () => {
    const page = await harness.browser.newPage({ viewport: { width: 900, height: 800 } });
    const query = new URLSearchParams({
      appid: 'wxdemo0000000001',
      packageBase,
      path: 'pages/detail/detail',
      query: 'id=longjing',
      scene: '1017',
    });
    await page.goto(`${harness.runtimeOrigin}/runtime/preview.html?${query}`);
    const frame = page.frameLocator('iframe');
    await expect
      .poll(() => frame.locator('.wx-page-host:not([hidden]) .detail-name').textContent())
      .toBe('西湖龙井');
    await expect
      .poll(() => page.textContent('#preview-log'))
      .toMatch(/painted pages\/detail\/detail in \d+ ms/);
    await page.close();
  });

  it("registers a page's shared chunk before its own, even when the page's chunk arrives first", async () => {
    const manifest = await (await fetch(`${packageBase}/_wharf/manifest.json`)).json();
    const [shared, own] = manifest.pages['pages/index/index'].chunks as string[];
    const page = await harness.browser.newPage({ viewport: { width: 375, height: 667 } });
    // Hold the shared chunk (WXS and modules the page uses) until the page's own chunk has arrived.
    let ownServed!: () => void;
    const ownArrived = new Promise<void>((resolve) => {
      ownServed = resolve;
    });
    await page.route(`**/${shared}`, async (route) => {
      await ownArrived;
      await new Promise((resolve) => setTimeout(resolve, 200));
      await route.continue();
    });
    await page.route(`**/${own}`, async (route) => {
      await route.continue();
      ownServed();
    });
    await page.goto(`${harness.hostOrigin}/host.html`);
    await page.waitForFunction(() => (window as unknown as { __hostReady?: boolean }).__hostReady === true);
    const { frame } = await openMiniProgram(harness, packageBase, { page, launch: { scene: 1001 } });
    expect(await frame.locator(shown('.tea-name')).count()).toBe(5);
    expect(await frame.textContent(shown('.price'))).toBe('¥68.00');
    const errors = await page.evaluate(
      () => (window as never as { __logs: Array<{ level: string }> }).__logs,
    );
    expect(errors.filter((entry) => entry.level === 'error')).toEqual([]);
    await page.close();
  });
});
