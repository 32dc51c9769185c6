/**
 * Two more published packages, unchanged, built into miniprogram_npm from the fixture's
 * package.json by `buildMiniprogramNpm`: mp-html 2.5 (the rich-text renderer; its
 * `miniprogram` field names `dist/mp-weixin`) rendering an article with an image and links,
 * and the behaviour miniprogram-computed 7.1 (`miniprogram: dist`; its plain-JS dependencies
 * fast-deep-equal and rfdc are bundled from their `main`) giving a component computed fields
 * and watchers.
 */
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byId, fixtureWithNpm, type Harness, openMiniProgram, startHarness } from './harness.ts';

let harness: Harness;
let page: Page;
let frame: Frame;
let diagnostics: unknown[];
let files: Map<string, Uint8Array>;

beforeAll(async () => {
  harness = await startHarness();
  files = await fixtureWithNpm('libraries');
  const published = await harness.publish('libraries', files);
  diagnostics = published.diagnostics;
  page = await harness.browser.newPage({ viewport: { width: 375, height: 667 } });
  await page
    .context()
    .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: harness.hostOrigin });
  await page.goto(`${harness.hostOrigin}/host.html`);
  await page.waitForFunction(() => (window as unknown as { __hostReady?: boolean }).__hostReady === true);
  ({ frame } = await openMiniProgram(harness, published.packageBase, { page }));
});
afterAll(() => harness?.close());

const logs = () => page.evaluate(() => (window as never as { __logs: unknown[] }).__logs);
const events = async () => JSON.parse((await frame.textContent(byId('events'))) || '[]');
const lastEvent = async () => (await events()).at(-1);
const article = (selector: string) => `${byId('article')} ${selector}`;

describe('mp-html from miniprogram_npm', () => {
  it('builds the packages and their plain-JS dependencies into miniprogram_npm', () => {
    expect(diagnostics).toEqual([]);
    expect(files.has('miniprogram_npm/mp-html/index.wxml')).toBe(true);
    expect(files.has('miniprogram_npm/miniprogram-computed/index.js')).toBe(true);
    expect(files.has('miniprogram_npm/fast-deep-equal/index.js')).toBe(true);
    expect(files.has('miniprogram_npm/rfdc/index.js')).toBe(true);
  });

  it('renders the article: headings, inline styles, lists and an image sized by widthFix', async () => {
    await expect
      .poll(async () => (await events()).map((e: { type: string }) => e.type))
      .toEqual(['load', 'ready']);
    expect(await lastEvent()).toEqual({ type: 'ready', detail: { height: true } });
    expect(await frame.textContent(article('h1'))).toBe('港口日记');
    expect(await frame.textContent(article('strong'))).toBe('货轮');
    expect(await frame.$eval(article('span'), (el) => getComputedStyle(el).color)).toBe('rgb(204, 0, 0)');
    expect(await frame.$$eval(article('li'), (els) => els.map((el) => el.textContent))).toEqual([
      '一号码头',
      '二号码头',
    ]);
    // mp-html writes `height:1px` on the image and relies on widthFix: 120px wide, 2:1 → 60px high.
    const box = await frame.$eval(article('image'), (el) => {
      const r = el.getBoundingClientRect();
      return [Math.round(r.width), Math.round(r.height)];
    });
    expect(box).toEqual([120, 60]);
    // mp-html's recursive <node> component renders its own children (the links' text).
    expect(await frame.$$eval(article('._a'), (els) => els.map((el) => el.textContent))).toEqual([
      '查看购物车',
      '外部文档',
    ]);
    expect(await logs()).toEqual([]);
  });

  it('previews the tapped image with wx.previewImage; a tap closes the viewer', async () => {
    await frame.click(article('image'));
    await expect.poll(lastEvent).toEqual({ type: 'imgtap', detail: { src: '/images/harbour.png' } });
    const viewer = frame.locator('.wx-image-preview');
    await expect.poll(() => viewer.isVisible()).toBe(true);
    await expect
      .poll(() => frame.$eval('.wx-image-preview-image', (el) => (el as HTMLImageElement).naturalWidth))
      .toBe(60);
    expect(await frame.getAttribute('.wx-image-preview-image', 'src')).toMatch(
      /\/pkg\/libraries\/images\/harbour\.png$/,
    );
    await viewer.click();
    await expect.poll(() => frame.locator('.wx-image-preview').count()).toBe(0);
  });

  it('copies an external link to the clipboard through the host, and reads the clipboard back', async () => {
    await page.evaluate(() => navigator.clipboard.writeText('before'));
    await frame.click(`${article('._a')} >> text=外部文档`);
    await expect
      .poll(lastEvent)
      .toEqual({ type: 'linktap', detail: { href: 'https://example.com/docs', innerText: '外部文档' } });
    await expect
      .poll(() => page.evaluate(() => navigator.clipboard.readText()))
      .toBe('https://example.com/docs');
    // mp-html's own success toast replaces WeChat's "内容已复制".
    await expect.poll(() => frame.textContent('.wx-toast-title')).toBe('链接已复制');
    // wx.getClipboardData reads the host's clipboard back.
    await page.evaluate(() => navigator.clipboard.writeText('从别处复制'));
    await frame.click(byId('paste'));
    await expect.poll(lastEvent).toEqual({ type: 'paste', detail: '从别处复制' });
  });

  it('follows an in-package link with wx.navigateTo, query included', async () => {
    await frame.click(`${article('._a')} >> text=查看购物车`);
    await expect.poll(() => frame.textContent(byId('from'))).toBe('article');
    expect(
      await page.evaluate(() => (window as never as { __handle: { stack: string[] } }).__handle.stack),
    ).toEqual(['pages/article/article', 'pages/computed/computed']);
  });
});

describe('miniprogram-computed', () => {
  it('computes fields from data and properties, and recomputes as the user types and taps', async () => {
    await expect.poll(() => frame.textContent(byId('line'))).toBe('1 × 12 = 12');
    expect(await frame.textContent(byId('label'))).toBe('还差 38 包邮');
    await frame.click(byId('count'));
    await page.keyboard.press('Control+A');
    await page.keyboard.type('3');
    await expect.poll(() => frame.textContent(byId('line'))).toBe('3 × 12 = 36');
    await frame.click(byId('more'));
    await expect.poll(() => frame.textContent(byId('line'))).toBe('4 × 12 = 48');
    // A property change from the page recomputes too, and computed fields chain (label reads total).
    await frame.click(byId('raise'));
    await expect.poll(() => frame.textContent(byId('line'))).toBe('4 × 15 = 60');
    expect(await frame.textContent(byId('label'))).toBe('满 50 包邮');
  });

  it('runs watchers on the fields they name, once per change', async () => {
    // The first entry is the page's price arriving (the property's default 0 → 12).
    expect(JSON.parse((await frame.textContent(byId('watched'))) || '[]')).toEqual([
      [1, 12],
      [3, 12],
      [4, 12],
      [4, 15],
    ]);
    // The total watcher told the page through triggerEvent.
    expect(await frame.textContent(byId('page-total'))).toBe('60');
    expect(await logs()).toEqual([]);
  });
});
