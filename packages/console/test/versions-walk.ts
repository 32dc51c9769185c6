import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { expect } from 'vitest';
import { person, projectDir, sampleFiles, zipOf } from '../../server/test/code-world.ts';
import en from '../src/locales/en.json' with { type: 'json' };
import zh from '../src/locales/zh-CN.json' with { type: 'json' };
import { type ConsoleWorld, type Language, poll } from './console-world.ts';

const LOCALES = { 'zh-CN': zh, en } as const;
/** The console's own strings, so the walk clicks what a person reads. */
export const text = (language: Language, key: string): string =>
  key.split('.').reduce<any>((node, part) => node?.[part], LOCALES[language]) as string;

/** The mini program page shown inside the runtime's frame within a preview page. */
async function runtimeText(outer: Frame | Page, selector: string): Promise<string> {
  const frame = outer.frameLocator(selector).frameLocator('iframe');
  return (await frame.locator('.wx-page-host:not([hidden])').first().textContent({ timeout: 5_000 })) ?? '';
}

/** Signs in through the console's form and waits for the dashboard link. */
export async function signIn(
  world: ConsoleWorld,
  page: Page,
  language: Language,
  email: string,
  password = 'password-123',
) {
  const t = (key: string) => text(language, key);
  await page.goto(`${world.server.url}/`);
  await page.getByLabel(t('auth.email')).fill(email);
  await page.getByLabel(t('auth.password')).fill(password);
  await page.getByRole('button', { name: t('auth.signIn'), exact: true }).click();
  await poll(() => page.getByRole('link', { name: t('nav.dashboard') }).isVisible()).toBe(true);
}

/**
 * The seed's flow from code to release, through the console only, on a `page` signed in as the
 * app's developer: upload a project folder, set and open the trial version (a stale second tab
 * sees the conflict), submit for review; a reviewer in a second browser context rejects with a
 * reason per item and a screenshot; the developer sees it, uploads a fix as a zip and resubmits;
 * the reviewer approves; the developer releases, phases a second version out to 10 %, and the
 * released page opens in the runtime. Writes the version-management and review-page screenshots.
 */
export async function versionsWalk(
  world: ConsoleWorld,
  page: Page,
  language: Language,
  app: { id: string; appid: string },
): Promise<void> {
  const t = (key: string) => text(language, key);
  const { server } = world;
  const reviewer = await person(server, 'reviewer');
  const versionsUrl = `${server.url}/#/apps/${app.id}/versions`;
  await page.goto(versionsUrl);
  await poll(() => page.locator('.slot-development').isVisible()).toBe(true);

  const upload = async (version: string, files: { folder?: string; zip?: string }) => {
    if (files.folder) await page.locator('input[name=folder]').setInputFiles(files.folder);
    if (files.zip) await page.locator('input[name=zip]').setInputFiles(files.zip);
    await page.locator('input[name=version]').fill(version);
    await page.locator('input[name=desc]').fill(`desc ${version}`);
    await page.getByRole('button', { name: t('versions.upload'), exact: true }).click();
    await poll(() => page.locator(`.version-row[data-version="${version}"]`).count()).toBe(1);
    expect(await page.locator('.upload-progress').getAttribute('value')).toBe('1');
  };

  // 1. Upload a project folder from the browser.
  await upload('1.0.0', { folder: projectDir(sampleFiles('first')) });

  // A second tab opened now will act on a state that is about to change.
  const stale = await page.context().newPage();
  await stale.goto(versionsUrl);
  await poll(() => stale.locator('.version-row[data-version="1.0.0"]').count()).toBe(1);

  // 2. Set it as the trial version, see its QR code, open it in the runtime.
  await page
    .locator('.version-row[data-version="1.0.0"]')
    .getByRole('button', { name: t('versions.setTrial') })
    .click();
  await poll(() => page.locator('.trial-version').textContent()).toBe('1.0.0');
  await poll(() =>
    page.locator('.trial-qrcode').evaluate((img) => (img as HTMLImageElement).naturalWidth),
  ).toBeGreaterThan(0);
  await page.getByRole('button', { name: t('versions.openTrial') }).click();
  await poll(() => runtimeText(page, '.trial-preview').catch(() => '')).toContain('first');

  // The stale tab's click is refused with the server's conflict message, nothing overwritten.
  await stale
    .locator('.version-row[data-version="1.0.0"]')
    .getByRole('button', { name: t('versions.setTrial') })
    .click();
  await poll(() => stale.locator('.form-error').first().textContent()).toMatch(
    language === 'zh-CN' ? /刷新/ : /reload/,
  );
  await stale.close();

  // 3. Submit for review with WeChat's fields.
  const submit = async (version: string) => {
    await page
      .locator(`.version-row[data-version="${version}"]`)
      .getByRole('button', { name: t('versions.submit') })
      .click();
    const form = page.locator('.submit-form');
    await form.locator('select[name=page-0]').selectOption('pages/index/index');
    await form.locator('input[name=tag-0]').fill('工具 效率');
    await form.locator('input[name=title-0]').fill('首页');
    await form.locator('textarea[name=feedback]').fill('测试账号：无');
    expect(await form.locator('.reviewer-preview').textContent()).toContain('pages/index/index');
    await form.getByRole('button', { name: t('versions.submitSend') }).click();
    await poll(() => page.locator('.audit-status').getAttribute('data-status')).toBe('auditing');
  };
  await submit('1.0.0');
  expect(await page.locator('.withdraw-quota').textContent()).toContain('0');

  // 4. The reviewer, in a second browser context, rejects it with a reason per item.
  const review = await world.page(language);
  await signIn(world, review, language, reviewer.email);
  const decide = async (verdict: 'approve' | 'reject', screenshot = false) => {
    await review.goto(`${server.url}/#/review`);
    // The queue page may still be mounted from the last decision: read it afresh.
    await review.reload();
    await poll(() => review.locator(`.queue-row[data-appid="${app.appid}"]`).count()).toBe(1);
    await review.locator(`.queue-row[data-appid="${app.appid}"] a`).click();
    await poll(() => runtimeText(review, '.review-preview').catch(() => '')).not.toBe('');
    if (verdict === 'reject') {
      await review.getByRole('button', { name: 'pages/index/index.wxml' }).click();
      await poll(() => review.locator('.source').textContent()).toContain('wx:for');
      expect(await review.locator('.review-item').first().getAttribute('data-allowed')).toBe('true');
      if (screenshot) await world.screenshot(review, language === 'zh-CN' ? 'review-page' : 'review-page-en');
      await review.locator('textarea[name=reason]').fill('列表内容不完整');
      await review.locator('input[name="item-pages/index/index"]').fill('列表只有一项');
      const shot = join(projectDir({ 'x.txt': '' }), 'shot.png');
      writeFileSync(shot, await review.screenshot({ clip: { x: 0, y: 0, width: 120, height: 80 } }));
      await review.locator('input[name=screenshot]').setInputFiles(shot);
      await review.getByRole('button', { name: t('review.reject'), exact: true }).click();
    } else {
      await review.getByRole('button', { name: t('review.approve'), exact: true }).click();
    }
    await poll(() => review.locator('.review-queue').isVisible()).toBe(true);
  };
  await decide('reject', true);

  // 5. The developer sees the reason, fixes and resubmits.
  await page.reload();
  await poll(() => page.locator('.audit-status').getAttribute('data-status')).toBe('rejected');
  expect(await page.locator('.item-reason').textContent()).toContain('列表只有一项');
  expect(await page.locator('.audit-reason').textContent()).toContain('列表内容不完整');
  await poll(() =>
    page.locator('.audit-screenshot').evaluate((img) => (img as HTMLImageElement).naturalWidth),
  ).toBeGreaterThan(0);
  const fixedZip = join(projectDir({ 'x.txt': '' }), 'fixed.zip');
  writeFileSync(fixedZip, await zipOf(sampleFiles('fixed')));
  await upload('1.0.1', { zip: fixedZip });
  await submit('1.0.1');

  // 6. The reviewer approves; the developer releases.
  await decide('approve');
  await page.reload();
  await poll(() => page.locator('.audit-status').getAttribute('data-status')).toBe('passed');
  await page.getByRole('button', { name: t('versions.release'), exact: true }).click();
  await poll(() => page.locator('.online-version').textContent()).toBe('1.0.1');

  // 7. A second version goes out as a phased release to 10 % of users.
  await upload('2.0.0', { folder: projectDir(sampleFiles('second')) });
  await submit('2.0.0');
  await decide('approve');
  await page.reload();
  await poll(() => page.locator('.audit-status').getAttribute('data-status')).toBe('passed');
  await page.locator('.slot-audit input[name=grayPercentage]').fill('10');
  await page.getByRole('button', { name: t('versions.grayStart') }).click();
  await poll(() => page.locator('.gray-running').textContent()).toContain('10%');
  await world.screenshot(page, language === 'zh-CN' ? 'version-management' : 'version-management-en');

  // 8. The released page opens in the runtime (someone outside the 10 % gets 1.0.1).
  const launch = (await (await fetch(`${server.url}/api/v1/launch/${app.appid}`)).json()) as {
    packageBase: string;
    userVersion: string;
  };
  expect(launch.userVersion).toBe('1.0.1');
  const visitor = await world.page(language);
  const query = new URLSearchParams({ appid: app.appid, packageBase: launch.packageBase });
  await visitor.goto(`${server.url}/runtime/preview.html?${query}`);
  const shown = visitor.frameLocator('iframe').locator('.wx-page-host:not([hidden])').first();
  await poll(() => shown.textContent().catch(() => '')).toContain('fixed');
}
