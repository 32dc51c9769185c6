/**
 * `<navigator target="miniProgram">` and `wx.exitMiniProgram`: the navigator opens another mini
 * program, returns to the one that opened this one, or exits, through the host's services, with
 * bindsuccess / bindfail / bindcomplete; WeChat's rule that a released mini program always opens
 * the other's release holds for the navigator's `version` and the API's `envVersion` alike.
 */
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byId, type Harness, openMiniProgram, startHarness } from './harness.ts';

const FILES: Record<string, string> = {
  'app.json': JSON.stringify({ pages: ['pages/index/index'] }),
  'app.js': 'App({});',
  'pages/index/index.json': '{}',
  'pages/index/index.wxml': `
<navigator id="to" target="miniProgram" app-id="wxother" path="pages/a/a?x=1" extra-data="{{extra}}" version="trial" bindsuccess="ok" bindfail="bad" bindcomplete="done">open</navigator>
<navigator id="toNobody" target="miniProgram" bindsuccess="ok" bindfail="bad" bindcomplete="done">nobody</navigator>
<navigator id="back" target="miniProgram" open-type="navigateBack" extra-data="{{extra}}" bindsuccess="ok" bindfail="bad" bindcomplete="done">back</navigator>
<navigator id="exit" target="miniProgram" open-type="exit" bindsuccess="ok" bindfail="bad" bindcomplete="done">exit</navigator>
<button id="exitApi" bindtap="exitApi">exit api</button>
<button id="clear" bindtap="clear">clear</button>
<view id="log">{{log}}</view>`,
  'pages/index/index.js': `
Page({
  data: { extra: { from: 'navigator' }, log: '[]' },
  onLoad() { this.events = []; },
  push(entry) { this.events.push(entry); this.setData({ log: JSON.stringify(this.events) }); },
  clear() { this.events = []; this.setData({ log: '[]' }); },
  ok(e) { this.push({ success: e.detail.errMsg }); },
  bad(e) { this.push({ fail: e.detail.errMsg }); },
  done(e) { this.push({ complete: e.detail.errMsg }); },
  exitApi() { wx.exitMiniProgram({ success: (r) => this.push({ api: r.errMsg }), fail: (r) => this.push({ api: r.errMsg }) }); },
});`,
};

let harness: Harness;
let packageBase: string;
let page: Page;
let frame: Frame;

const log = async (f: Frame) => JSON.parse((await f.textContent(byId('log'))) || '[]') as unknown[];
const tap = async (f: Frame, id: string) => {
  await f.click(byId('clear'));
  await expect.poll(() => log(f)).toEqual([]);
  await f.click(byId(id));
};
type Call = { name: string; ctx: unknown; request: unknown };
const calls = (p: Page) => p.evaluate(() => (window as never as { __calls: Call[] }).__calls);

beforeAll(async () => {
  harness = await startHarness();
  const published = await harness.publish(
    'navigator-mini-program',
    new Map(Object.entries(FILES).map(([path, text]) => [path, new TextEncoder().encode(text)])),
  );
  expect(published.diagnostics).toEqual([]);
  packageBase = published.packageBase;
  ({ page, frame } = await openMiniProgram(harness, packageBase, { appid: 'wxnav' }));
});
afterAll(() => harness?.close());

describe('navigator target="miniProgram"', () => {
  it('opens another mini program with app-id, path and extra-data, the release from a release, then success and complete', async () => {
    await tap(frame, 'to');
    await expect
      .poll(() => log(frame))
      .toEqual([{ success: 'navigateToMiniProgram:ok' }, { complete: 'navigateToMiniProgram:ok' }]);
    expect((await calls(page)).filter((c) => c.name === 'navigateToMiniProgram')).toEqual([
      {
        name: 'navigateToMiniProgram',
        ctx: { appid: 'wxnav', userId: 'user-1' },
        // version="trial" is ignored: this one runs as a release.
        request: {
          appId: 'wxother',
          path: 'pages/a/a?x=1',
          extraData: { from: 'navigator' },
          envVersion: 'release',
        },
      },
    ]);
  });

  it('opens the version asked from a develop version, and fails, then completes, without app-id', async () => {
    const develop = await openMiniProgram(harness, packageBase, { appid: 'wxnavdev', envVersion: 'develop' });
    await tap(develop.frame, 'to');
    await expect.poll(async () => (await log(develop.frame)).length).toBe(2);
    const opened = (await calls(develop.page)).find((c) => c.name === 'navigateToMiniProgram');
    expect(opened?.request).toMatchObject({ appId: 'wxother', envVersion: 'trial' });
    await tap(develop.frame, 'toNobody');
    const failure = 'navigateToMiniProgram:fail parameter error: appId should be String';
    await expect.poll(() => log(develop.frame)).toEqual([{ fail: failure }, { complete: failure }]);
    await develop.page.close();
  });

  it('returns to the opener with extra-data (navigateBack) and exits (exit), as wx.exitMiniProgram does', async () => {
    await tap(frame, 'back');
    await expect
      .poll(() => log(frame))
      .toEqual([{ success: 'navigateBackMiniProgram:ok' }, { complete: 'navigateBackMiniProgram:ok' }]);
    expect((await calls(page)).find((c) => c.name === 'navigateBackMiniProgram')?.request).toEqual({
      extraData: { from: 'navigator' },
    });
    await tap(frame, 'exit');
    await expect
      .poll(() => log(frame))
      .toEqual([{ success: 'exitMiniProgram:ok' }, { complete: 'exitMiniProgram:ok' }]);
    await tap(frame, 'exitApi');
    await expect.poll(() => log(frame)).toEqual([{ api: 'exitMiniProgram:ok' }]);
    expect((await calls(page)).filter((c) => c.name === 'exitMiniProgram')).toEqual([
      { name: 'exitMiniProgram', ctx: { appid: 'wxnav', userId: 'user-1' } },
      { name: 'exitMiniProgram', ctx: { appid: 'wxnav', userId: 'user-1' } },
    ]);
  });

  it('says exit is not supported where the host has no way to close the mini program', async () => {
    const bare = await harness.browser.newPage();
    await bare.goto(`${harness.hostOrigin}/host.html`);
    await bare.evaluate(() => {
      (window as never as { __omitServices: string[] }).__omitServices = ['exitMiniProgram'];
    });
    const opened = await openMiniProgram(harness, packageBase, { page: bare, appid: 'wxnavbare' });
    await tap(opened.frame, 'exitApi');
    await expect.poll(() => log(opened.frame)).toEqual([{ api: 'wx.exitMiniProgram:fail not supported' }]);
    await bare.close();
  });
});
