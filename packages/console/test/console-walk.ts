import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { idNumber } from '../../server/test/world.ts';
import en from '../src/locales/en.json' with { type: 'json' };
import zhCN from '../src/locales/zh-CN.json' with { type: 'json' };
import { type ConsoleWorld, type Language, poll } from './console-world.ts';

/** The console's own words, so a test finds fields by the labels a person reads. */
export const textOf = (language: Language) => (language === 'en' ? en : zhCN);

export const PASSWORD = 'password-123';

export interface WalkResult {
  email: string;
  password: string;
  app: { id: string; appid: string; name: string };
  secret: string;
  uploadKey: string;
}

/** A PNG wider than it is tall, drawn by the page itself (so cropping to a square has work to do). */
export async function wideImage(page: Page): Promise<Buffer> {
  const dataUrl = await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 300;
    canvas.height = 180;
    const context = canvas.getContext('2d')!;
    context.fillStyle = '#07c160';
    context.fillRect(0, 0, 300, 180);
    context.fillStyle = '#fff';
    context.fillRect(120, 60, 60, 60);
    return canvas.toDataURL('image/png');
  });
  return Buffer.from(dataUrl.split(',')[1]!, 'base64');
}

/** Signs in on the sign-in form the console shows to anyone signed out. */
export async function signIn(page: Page, language: Language, email: string, password = PASSWORD) {
  const text = textOf(language);
  await page.getByLabel(text.auth.email).fill(email);
  await page.getByLabel(text.auth.password).fill(password);
  await page.getByRole('button', { name: text.auth.signIn, exact: true }).click();
}

/** An admin's own browser, signed in to the console. */
export async function adminPage(world: ConsoleWorld, language: Language): Promise<Page> {
  const email = `operator-${language}-${Date.now()}@example.com`;
  await world.server.ctx.accounts.createUser({ email, password: PASSWORD, role: 'admin' });
  const page = await world.page(language);
  await page.goto(`${world.server.url}/`);
  await signIn(page, language, email);
  await page.getByRole('link', { name: textOf(language).nav.adminSettings }).waitFor();
  return page;
}

/**
 * The developer's half of the seed's flow, through the console only: sign up, find the email
 * unactivated, activate through the link (read by an admin on the activation-links page, as no
 * mail server exists), verify as an individual (a wrong checksum refused next to the field first),
 * create a mini program in an individual category (the organisation-only ones disabled with their
 * reason), reset the AppSecret and create an upload key. Ends on the app's 开发管理 page.
 */
export async function developerWalk(
  world: ConsoleWorld,
  page: Page,
  language: Language,
  options: {
    serial: number;
    appName: string;
    admin: Page;
    /** A name another app holds: refused as it is typed. */
    takenName?: string;
    /** An ID number verified on another account for another name: refused next to the field. */
    takenIdNumber?: string;
    screenshots?: boolean;
  },
): Promise<WalkResult> {
  const text = textOf(language);
  const base = world.server.url;
  const email = `walker-${language.toLowerCase()}-${options.serial}@example.com`;

  // Sign up: the account waits for its email.
  await page.goto(`${base}/#/signup`);
  await page.getByLabel(text.auth.email).fill(email);
  await page.getByLabel(text.auth.password).fill(PASSWORD);
  await page.getByRole('button', { name: text.signup.submit, exact: true }).click();
  await poll(() => page.locator('.activation-sent').textContent()).toContain(email);
  // No mail server in this world: the page says where the link went instead of "sent".
  expect(await page.locator('.activation-sent').textContent()).toBe(
    text.mail.logged.replace('{{email}}', email),
  );

  // Signing in before activation is refused, and says why.
  await page.goto(`${base}/`);
  await signIn(page, language, email);
  await poll(() => page.getByRole('alert').textContent()).toContain(language === 'en' ? 'Activate' : '激活');

  // The link, as the operator reads it in the console.
  // A fresh load: the page reads the links when it opens.
  await options.admin.goto(`${base}/#/admin/activation-links`);
  await options.admin.reload();
  const row = options.admin.locator(`.activation-row[data-email="${email}"]`);
  await poll(() => row.isVisible()).toBe(true);
  const link = await row.locator('a').getAttribute('href');
  expect(link).toMatch(/\/#\/activate\/[A-Za-z0-9_-]+$/);

  await page.goto(link!);
  await poll(() => page.locator('.activated').textContent()).toContain(email);
  await page.getByRole('link', { name: text.auth.signIn }).click();
  await signIn(page, language, email);
  const nav = page.locator('#console-nav');
  await poll(() => nav.getByRole('link', { name: text.nav.verify }).isVisible()).toBe(true);

  // Identity: a wrong check character is refused next to the ID number, then the right one passes.
  await nav.getByRole('link', { name: text.nav.verify }).click();
  await page.getByLabel(text.subjectTypes.individual).check();
  await page.getByLabel(text.verify.realName).fill(language === 'en' ? '林一' : '王小码');
  const idField = page.locator('.field', { has: page.getByLabel(text.verify.idNumber) });
  if (options.takenIdNumber) {
    await page.getByLabel(text.verify.idNumber).fill(options.takenIdNumber);
    await page.getByRole('button', { name: text.verify.submit }).click();
    await poll(() => idField.locator('.field-error').textContent()).toContain(
      language === 'en' ? 'already verified for another person' : '已被其他人实名认证',
    );
  }
  const good = idNumber(options.serial);
  const wrong = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
  await page.getByLabel(text.verify.idNumber).fill(wrong);
  await page.getByRole('button', { name: text.verify.submit }).click();
  await poll(() => idField.locator('.field-error').textContent()).toContain(
    language === 'en' ? 'Invalid ID number' : '身份证号码无效',
  );
  expect(await page.getByLabel(text.verify.idNumber).getAttribute('aria-invalid')).toBe('true');
  await page.getByLabel(text.verify.idNumber).fill(good);
  await page.getByRole('button', { name: text.verify.submit }).click();
  await poll(() => page.locator('.verify-result').getAttribute('class')).toContain('status-verified');

  // Create the mini program.
  await page.getByRole('button', { name: text.dashboard.create }).click();
  const name = page.getByLabel(text.create.name);
  await poll(() => name.isVisible()).toBe(true);
  if (options.takenName) {
    await name.fill(options.takenName);
    await poll(() => page.getByText(text.create.nameTaken).isVisible()).toBe(true);
  }
  await name.fill(options.appName);
  await poll(() => page.getByText(text.create.nameAvailable).isVisible()).toBe(true);
  await page.getByLabel(text.create.icon).setInputFiles({
    name: 'icon.png',
    mimeType: 'image/png',
    buffer: await wideImage(page),
  });
  const preview = page.getByAltText(text.create.iconPreview);
  await poll(() => preview.isVisible()).toBe(true);
  // Cropped to a square of 144.
  expect(await preview.evaluate((img: HTMLImageElement) => `${img.naturalWidth}x${img.naturalHeight}`)).toBe(
    '144x144',
  );
  await page
    .getByLabel(text.create.intro)
    .fill(language === 'en' ? 'A tool for the walk' : '一个走查用的小工具');

  // An organisation-only category is shown, disabled, with its reason.
  const social = page.locator('.category-group[data-category="社交"]');
  expect(await social.locator('input[type=checkbox]').first().isDisabled()).toBe(true);
  expect(await social.locator('.category-closed').textContent()).toBe(text.create.closedToIndividuals);
  await page.locator('.category-group[data-category="工具"]').getByLabel('工具 › 天气').check();
  if (options.screenshots) await world.screenshot(page, 'console-create-mini-program');
  // A double click sends one registration.
  await page.getByRole('button', { name: text.create.submit, exact: true }).dblclick();
  await poll(() => page.locator('.created .appid').isVisible()).toBe(true);
  const appid = (await page.locator('.created .appid').textContent())!;
  expect(appid).toMatch(/^wx[0-9a-f]{16}$/);
  const mine = (await page.evaluate(async () => (await fetch('/api/v1/miniprograms')).json())) as Array<{
    id: string;
    appid: string;
  }>;
  expect(mine).toHaveLength(1);
  const app = { id: mine[0]!.id, appid, name: options.appName };

  // 开发管理: reset the secret (warned first); the new one gets a token, the first one no longer does.
  const first = (await page.locator('.created .secret').textContent())!;
  await page.locator('.created').getByRole('link', { name: text.nav.develop }).click();
  await page.getByRole('button', { name: text.develop.reset }).click();
  expect(await page.locator('#reset-warning').textContent()).toBe(text.develop.resetWarning);
  await page.getByRole('button', { name: text.develop.resetConfirm }).click();
  await poll(() => page.locator('.secret-shown .secret').isVisible()).toBe(true);
  const secret = (await page.locator('.secret-shown .secret').textContent())!;
  expect(secret).not.toBe(first);
  const token = async (appSecret: string) =>
    (
      await fetch(`${base}/cgi-bin/token?grant_type=client_credential&appid=${appid}&secret=${appSecret}`)
    ).json();
  expect((await token(secret)).access_token).toBeTruthy();
  expect((await token(first)).errcode).toBe(40001);

  // An upload key limited to this machine, with the command line to copy (a double click makes one).
  const keys = page.locator('#upload-keys');
  await keys.getByLabel(text.develop.uploadKeys.label).fill('ci');
  await keys.getByLabel(text.develop.uploadKeys.ips).fill('127.0.0.1');
  await keys.getByRole('button', { name: text.develop.uploadKeys.create }).dblclick();
  await poll(() => keys.locator('.upload-key').isVisible()).toBe(true);
  const uploadKey = (await keys.locator('.upload-key').textContent())!;
  expect(await keys.locator('.command').textContent()).toContain(`--appid ${appid}`);
  expect(await keys.locator('.command').textContent()).toContain(`--key ${uploadKey}`);
  await poll(() => keys.locator('.upload-key-row').count()).toBe(1);
  expect(await keys.locator('.upload-key-row').textContent()).toContain('127.0.0.1');

  return { email, password: PASSWORD, app, secret, uploadKey };
}
