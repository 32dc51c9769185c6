/**
 * `wharf dev` as a developer runs it: the real command on a temporary project folder, the page
 * it prints opened in Chromium, files changed on disk while the page is open.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, chromium, type Frame, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = resolve(import.meta.dirname, '../bin/wharf.js');
const SCREENSHOTS = resolve(import.meta.dirname, '../../../docs/screenshots');

let browser: Browser;
const children: ChildProcess[] = [];

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
});
afterAll(async () => {
  for (const child of children) child.kill('SIGTERM');
  await browser?.close();
});

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'wharf-dev-'));
  for (const [path, text] of Object.entries(files)) write(dir, path, text);
  return dir;
}
function write(dir: string, path: string, text: string): void {
  mkdirSync(join(dir, path, '..'), { recursive: true });
  writeFileSync(join(dir, path), text);
}

/** Starts `wharf dev` and resolves with the URL it prints. */
function startDev(dir: string): Promise<{ url: string; child: ChildProcess; stderr: () => string }> {
  const child = spawn(process.execPath, [bin, 'dev', '--project', dir, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
  });
  return new Promise((done, fail) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const url = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)?.[1];
      if (url) done({ url, child, stderr: () => err });
    });
    child.on('exit', (code) => fail(new Error(`wharf dev exited ${code}: ${err}`)));
  });
}

/** The mounted mini program's frame (never the preloaded spare). */
async function appFrame(page: Page): Promise<Frame | undefined> {
  for (const frame of page.frames().reverse()) {
    if (!frame.url().endsWith('/runtime/frame.html') || frame.isDetached()) continue;
    const element = await frame.frameElement().catch(() => undefined);
    if (element && (await element.evaluate((e) => (e as Element).closest('#dev-phone') !== null)))
      return frame;
  }
  return undefined;
}
async function appText(page: Page, selector: string): Promise<string | null> {
  const frame = await appFrame(page);
  return frame ? frame.textContent(selector, { timeout: 500 }).catch(() => null) : null;
}

describe('wharf dev', () => {
  it('serves a project folder, reloads the page on save at the same page, and shows build and runtime errors with file and line', async () => {
    const dir = project({
      'project.config.json': JSON.stringify({ appid: 'wxdevfixture0001', miniprogramRoot: '' }),
      'app.json': JSON.stringify({ pages: ['pages/index/index', 'pages/next/next'] }),
      'app.js': 'App({})',
      'pages/index/index.wxml':
        '<view id="hello">hello {{name}}</view><navigator id="go" url="/pages/next/next">next</navigator>',
      'pages/index/index.js': "Page({ data: { name: 'wharf' } })",
      'pages/next/next.wxml': '<view id="next">next page</view><view id="visits">{{visits}}</view>',
      'pages/next/next.js':
        "Page({ onLoad() { const visits = (wx.getStorageSync('visits') || 0) + 1; wx.setStorageSync('visits', visits); this.setData({ visits }) } })",
    });
    const { url } = await startDev(dir);
    const page = await browser.newPage({ viewport: { width: 1100, height: 760 } });
    await page.goto(url);
    await expect.poll(() => appText(page, '#hello'), { timeout: 20_000 }).toBe('hello wharf');
    // zh-CN first.
    expect(await page.textContent('#dev-relaunch')).toBe('重新启动');

    // An edit reloads the page.
    write(
      dir,
      'pages/index/index.wxml',
      '<view id="hello">hello again {{name}}</view><navigator id="go" url="/pages/next/next">next</navigator>',
    );
    const saved = Date.now();
    await expect.poll(() => appText(page, '#hello'), { timeout: 20_000 }).toBe('hello again wharf');
    console.log(`save → page updated: ${Date.now() - saved} ms`);

    // The reload comes back to the page on screen, with the same storage.
    await (await appFrame(page))!.click('#go');
    await expect.poll(() => appText(page, '#next')).toBe('next page');
    await expect.poll(() => appText(page, '#visits')).toBe('1');
    write(
      dir,
      'pages/next/next.wxml',
      '<view id="next">next page, edited</view><view id="visits">{{visits}}</view>',
    );
    await expect.poll(() => appText(page, '#next'), { timeout: 20_000 }).toBe('next page, edited');
    await expect.poll(() => appText(page, '#visits')).toBe('2');

    // Broken WXML: the overlay names the file and line, the dev server keeps running.
    write(dir, 'pages/next/next.wxml', '<view id="next">\n  <text>{{ visits + }}</text>\n</view>');
    await expect.poll(() => page.isVisible('#dev-overlay'), { timeout: 20_000 }).toBe(true);
    expect(await page.textContent('#dev-overlay')).toContain('pages/next/next.wxml:2:');
    expect(await page.textContent('#dev-overlay')).toContain('编译错误');

    // A runtime error: the overlay shows the JS file and the line it happened on.
    write(dir, 'pages/next/next.wxml', '<view id="next">fixed</view>');
    write(dir, 'pages/next/next.js', 'Page({\n  onLoad() {\n    missingFunction()\n  }\n})');
    await expect
      .poll(() => page.textContent('#dev-overlay'), { timeout: 20_000 })
      .toContain('pages/next/next.js:3');
    expect(await page.textContent('#dev-overlay')).toContain('运行错误');
    await page.screenshot({ path: join(SCREENSHOTS, 'wharf-dev-error.png') });

    // Fixed: the overlay goes away and the page shows again.
    write(dir, 'pages/next/next.js', 'Page({})');
    await expect.poll(() => appText(page, '#next'), { timeout: 20_000 }).toBe('fixed');
    expect(await page.isVisible('#dev-overlay')).toBe(false);

    // The English switch.
    await page.click('#dev-language');
    expect(await page.textContent('#dev-relaunch')).toBe('Relaunch');
    await page.screenshot({ path: join(SCREENSHOTS, 'wharf-dev.png') });
    await page.click('#dev-language');
    await page.close();
  }, 120_000);

  it('shows why a folder that is not a mini program cannot build, and builds once app.json appears', async () => {
    const dir = project({ 'README.md': 'not a mini program' });
    const { url } = await startDev(dir);
    const page = await browser.newPage();
    await page.goto(url);
    await expect.poll(() => page.textContent('#dev-overlay'), { timeout: 20_000 }).toContain('app.json');
    write(dir, 'pages/index/index.wxml', '<view id="hello">now a mini program</view>');
    write(dir, 'app.json', JSON.stringify({ pages: ['pages/index/index'] }));
    await expect
      .poll(() => appText(page, '#hello'), {
        timeout: 20_000,
        message: 'the page did not show the new build',
      })
      .toBe('now a mini program')
      .catch(async (error) => {
        throw new Error(`${error}; console: ${await page.textContent('#dev-console')}`);
      });
    await page.close();
  }, 60_000);

  it('refuses a project path that is not a folder, with a clear message', async () => {
    const child = spawn(process.execPath, [bin, 'dev', '--project', join(tmpdir(), 'no-such-wharf-folder')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
    });
    const code = await new Promise((done) => child.on('exit', done));
    expect(code).toBe(1);
    expect(err).toContain('not a folder / 不是文件夹');
  }, 30_000);
});
