import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../src/shared/manifest.ts';
import { byId, fixtureFiles, type Harness, openMiniProgram, startHarness } from './harness.ts';

let harness: Harness;
let packageBase: string;
let diagnostics: Diagnostic[];

beforeAll(async () => {
  harness = await startHarness();
  ({ packageBase, diagnostics } = await harness.publish('errors', await fixtureFiles('errors')));
});
afterAll(() => harness?.close());

const logs = (page: import('playwright-core').Page) =>
  page.evaluate(
    () =>
      (window as never as { __logs: Array<{ level: string; message: string; file?: string; line?: number }> })
        .__logs,
  );

describe('errors stay inside the frame', () => {
  it('turns a bad WXML template into a build diagnostic and an error page with file and line', async () => {
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ file: 'pages/bad-wxml/bad-wxml.wxml', line: 2 });
    const page = await harness.browser.newPage();
    const hostErrors: string[] = [];
    page.on('pageerror', (error) => hostErrors.push(error.message));
    await page.goto(`${harness.hostOrigin}/host.html`);
    // The client's own page around the mini program: what a broken mini program must not touch.
    const clientState = () =>
      page.evaluate(() => ({
        url: location.href,
        title: document.title,
        marker: document.getElementById('client-marker')?.textContent,
        body: [...document.body.children].map((el) => `${el.tagName}#${el.id}`),
        app: [...document.getElementById('app')!.children].map(
          (el) => `${el.tagName}:${el.getAttribute('sandbox')}`,
        ),
      }));
    await page.evaluate(() => {
      document.title = '客户端';
      const marker = document.createElement('p');
      marker.id = 'client-marker';
      marker.textContent = '客户端内容';
      document.body.append(marker);
    });
    const { frame } = await openMiniProgram(harness, packageBase, { page });
    const before = await clientState();
    expect(before.app).toEqual(['IFRAME:allow-scripts']);
    await frame.click(byId('to-bad'));
    await expect
      .poll(() => frame.textContent('.wx-page-host:not([hidden]) .wx-error-location'))
      .toMatch(/^pages\/bad-wxml\/bad-wxml\.wxml:2:\d+$/);
    expect(await frame.textContent('.wx-page-host:not([hidden]) .wx-error-message')).toBe(
      diagnostics[0]!.message,
    );
    expect((await logs(page)).at(-1)).toMatchObject({
      level: 'error',
      file: 'pages/bad-wxml/bad-wxml.wxml',
      line: 2,
    });
    // The client is untouched (same document, same nodes, no exception of its own), its handle
    // still answers, and the mini program still navigates.
    expect(await clientState()).toEqual(before);
    expect(hostErrors).toEqual([]);
    expect(
      await page.evaluate(() => (window as never as { __handle: { stack: string[] } }).__handle.stack),
    ).toEqual(['pages/index/index', 'pages/bad-wxml/bad-wxml']);
    await frame.click('.wx-navigation-back');
    await expect.poll(() => frame.isVisible(byId('to-throws'))).toBe(true);
    expect(await clientState()).toEqual(before);
    await page.close();
  });

  it('shows the app error page with file and line when app.js throws, and for a package without app.json', async () => {
    const files = (entries: Record<string, string>) =>
      new Map(Object.entries(entries).map(([path, text]) => [path, new TextEncoder().encode(text)]));
    const broken = await harness.publish(
      'app-throws',
      files({
        'app.json': '{ "pages": ["pages/index/index"] }',
        'app.js': "App({});\nthrow new Error('启动失败');\n",
        'pages/index/index.wxml': '<view>首页</view>',
        'pages/index/index.js': 'Page({});',
      }),
    );
    const first = await openMiniProgram(harness, broken.packageBase);
    // The host's `ready` rejects instead of waiting for a paint that never comes.
    expect(first.route).toBe('failed: Error: 启动失败');
    await expect.poll(() => first.frame.textContent('.wx-error-location')).toBe('app.js:2:7');
    expect(await first.frame.textContent('.wx-error-message')).toBe('Error: 启动失败');
    expect(await first.frame.textContent('.wx-error-page')).toContain('小程序无法启动');
    expect((await logs(first.page)).at(-1)).toMatchObject({ level: 'error', file: 'app.js', line: 2 });
    await first.page.close();
    const missing = await harness.publish('no-app-json', files({ 'pages/index/index.wxml': '<view />' }));
    const second = await openMiniProgram(harness, missing.packageBase);
    expect(second.route).toMatch(/^failed: /);
    await expect.poll(() => second.frame.textContent('.wx-error-page')).toContain('小程序无法启动');
    expect((await logs(second.page)).at(-1)).toMatchObject({ level: 'error', file: 'app.json' });
    await second.page.close();
  });

  it('shows an error page with the JS file and line when onLoad throws, and tells App.onError', async () => {
    const { page, frame } = await openMiniProgram(harness, packageBase);
    await frame.click(byId('to-throws'));
    await expect
      .poll(() => frame.textContent('.wx-page-host:not([hidden]) .wx-error-location'))
      .toBe('pages/throws/throws.js:3:11');
    expect(await frame.textContent('.wx-page-host:not([hidden]) .wx-error-message')).toBe('Error: 加载失败');
    expect((await logs(page)).at(-1)).toMatchObject({
      level: 'error',
      message: 'Error: 加载失败',
      file: 'pages/throws/throws.js',
      line: 3,
    });
    await frame.click('.wx-navigation-back');
    await frame.click(byId('show-errors'));
    await expect
      .poll(() => frame.textContent(byId('errors')))
      .toBe('Error: 加载失败 (pages/throws/throws.js:3)');
    await page.close();
  });

  it('reports an exception in an event handler with its line and keeps the page running', async () => {
    const { page, frame } = await openMiniProgram(harness, packageBase);
    await frame.click(byId('boom'));
    await expect
      .poll(() => frame.textContent('.wx-error-banner'))
      .toMatch(/^TypeError: .*\(pages\/index\/index\.js:5\)$/);
    expect((await logs(page)).at(-1)).toMatchObject({
      level: 'error',
      file: 'pages/index/index.js',
      line: 5,
    });
    await frame.click(byId('show-errors'));
    await expect.poll(() => frame.textContent(byId('errors'))).toMatch(/pages\/index\/index\.js:5/);
    await page.close();
  });
});
