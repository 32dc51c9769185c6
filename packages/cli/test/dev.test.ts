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

    // Broken WXSS (a brace never closed): the overlay names the file and line.
    write(dir, 'pages/next/next.js', 'Page({})');
    write(dir, 'pages/next/next.wxss', '#next { color: red; }\n\n.broken { color: blue;\n');
    await expect
      .poll(() => page.textContent('#dev-overlay'), { timeout: 20_000 })
      .toContain('pages/next/next.wxss:3');

    // Fixed: the overlay goes away and the page shows again.
    write(dir, 'pages/next/next.wxss', '#next { color: red; }\n');
    // (The page showed "fixed" already under the WXSS diagnostic: wait for the overlay to go.)
    await expect.poll(() => page.isVisible('#dev-overlay'), { timeout: 20_000 }).toBe(false);
    await expect.poll(() => appText(page, '#next')).toBe('fixed');

    // The English switch.
    await page.click('#dev-language');
    expect(await page.textContent('#dev-relaunch')).toBe('Relaunch');
    await page.screenshot({ path: join(SCREENSHOTS, 'wharf-dev.png') });
    await page.click('#dev-language');
    await page.close();
  }, 120_000);

  it('lists wx calls and console output, shows AppData, WXML and storage live, and keeps the page stack on save', async () => {
    const dir = project({
      'app.json': JSON.stringify({ pages: ['pages/index/index', 'pages/second/second'] }),
      'app.js': 'App({})',
      'pages/index/index.wxml': [
        '<view id="greeting" class="hello" data-lang="zh">{{message}}</view>',
        '<button id="calls" bindtap="calls">calls</button>',
        '<button id="change" bindtap="change">change</button>',
        '<button id="check" bindtap="check">check</button><view id="keys">{{keys}}</view>',
        '<navigator id="go" url="/pages/second/second?from=index">second</navigator>',
        '<button id="missing" bindtap="missing">missing</button>',
      ].join('\n'),
      'pages/index/index.js': `Page({
  data: { message: 'hi', count: 0, keys: '' },
  calls() {
    wx.setStorageSync('token', { user: 'wharf', n: 1 });
    wx.request({ url: 'https://example.invalid/api', data: { q: 1 }, fail: (e) => console.log('request failed', e.errMsg) });
    console.log('hello from the app', { a: 1, fn() {} });
    const loop = { name: 'loop' };
    loop.self = loop;
    console.warn('cycle', loop);
    wx.getLocation({ fail() {} });
  },
  change() { this.setData({ message: 'changed', count: this.data.count + 1 }) },
  check() { this.setData({ keys: String(wx.getStorageInfoSync().keys.length) }) },
  missing() { wx.login({}); wx.notAnApi({}) },
})`,
      'pages/second/second.wxml': '<view id="second">second page {{from}}</view>',
      'pages/second/second.js': 'Page({ onLoad(query) { this.setData({ from: query.from }) } })',
    });
    const { url } = await startDev(dir);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(url);
    await expect.poll(() => appText(page, '#greeting'), { timeout: 20_000 }).toBe('hi');
    const text = (selector: string) => page.textContent(selector, { timeout: 1_000 }).catch(() => null);

    // AppData shows the page's data and follows setData.
    await expect.poll(() => text('#dev-appdata')).toContain('message: "hi"');
    await (await appFrame(page))!.click('#change');
    await expect.poll(() => text('#dev-appdata')).toContain('message: "changed"');
    expect(await text('#dev-appdata')).toContain('count: 1');

    // The console lists each wx call with its arguments and outcome, and the app's console.
    await (await appFrame(page))!.click('#calls');
    const row = (selector: string) => text(`#dev-console ${selector}`);
    await expect
      .poll(() => row('.dev-call[data-api="setStorageSync"]'))
      .toContain('wx.setStorageSync("token", {user: "wharf", n: 1})');
    await expect.poll(() => row('.dev-call[data-api="setStorageSync"]')).toContain('return undefined');
    await expect.poll(() => row('.dev-call[data-api="request"]')).toContain('fail {errMsg: "request:fail');
    expect(await row('.dev-call[data-api="request"]')).toContain(
      'wx.request({url: "https://example.invalid/api", data: {q: 1}, fail: ƒ fail})',
    );
    await expect
      .poll(() => row('.dev-app-console[data-level="log"]'))
      .toContain('hello from the app {a: 1, fn: ƒ fn}');
    const logs = await page.$$eval('#dev-console .dev-app-console', (rows) => rows.map((r) => r.textContent));
    await expect
      .poll(async () =>
        (await page.$$eval('#dev-console .dev-app-console', (rows) => rows.map((r) => r.textContent))).join(
          '\n',
        ),
      )
      .toContain('console.logrequest failed request:fail');
    expect(logs.join('\n')).toContain('console.warncycle {name: "loop", self: [Circular]}');
    // An API Wharf does not implement: named, marked, failed.
    await expect.poll(() => row('.dev-call[data-api="getLocation"]')).toContain('不支持的 API');
    expect(await row('.dev-call[data-api="getLocation"]')).toContain('wx.getLocation:fail not supported');

    // WXML: the rendered tree with the attributes the template set.
    await page.click('[data-panel="wxml"]');
    await expect
      .poll(() => text('#dev-wxml'))
      .toContain('<view id="greeting" class="hello" data-lang="zh">changed</view>');
    // A builtin shows the attributes the template set, not its dozens of defaults.
    expect(await text('#dev-wxml')).toContain('<button id="change">change</button>');

    // Storage: the key the app wrote, live.
    await page.click('[data-panel="storage"]');
    await expect.poll(() => text('#dev-storage-rows tr[data-key="token"]')).toContain('user: "wharf"');

    await page.click('[data-panel="appdata"]');
    await page.screenshot({ path: join(SCREENSHOTS, 'wharf-dev-panels.png') });

    // A save on the second page: it changes, the stack under it stays, and so does storage.
    await (await appFrame(page))!.click('#go');
    await expect.poll(() => appText(page, '#second')).toBe('second page index');
    await expect.poll(() => text('#dev-route')).toBe('pages/index/index › pages/second/second?from=index');
    write(dir, 'pages/second/second.wxml', '<view id="second">second page, edited {{from}}</view>');
    await expect.poll(() => appText(page, '#second'), { timeout: 20_000 }).toBe('second page, edited index');
    expect(await text('#dev-route')).toBe('pages/index/index › pages/second/second?from=index');
    expect(await text('#dev-appdata')).toContain('from: "index"');
    await page.click('[data-panel="storage"]');
    expect(await text('#dev-storage-rows tr[data-key="token"]')).toContain('user: "wharf"');
    // Two saves in quick succession (two builds, a remount before the last frame reported): still kept.
    write(dir, 'pages/second/second.wxml', '<view id="second">saved twice {{from}} {{mark}}</view>');
    await new Promise((done) => setTimeout(done, 60));
    write(
      dir,
      'pages/second/second.js',
      "Page({ data: { mark: 'js' }, onLoad(q) { this.setData({ from: q.from }) } })",
    );
    await expect.poll(() => appText(page, '#second'), { timeout: 20_000 }).toBe('saved twice index js');
    await expect.poll(() => text('#dev-route')).toBe('pages/index/index › pages/second/second?from=index');
    // Back to the first page (pressed again if a last remount was still reopening the stack).
    await expect
      .poll(async () => {
        await page.click('#dev-back');
        return text('#dev-route');
      })
      .toBe('pages/index/index');

    // Clearing storage in the panel clears it in the running app too.
    await page.click('#dev-storage-clear');
    await expect.poll(() => page.$$('#dev-storage-rows tr').then((rows) => rows.length)).toBe(0);
    await (await appFrame(page))!.click('#check');
    await expect.poll(() => appText(page, '#keys')).toBe('0');

    // A page that no longer exists is not reopened: the stack stops below it.
    await (await appFrame(page))!.click('#go');
    await expect.poll(() => text('#dev-route')).toBe('pages/index/index › pages/second/second?from=index');
    write(dir, 'app.json', JSON.stringify({ pages: ['pages/index/index'] }));
    await expect.poll(() => text('#dev-route'), { timeout: 20_000 }).toBe('pages/index/index');
    expect(await appText(page, '#greeting')).toBe('hi');

    // A host service wharf dev does not have, and a name that is no wx API at all: both named.
    await (await appFrame(page))!.click('#missing');
    await expect.poll(() => row('.dev-call[data-api="login"]')).toContain('不支持的 API');
    expect(await row('.dev-call[data-api="login"]')).toContain('login:fail not supported');
    await expect.poll(() => text('#dev-console')).toContain('wx.notAnApi is not a function');
    expect(await text('#dev-overlay')).toContain('wx.notAnApi is not a function');
    await page.click('#dev-dismiss');

    // The panels' own texts switch to English.
    await page.click('#dev-language');
    expect(await text('[data-panel="storage"]')).toBe('Storage');
    expect(await text('#dev-storage-info')).toBe('Nothing stored');
    await page.click('#dev-language');
    expect(await text('[data-panel="storage"]')).toBe('存储');
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
