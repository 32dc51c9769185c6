/**
 * `<official-account>` (公众号关注组件): shown only when the run started from a scan (or in a trial
 * version), once per page, with the account the host names and a follow button; otherwise empty,
 * with WeChat's status in binderror (5 scene, 6 a second one, 3 none linked, 4 no such service).
 */
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byId, type Harness, openMiniProgram, startHarness } from './harness.ts';

const FILES: Record<string, string> = {
  'app.json': JSON.stringify({ pages: ['pages/index/index'] }),
  'app.js': 'App({});',
  'pages/index/index.json': '{}',
  'pages/index/index.wxml': `
<official-account id="first" bindload="loaded" binderror="failed" data-which="first"></official-account>
<official-account id="second" binderror="failed" data-which="second"></official-account>
<view id="log">{{log}}</view>`,
  'pages/index/index.js': `
Page({
  data: { log: '[]' },
  onLoad() { this.events = []; },
  push(entry) { this.events.push(entry); this.setData({ log: JSON.stringify(this.events) }); },
  loaded(e) { this.push({ load: e.detail.status, which: e.currentTarget.dataset.which }); },
  failed(e) { this.push({ error: e.detail.status, which: e.currentTarget.dataset.which }); },
});`,
};

let harness: Harness;
let packageBase: string;

const log = async (f: Frame) => JSON.parse((await f.textContent(byId('log'))) || '[]') as unknown[];
const open = async (
  scene: number,
  answer: unknown,
  options: { envVersion?: 'trial'; omit?: boolean } = {},
) => {
  const page: Page = await harness.browser.newPage();
  await page.goto(`${harness.hostOrigin}/host.html`);
  await page.evaluate(
    ({ answer, omit }) => {
      const w = window as never as { __answers: Record<string, unknown>; __omitServices: string[] };
      w.__answers.officialAccount = answer;
      if (omit) w.__omitServices = ['officialAccount'];
    },
    { answer, omit: options.omit ?? false },
  );
  return openMiniProgram(harness, packageBase, {
    page,
    appid: 'wxguide',
    launch: { scene },
    ...(options.envVersion ? { envVersion: options.envVersion } : {}),
  });
};

beforeAll(async () => {
  harness = await startHarness();
  const published = await harness.publish(
    'official-account',
    new Map(Object.entries(FILES).map(([path, text]) => [path, new TextEncoder().encode(text)])),
  );
  expect(published.diagnostics).toEqual([]);
  packageBase = published.packageBase;
});
afterAll(() => harness?.close());

describe('<official-account>', () => {
  it('opened from a mini program code (1047): shows the account once per page and follows it from the card', async () => {
    const { page, frame } = await open(1047, {
      appid: 'wxaccount0000001',
      name: '码头茶讯',
      following: false,
    });
    await expect
      .poll(() => log(frame))
      .toEqual(
        expect.arrayContaining([
          { error: 6, which: 'second' },
          { load: 0, which: 'first' },
        ]),
      );
    const card = frame.locator('#first .wxb--oa-card');
    expect(await card.locator('.wxb--oa-name').textContent()).toBe('码头茶讯');
    expect(await card.getAttribute('data-appid')).toBe('wxaccount0000001');
    expect(await frame.locator('#second .wxb--oa-card').count()).toBe(0);
    const box = await card.boundingBox();
    expect(box?.height).toBe(84);
    expect(box?.width).toBeGreaterThanOrEqual(300);
    await card.locator('.wxb--oa-button').click();
    await expect.poll(() => card.locator('.wxb--oa-button').textContent()).toBe('已关注');
    const calls = await page.evaluate(
      () => (window as never as { __calls: Array<{ name: string; request: unknown }> }).__calls,
    );
    expect(calls.filter((c) => c.name === 'officialAccount').map((c) => c.request)).toEqual([
      { follow: false },
      { follow: true },
    ]);
    await page.close();
  });

  it('stays empty with status 5 when opened otherwise (1001), but shows in a trial version', async () => {
    const account = { appid: 'wxaccount0000001', name: '码头茶讯', following: true };
    const release = await open(1001, account);
    await expect
      .poll(() => log(release.frame))
      .toEqual(
        expect.arrayContaining([
          { error: 5, which: 'first' },
          { error: 5, which: 'second' },
        ]),
      );
    expect(await release.frame.locator('.wxb--oa-card').count()).toBe(0);
    await release.page.close();
    const trial = await open(1001, account, { envVersion: 'trial' });
    await expect.poll(() => trial.frame.locator('#first .wxb--oa-button').textContent()).toBe('已关注');
    await trial.page.close();
  });

  it('says status 3 when no account is linked, and 4 where the host has no such service', async () => {
    const unlinked = await open(1011, { status: 3, errMsg: 'none linked' });
    await expect.poll(() => log(unlinked.frame)).toContainEqual({ error: 3, which: 'first' });
    expect(await unlinked.frame.locator('.wxb--oa-card').count()).toBe(0);
    await unlinked.page.close();
    const bare = await open(1047, undefined, { omit: true });
    await expect.poll(() => log(bare.frame)).toContainEqual({ error: 4, which: 'first' });
    await bare.page.close();
  });
});
