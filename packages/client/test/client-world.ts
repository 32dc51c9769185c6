import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** Shared by the client's Chromium tests. */

/** Under load (2 shared cores) a page step can take seconds; vitest's default poll gives up after 1 s. */
export const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000 });

export const SCREENSHOTS = resolve(import.meta.dirname, '../../../docs/screenshots');

/** A mini program that prints what it was launched with: wx.getLaunchOptionsSync() and onLoad's options. */
export const launchPage = (title: string) => ({
  js: `Page({
    data: { launch: '', options: '' },
    onLoad(options) {
      this.setData({ launch: JSON.stringify(wx.getLaunchOptionsSync()), options: JSON.stringify(options) });
    },
  });`,
  wxml: `<view class="title">${title}</view><view class="launch">{{launch}}</view><view class="options">{{options}}</view>`,
});

export function launchOptionsApp(): Record<string, string> {
  const index = launchPage('首页');
  const menu = launchPage('菜单页');
  return {
    'app.json': JSON.stringify({
      pages: ['pages/index/index', 'pages/menu/menu'],
      window: { navigationBarTitleText: '启动参数' },
    }),
    'app.js': 'App({});',
    'pages/index/index.js': index.js,
    'pages/index/index.wxml': index.wxml,
    'pages/index/index.json': '{}',
    'pages/menu/menu.js': menu.js,
    'pages/menu/menu.wxml': menu.wxml,
    'pages/menu/menu.json': '{}',
  };
}

/** Signs a new end user up in the client at `url` (zh-CN), waiting for the home screen. */
export async function signUpInClient(page: Page, url: string, username: string, nickname: string) {
  await page.goto(`${url}/client/`);
  await page.getByLabel('微信号').fill(username);
  await page.getByLabel('昵称').fill(nickname);
  await page.getByLabel('密码').fill('password-123');
  await page.getByRole('button', { name: '注册', exact: true }).click();
  // Not expect.poll: this also runs in beforeAll hooks.
  await page.locator('.tab-bar').waitFor({ timeout: 20_000 });
}

/** The JSON a `launchPage` printed in the open mini program panel (`.launch` or `.options`). */
export async function launchOf(page: Page, selector: '.launch' | '.options') {
  const text = await page
    .frameLocator('.mp-overlay:not([hidden]) .mp-phone iframe')
    .locator(`.wx-page-host:not([hidden]) ${selector}`)
    .textContent();
  return text ? JSON.parse(text) : undefined;
}
