import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleWorld, consoleWorld, type Language, poll } from './console-world.ts';

const TEXT = {
  'zh-CN': { email: '邮箱', password: '密码', signIn: '登录', home: '首页', signOut: '退出', menu: '菜单' },
  en: {
    email: 'Email',
    password: 'Password',
    signIn: 'Sign in',
    home: 'Home',
    signOut: 'Sign out',
    menu: 'Menu',
  },
} as const;

describe('the console in Chromium', () => {
  let world: ConsoleWorld;
  beforeAll(async () => {
    world = await consoleWorld();
  });
  afterAll(() => world?.close());

  async function signIn(page: Page, language: Language, email: string) {
    const text = TEXT[language];
    await page.goto(`${world.server.url}/`);
    await page.getByLabel(text.email).fill(email);
    await page.getByLabel(text.password).fill('password-123');
    await page.getByRole('button', { name: text.signIn, exact: true }).click();
    await poll(() => page.getByRole('link', { name: text.home }).isVisible()).toBe(true);
  }

  for (const language of ['zh-CN', 'en'] as const) {
    it(`signs a developer in and out, in ${language}`, async () => {
      const email = `skeleton-${language}@example.com`;
      await world.server.ctx.accounts.createUser({ email, password: 'password-123', role: 'developer' });
      const page = await world.page(language);
      await signIn(page, language, email);
      expect(await page.locator('html').getAttribute('lang')).toBe(language);
      await page.getByRole('button', { name: TEXT[language].signOut }).click();
      await poll(() => page.getByLabel(TEXT[language].email).isVisible()).toBe(true);
    });
  }

  it('folds the navigation behind a menu button at phone width', async () => {
    const email = 'phone@example.com';
    await world.server.ctx.accounts.createUser({ email, password: 'password-123', role: 'developer' });
    const page = await world.page('zh-CN', { width: 390, height: 780 });
    await page.goto(`${world.server.url}/`);
    await page.getByLabel('邮箱').fill(email);
    await page.getByLabel('密码').fill('password-123');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    const menu = page.getByRole('button', { name: '菜单' });
    await poll(() => menu.isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: '首页' }).isVisible()).toBe(false);
    await menu.click();
    expect(await page.getByRole('link', { name: '首页' }).isVisible()).toBe(true);
  });
});
