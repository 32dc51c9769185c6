import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
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

/**
 * A camera for Chromium's fake capture device: a Y4M file showing `png` on white, the way a
 * phone held over a printed code sees it. Chromium plays the file's one frame in a loop.
 */
export function cameraFile(png: Buffer, name: string): string {
  const image = PNG.sync.read(png);
  const width = 640;
  const height = 480;
  const luma = Buffer.alloc(width * height, 235);
  const left = Math.floor((width - image.width) / 2);
  const top = Math.floor((height - image.height) / 2);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const i = (y * image.width + x) * 4;
      const a = image.data[i + 3]! / 255;
      const grey = 0.299 * image.data[i]! + 0.587 * image.data[i + 1]! + 0.114 * image.data[i + 2]!;
      luma[(top + y) * width + left + x] = Math.round(16 + (grey * a + 255 * (1 - a)) * (219 / 255));
    }
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const file = join(tmpdir(), `wharf-camera-${process.pid}-${name}.y4m`);
  writeFileSync(
    file,
    Buffer.concat([
      Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\nFRAME\n`),
      luma,
      chroma,
    ]),
  );
  return file;
}
