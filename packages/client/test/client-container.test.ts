import { resolve } from 'node:path';
import { type Browser, chromium, type FrameLocator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CodeWorld, codeWorld, releaseVersion } from '../../server/test/code-world.ts';
import { startTestServer, type TestServer } from '../../server/test/harness.ts';
import { readPng, wxBinary } from '../../server/test/qrcodes-world.ts';
import { launchOptionsApp, poll, SCREENSHOTS, signUpInClient } from './client-world.ts';

/** 甲: counts its onShow / onHide and prints its enter options; opens 乙 with extraData. */
const opener = (other: string) => ({
  'app.json': JSON.stringify({ pages: ['pages/index/index'], navigateToMiniProgramAppIdList: [other] }),
  'app.js': 'App({ onHide() { this.hides = (this.hides || 0) + 1; } });',
  'pages/index/index.json': '{}',
  'pages/index/index.js': `Page({
    data: { enter: '', hides: 0, shows: 0 },
    onShow() {
      this.setData({ enter: JSON.stringify(wx.getEnterOptionsSync()), hides: getApp().hides || 0, shows: this.data.shows + 1 });
    },
    go() {
      wx.navigateToMiniProgram({ appId: '${other}', path: 'pages/index/index?from=jia', extraData: { hello: '甲' } });
    },
  });`,
  'pages/index/index.wxml':
    '<view class="title">甲</view><view class="enter">{{enter}}</view><view class="hides">{{hides}}</view><view class="shows">{{shows}}</view><button class="go" bindtap="go">去乙</button>',
});

/** 乙: prints its launch options, goes back to whoever opened it, and exits. */
const opened = () => ({
  'app.json': JSON.stringify({ pages: ['pages/index/index'] }),
  'app.js': 'App({});',
  'pages/index/index.json': '{}',
  'pages/index/index.js': `Page({
    data: { launch: '' },
    onLoad() { this.setData({ launch: JSON.stringify(wx.getLaunchOptionsSync()) }); },
    back() { wx.navigateBackMiniProgram({ extraData: { answer: 42 } }); },
  });`,
  'pages/index/index.wxml':
    '<view class="title">乙</view><view class="launch">{{launch}}</view><button class="back" bindtap="back">回甲</button>' +
    '<navigator class="exit" target="miniProgram" open-type="exit">退出</navigator>',
});

/**
 * The client's mini program container: mini programs kept alive in the background (onHide /
 * onShow, no reload), `navigateToMiniProgram` (1037, referrerInfo.extraData) and
 * `navigateBackMiniProgram` (1038) between two mini programs, and at most three kept alive.
 */
describe('the mini program container in Chromium', { timeout: 90_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let jia: CodeWorld;
  let yi: CodeWorld;
  const frontFrame = (): FrameLocator => page.frameLocator('.mp-overlay:not([hidden]) .mp-phone iframe');
  const frameOf = (appid: string): FrameLocator =>
    page.frameLocator(`.mp-phone[data-appid="${appid}"] iframe`);
  const text = (frame: FrameLocator, selector: string) =>
    frame.locator(`.wx-page-host:not([hidden]) ${selector}`).textContent();
  /** Opens a mini program code's link as the landing page hands it to the client (scene 1047). */
  const openCode = async (world: CodeWorld, path = 'pages/index/index') => {
    const code = await wxBinary(server, world.token, '/wxa/getwxacode', { path });
    const link = readPng(code.bytes) as string;
    await page.goto(`${server.url}/client/#/scan?text=${encodeURIComponent(link)}`);
  };

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
    jia = await codeWorld(server, '甲');
    yi = await codeWorld(server, '乙');
    await releaseVersion(jia, '1.0.0', opener(yi.app.appid));
    await releaseVersion(yi, '1.0.0', opened());
    page = await browser.newPage({ viewport: { width: 390, height: 780 }, deviceScaleFactor: 2 });
    page.on('console', (message) => {
      if (message.type() === 'error') console.error(`[client] ${message.text()}`);
    });
    await signUpInClient(page, server.url, 'container_user', '容器用户');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('opens another mini program with 1037 and extraData, and comes back to the same running page with 1038', async () => {
    await openCode(jia);
    await poll(() => text(frontFrame(), '.shows')).toBe('1');
    await frontFrame().locator('.wx-page-host:not([hidden]) .go').click();

    await poll(async () => JSON.parse((await text(frontFrame(), '.launch')) || '{}')).toMatchObject({
      path: 'pages/index/index',
      query: { from: 'jia' },
      scene: 1037,
      referrerInfo: { appId: jia.app.appid, extraData: { hello: '甲' } },
    });
    expect(await text(frontFrame(), '.title')).toBe('乙');
    // 甲 went to the background: onHide, its frame still there.
    await poll(() => text(frameOf(jia.app.appid), '.hides')).toBe('0');
    expect(await page.locator('.mp-overlay').count()).toBe(2);
    await page.screenshot({ path: resolve(SCREENSHOTS, 'client-navigate-to-mini-program.png') });

    await frontFrame().locator('.wx-page-host:not([hidden]) .back').click();
    await poll(() => text(frontFrame(), '.title')).toBe('甲');
    // The same page instance: onShow ran a second time (a reload would count 1), after one onHide.
    await poll(() => text(frontFrame(), '.shows')).toBe('2');
    expect(await text(frontFrame(), '.hides')).toBe('1');
    expect(JSON.parse((await text(frontFrame(), '.enter')) as string)).toMatchObject({
      path: 'pages/index/index',
      scene: 1038,
      referrerInfo: { appId: yi.app.appid, extraData: { answer: 42 } },
    });
  });

  it('keeps a closed mini program alive: the capsule sends it to the background, opening it again shows it', async () => {
    await page.getByRole('button', { name: '关闭' }).click();
    await poll(() => page.locator('.mp-overlay:not([hidden])').count()).toBe(0);

    await openCode(jia);
    await poll(() => text(frontFrame(), '.shows')).toBe('3');
    expect(await text(frontFrame(), '.hides')).toBe('2');
    expect(JSON.parse((await text(frontFrame(), '.enter')) as string)).toMatchObject({ scene: 1047 });
  });

  it('keeps at most three mini programs alive, dropping the one used longest ago', async () => {
    const more = [await codeWorld(server, '丙'), await codeWorld(server, '丁')];
    for (const world of more) await releaseVersion(world, '1.0.0', launchOptionsApp());
    for (const world of more) {
      await page.getByRole('button', { name: '关闭' }).click();
      await openCode(world);
      await poll(() => text(frontFrame(), '.title')).toBe('首页');
    }
    // 甲, 乙, 丙, 丁 were opened; 乙 was used longest ago.
    const alive = await page
      .locator('.mp-phone')
      .evaluateAll((phones) => phones.map((p) => p.getAttribute('data-appid')));
    expect(alive.sort()).toEqual([jia.app.appid, ...more.map((w) => w.app.appid)].sort());
  });

  it('finds released mini programs by name in 发现 (1006) and lists the recently used ones (1001)', async () => {
    await page.getByRole('button', { name: '关闭' }).click();
    await page.getByRole('button', { name: '发现' }).click();
    // Newest first: 丁 was opened last, 乙 dropped out of the running ones but stays in the list.
    const recent = page.locator('.recent-list button');
    await poll(() => recent.count()).toBe(4);
    expect(await recent.first().getAttribute('data-appid')).not.toBe(jia.app.appid);
    await page.locator(`.recent-list button[data-appid="${yi.app.appid}"]`).click();
    await poll(async () => JSON.parse((await text(frontFrame(), '.launch')) || '{}')).toMatchObject({
      path: 'pages/index/index',
      scene: 1001,
    });
    await page.getByRole('button', { name: '关闭' }).click();

    await page.getByLabel('搜索公众号和小程序').fill('甲');
    await page.getByRole('button', { name: '搜索' }).click();
    const row = page.locator(`.mini-program-row[data-appid="${jia.app.appid}"]`);
    await poll(() => row.isVisible()).toBe(true);
    expect(await page.locator('.mini-program-row').count()).toBe(1);
    await row.getByRole('button', { name: '进入' }).click();
    await poll(async () => JSON.parse((await text(frontFrame(), '.enter')) || '{}')).toMatchObject({
      scene: 1006,
    });
    await page.screenshot({ path: resolve(SCREENSHOTS, 'client-discover.png') });
  });

  it('closes a mini program that exits (navigator open-type="exit", wx.exitMiniProgram) as its capsule does', async () => {
    await page.getByRole('button', { name: '关闭' }).click();
    await openCode(yi);
    await poll(() => text(frontFrame(), '.title')).toBe('乙');
    await frontFrame().locator('.wx-page-host:not([hidden]) .exit').click();
    await poll(() => page.locator('.mp-overlay:not([hidden])').count()).toBe(0);
    // Sent to the background, as the capsule's close does: still running, not reloaded.
    expect(await page.locator(`.mp-phone[data-appid="${yi.app.appid}"]`).count()).toBe(1);
  });
});
