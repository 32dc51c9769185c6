/**
 * Component instances as WeChat gives them: lifetimes in WeChat's order (ready included),
 * moved / detached / error, the documented instance properties and methods, errors in `.wxs`
 * attributed to their own file and line, and WXS touch handlers that return false preventing
 * the default for real.
 */
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byId, fixtureFiles, type Harness, openMiniProgram, startHarness } from './harness.ts';

let harness: Harness;
let packageBase: string;
let page: Page;
let frame: Frame;

beforeAll(async () => {
  harness = await startHarness();
  const published = await harness.publish('lifetimes', await fixtureFiles('lifetimes'));
  expect(published.diagnostics).toEqual([]);
  packageBase = published.packageBase;
  page = await harness.browser.newPage({ viewport: { width: 375, height: 667 }, hasTouch: true });
  await page.goto(`${harness.hostOrigin}/host.html`);
  await page.waitForFunction(() => (window as unknown as { __hostReady?: boolean }).__hostReady === true);
  ({ frame } = await openMiniProgram(harness, packageBase, { page }));
});
afterAll(() => harness?.close());

type Globals = { log: string[]; facts: Record<string, unknown> };
const globals = () =>
  frame.evaluate(
    () =>
      (globalThis as unknown as { __wharf: { runtime: { appInstance: { globalData: Globals } } } }).__wharf
        .runtime.appInstance.globalData,
  );
const log = async () => (await globals()).log;
const facts = async () => (await globals()).facts;
const hostLogs = () =>
  page.evaluate(
    () => (window as unknown as { __logs: { message: string; file?: string; line?: number }[] }).__logs,
  );

const before = (entries: string[], first: string, second: string) => {
  expect(entries).toContain(first);
  expect(entries).toContain(second);
  expect(entries.indexOf(first)).toBeLessThan(entries.indexOf(second));
};

describe('component lifetimes and instances', () => {
  it("fires created → attached → ready, children's ready before the parent's and before the page's onReady", async () => {
    await expect.poll(async () => (await log()).includes('page:onReady')).toBe(true);
    const entries = await log();
    for (const name of ['inner1', 'inner2', 'a', 'b']) {
      before(entries, `${name}:attached`, `${name}:ready`);
      before(entries, `${name}:ready`, 'page:onReady');
    }
    before(entries, 'box:created', 'box:attached');
    before(entries, 'box:attached', 'box:ready');
    before(entries, 'inner1:ready', 'box:ready');
    before(entries, 'inner2:ready', 'box:ready');
    before(entries, 'box:ready', 'page:onReady');
    // As in WeChat: components attach before the page's onLoad; ready waits for the first render.
    before(entries, 'box:attached', 'page:onLoad');
    before(entries, 'page:onShow', 'box:ready');
    expect(entries.filter((e) => e === 'box:ready')).toHaveLength(1);
    expect(entries.filter((e) => e === 'leaf:created')).toHaveLength(4);
    // ready comes after layout: the component's own query measures its node.
    await expect.poll(async () => (await facts()).frameHeight).toBe(40);
  });

  it('fires ready for components added later, moved when a keyed list reorders, detached when removed', async () => {
    await frame.click(byId('toggle'));
    await expect.poll(log).toContain('extra:ready');
    before(await log(), 'extra:attached', 'extra:ready');
    await frame.click(byId('reorder'));
    await expect.poll(async () => (await log()).some((e) => e === 'a:moved' || e === 'b:moved')).toBe(true);
    await frame.click(byId('toggle'));
    await expect.poll(log).toContain('extra:detached');
  });

  it('gives instances renderer "webview" and the documented properties and methods', async () => {
    const f = await facts();
    expect(f).toMatchObject({
      renderer: 'webview',
      is: 'components/box/box',
      id: 'box',
      role: 'outer',
      hasMarker: true,
      sameAsPage: true,
      owner: true,
      leafs: 'inner1,inner2',
      tabBar: 'null',
      methods: '',
      routers: 'ok,ok',
    });
    expect(f.pageId).toEqual(expect.any(String));
    expect(f.update).toEqual({ dataPaths: [['touched']], ordered: true });
  });

  it('calls the error lifetime when a component method throws, and reports it with its file and line', async () => {
    await frame.click(`${byId('leaf-a')} [id="hit"]`);
    await expect.poll(log).toContain('a:error:boom from a');
    await expect
      .poll(async () => (await hostLogs()).find((l) => l.message.includes('boom from a')))
      .toMatchObject({ file: 'components/leaf/leaf.js', line: 27 });
  });

  it('reports an exception inside a .wxs module against that file and line', async () => {
    await frame.click(byId('wxs-fail'));
    await expect
      .poll(async () =>
        (await hostLogs()).find((l) => /field|undefined/.test(l.message) && l.file?.endsWith('.wxs')),
      )
      .toMatchObject({ file: 'pages/index/probe.wxs', line: 5 });
  });

  it('animates with this.animate / clearAnimation, and routes with this.pageRouter and this.router', async () => {
    const square = `${byId('box')} [id="animate"]`;
    const looks = () =>
      frame.$eval(square, (el) => [getComputedStyle(el).opacity, getComputedStyle(el).width]);
    await frame.click(square);
    await expect.poll(async () => (await facts()).animated).toBe(true);
    // The end state stays, as in WeChat, until clearAnimation.
    expect(await looks()).toEqual(['0.5', '100px']);
    await frame.click(`${byId('box')} [id="clear"]`);
    await expect.poll(async () => (await facts()).cleared).toBe(true);
    expect(await looks()).toEqual(['1', '50px']);
    await frame.click(`${byId('box')} [id="go-page"]`);
    await expect.poll(async () => (await facts()).secondQuery).toEqual({ via: 'page' });
    await page.evaluate(() =>
      (window as unknown as { __handle: { navigateBack(): Promise<boolean> } }).__handle.navigateBack(),
    );
    await expect.poll(() => frame.isVisible(`${byId('box')} [id="go-own"]`)).toBe(true);
    await frame.click(`${byId('box')} [id="go-own"]`);
    await expect.poll(async () => (await facts()).secondQuery).toEqual({ via: 'own' });
  });

  // Last: after real touch input, glass-easel stops turning mouse clicks into taps.
  it('prevents the default of a touchmove when a WXS handler returns false, as catchtouchmove does', async () => {
    await frame.evaluate(() => {
      const seen: Record<string, boolean> = {};
      (globalThis as unknown as { __touch: typeof seen }).__touch = seen;
      window.addEventListener('touchmove', (e) => {
        const id = (e.target as Element).closest('[id]')?.id ?? '';
        seen[id] = (seen[id] ?? false) || e.defaultPrevented;
      });
    });
    const cdp = await page.context().newCDPSession(page);
    const drag = async (id: string) => {
      const box = (await frame.$(byId(id)))!;
      await box.scrollIntoViewIfNeeded();
      const b = (await box.boundingBox())!;
      const x = b.x + b.width / 2;
      const y = b.y + b.height / 2;
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
      for (let i = 1; i <= 3; i++)
        await cdp.send('Input.dispatchTouchEvent', {
          type: 'touchMove',
          touchPoints: [{ x, y: y - i * 10 }],
        });
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    };
    await page.evaluate(() =>
      (window as unknown as { __handle: { navigateBack(): Promise<boolean> } }).__handle.navigateBack(),
    );
    await expect.poll(() => frame.isVisible(byId('wxs-stop'))).toBe(true);
    for (const id of ['wxs-stop', 'catch-zone', 'bind-zone']) await drag(id);
    const seen = await frame.evaluate(
      () => (globalThis as unknown as { __touch: Record<string, boolean> }).__touch,
    );
    expect(seen).toEqual({ 'wxs-stop': true, 'catch-zone': true, 'bind-zone': false });
  });
});
