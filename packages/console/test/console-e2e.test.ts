import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idNumber } from '../../server/test/world.ts';
import { adminPage, developerWalk, PASSWORD, signIn, textOf, type WalkResult } from './console-walk.ts';
import { type ConsoleWorld, consoleWorld, poll } from './console-world.ts';
import { versionsWalk } from './versions-walk.ts';

/**
 * The console end to end in headless Chromium against a fresh server with email activation on:
 * the developer's half of the seed's flow in Chinese and in English, a session expiring mid-form,
 * the operator's pages, the phone width.
 */
describe('the console in Chromium', () => {
  let world: ConsoleWorld;
  let admin: Page;
  let walked: WalkResult;
  beforeAll(async () => {
    world = await consoleWorld();
    admin = await adminPage(world, 'zh-CN');
  });
  afterAll(() => world?.close());

  it('walks a new individual through the seed’s flow in the console only (zh-CN): sign-up, activation, verification, a mini program, secret reset, upload key, then versions, review, release and a 10 % phased release', async () => {
    const page = await world.page('zh-CN');
    walked = await developerWalk(world, page, 'zh-CN', {
      serial: 801,
      appName: '码头天气',
      admin,
      screenshots: true,
    });
    await page.locator('#console-nav').getByRole('link', { name: '首页' }).click();
    await poll(() => page.locator(`.app-row[data-appid="${walked.app.appid}"]`).isVisible()).toBe(true);
    await world.screenshot(page, 'console-dashboard');
    // console-versions' half: upload, trial, review (rejected, fixed, approved), release, 10 % phased.
    await versionsWalk(world, page, 'zh-CN', walked.app);
  }, 300_000);

  it('walks the same in English, refused first a name and an ID number another account holds', async () => {
    const page = await world.page('en');
    const result = await developerWalk(world, page, 'en', {
      serial: 802,
      appName: 'Harbour Weather',
      admin,
      takenName: '码头天气',
      takenIdNumber: idNumber(801),
    });
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(result.app.appid).not.toBe(walked.app.appid);
    await versionsWalk(world, page, 'en', result.app);
  }, 300_000);

  it('shows the operator an organisation awaiting approval with its full credit code, approves it, and lists every setting with its default', async () => {
    const text = textOf('zh-CN');
    // An organisation submitted through the console by another developer.
    const email = 'corp-walker@example.com';
    await world.server.ctx.accounts.createUser({ email, password: PASSWORD, role: 'developer' });
    const page = await world.page('zh-CN');
    await page.goto(`${world.server.url}/#/verify`);
    await signIn(page, 'zh-CN', email);
    await poll(() => page.getByLabel(text.subjectTypes.enterprise).isVisible()).toBe(true);
    await page.getByLabel(text.subjectTypes.enterprise).check();
    await page.getByLabel(text.verify.orgName).fill('码头走查有限公司');
    const { creditCode } = await import('../../server/test/world.ts');
    const code = creditCode(77);
    await page.getByLabel(text.verify.creditCode).fill(code);
    await page.getByRole('button', { name: text.verify.submit }).click();
    await poll(() => page.locator('.verify-result').textContent()).toBe(text.verify.pending);

    await admin.goto(`${world.server.url}/#/admin/subjects`);
    const review = admin.locator('.subject-review', { hasText: '码头走查有限公司' });
    await poll(() => review.locator('.full-id').textContent()).toBe(code);
    await review.getByRole('button', { name: text.admin.subjects.approve }).click();
    await poll(() => review.count()).toBe(0);
    // Masked for the developer.
    const mine = (await page.evaluate(async () => (await fetch('/api/v1/subjects')).json())) as Array<{
      idNumber: string;
      status: string;
    }>;
    expect(mine[0]).toMatchObject({ status: 'verified' });
    expect(mine[0]!.idNumber).not.toBe(code);

    await admin.goto(`${world.server.url}/#/admin/settings`);
    const quota = admin.locator('tr[data-key="quota.individualMiniPrograms"]');
    await poll(() => quota.isVisible()).toBe(true);
    await quota.getByLabel('quota.individualMiniPrograms').fill('6');
    await quota.getByRole('button', { name: text.common.save }).click();
    await poll(() => quota.getAttribute('class')).toBe('changed');
    expect(await quota.locator('td').last().textContent()).toBe('5');
    expect(await world.server.ctx.settings.get('quota.individualMiniPrograms')).toBe(6);
    await world.screenshot(admin, 'console-operator-settings');
  }, 60_000);

  it('folds the navigation behind a menu button at phone width', async () => {
    const page = await world.page('zh-CN', { width: 390, height: 780 });
    await page.goto(`${world.server.url}/`);
    await signIn(page, 'zh-CN', walked.email);
    const menu = page.getByRole('button', { name: '菜单' });
    await poll(() => menu.isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: '首页' }).isVisible()).toBe(false);
    await menu.click();
    expect(await page.getByRole('link', { name: '首页' }).isVisible()).toBe(true);
  });

  it('keeps what was typed when the session expires mid-form, and saves it after signing in again', async () => {
    const page = await world.page('zh-CN');
    const text = textOf('zh-CN');
    await page.goto(`${world.server.url}/#/apps/${walked.app.id}/develop`);
    await signIn(page, 'zh-CN', walked.email);
    const domains = page.getByLabel(text.develop.requestDomains.label);
    await poll(() => domains.isVisible()).toBe(true);
    await domains.fill('https://api.example.com\nhttps://cdn.example.com');
    // Every session ends after 14 days (last test: every browser here is signed out by it).
    world.server.clock.advance(15 * 24 * 3600 * 1000);
    const card = page.locator('form', { has: domains });
    await card.getByRole('button', { name: text.common.save }).click();
    const dialog = page.getByRole('dialog');
    await poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.getByLabel(text.auth.email).inputValue()).toBe(walked.email);
    await dialog.getByLabel(text.auth.password).fill(PASSWORD);
    await dialog.getByRole('button', { name: text.auth.signIn, exact: true }).click();
    await poll(() => dialog.isVisible()).toBe(false);
    expect(await domains.inputValue()).toBe('https://api.example.com\nhttps://cdn.example.com');
    await card.getByRole('button', { name: text.common.save }).click();
    await poll(() => card.getByRole('status').textContent()).toBe(text.common.saved);
    const app = await world.server.ctx.miniPrograms.get(
      (await world.server.ctx.accounts.findByEmail(walked.email))!.id,
      walked.app.id,
    );
    expect(app.requestDomains).toEqual(['https://api.example.com', 'https://cdn.example.com']);
  });
});
