/**
 * `<web-view>`: a page of a business domain (a second local origin) in a nested sandboxed
 * frame, driven with `jweixin.js` as a WeChat web page drives it: `wx.miniProgram.getEnv`,
 * `postMessage` then `navigateBack` (bindmessage gets the data), `navigateTo` a mini program
 * page; an address outside the list (or of the platform itself) gets binderror and a notice.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byId, fixtureFiles, type Harness, openMiniProgram, startHarness } from './harness.ts';

let harness: Harness;
let web: Server;
let webOrigin: string;
let outsideOrigin: string;
let page: Page;
let frame: Frame;

const WEB_PAGE = (runtimeOrigin: string) => `<!doctype html><meta charset="utf-8"><title>H5</title>
<script src="${runtimeOrigin}/runtime/jweixin.js"></script>
<p id="env">waiting</p>
<button id="send" onclick="wx.miniProgram.postMessage({ data: { n: ++window.sent } })">send</button>
<button id="back" onclick="wx.miniProgram.navigateBack()">back</button>
<button id="redirect" onclick="wx.miniProgram.redirectTo({ url: '/pages/target/target?from=redirect' })">redirect</button>
<button id="relaunch" onclick="wx.miniProgram.reLaunch({ url: '/pages/index/index' })">relaunch</button>
<button id="open" onclick="wx.miniProgram.navigateTo({ url: '/pages/target/target?from=web', success: function (r) { document.getElementById('env').dataset.nav = r.errMsg; } })">open</button>
<script>
window.sent = 0;
wx.miniProgram.getEnv(function (env) {
  document.getElementById('env').textContent = JSON.stringify(env) + ' ' + window.__wxjs_environment;
});
</script>`;

const events = async () => JSON.parse((await frame.textContent(byId('events'))) || '[]');
const webFrame = async (): Promise<Frame> => {
  await expect.poll(() => page.frames().some((f) => f.url().startsWith(`${webOrigin}/h5`))).toBe(true);
  return page.frames().find((f) => f.url().startsWith(`${webOrigin}/h5`))!;
};

beforeAll(async () => {
  harness = await startHarness();
  web = createServer((req, res) => {
    if (req.url?.startsWith('/h5'))
      return void res.writeHead(200, { 'Content-Type': 'text/html' }).end(WEB_PAGE(harness.runtimeOrigin));
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
  const port = (web.address() as AddressInfo).port;
  webOrigin = `http://127.0.0.1:${port}`;
  // The same server under another name: another origin, not in the list.
  outsideOrigin = `http://localhost:${port}`;
  const { packageBase } = await harness.publish('web-view', await fixtureFiles('web-view'));
  ({ page, frame } = await openMiniProgram(harness, packageBase, {
    launch: {
      scene: 1001,
      path: 'pages/index/index',
      query: {
        allowed: `${webOrigin}/h5?x=1`,
        outside: `${outsideOrigin}/h5`,
        platform: `${harness.hostOrigin}/static.html`,
      },
    },
    // The host page's own origin is listed too: it must be refused all the same.
    webviewDomains: [webOrigin, harness.hostOrigin],
  }));
});
afterAll(async () => {
  await harness?.close();
  if (!web) return;
  web.closeAllConnections();
  await new Promise((r) => web.close(r));
});

describe('web-view', () => {
  it('shows a business-domain page that answers getEnv, and hands its postMessage data to bindmessage on navigateBack', async () => {
    await frame.click(byId('open-allowed'));
    const h5 = await webFrame();
    await expect.poll(() => h5.textContent('#env')).toBe('{"miniprogram":true} miniprogram');
    // The web-view fills the page below the navigation bar and covers the page's own nodes.
    const box = await frame.$eval('.wx-page-host:not([hidden]) web-view', (e) => {
      const r = e.getBoundingClientRect();
      return { top: r.top, width: r.width, bottom: r.bottom };
    });
    expect(box).toEqual({ top: 44, width: 375, bottom: 667 });
    expect(
      await frame.$eval(byId('below'), (e) => {
        const r = e.getBoundingClientRect();
        return document.elementFromPoint(r.left + 1, r.top + 1)?.tagName;
      }),
    ).toBe('IFRAME');
    // The page runs opaque: no cookies, no storage, no way into the mini program frame.
    expect(
      await h5.evaluate(() => {
        const tries: string[] = [];
        for (const attempt of [
          () => document.cookie,
          () => localStorage.length,
          () => (window.parent as unknown as { document: Document }).document.title,
        ])
          try {
            attempt();
            tries.push('reached');
          } catch {
            tries.push('blocked');
          }
        return [window.origin, ...tries];
      }),
    ).toEqual(['null', 'blocked', 'blocked', 'blocked']);

    await h5.click('#send');
    await h5.click('#send');
    await expect.poll(() => h5.evaluate(() => (window as never as { sent: number }).sent)).toBe(2);
    await h5.click('#back');
    await expect.poll(() => frame.isVisible(byId('open-allowed'))).toBe(true);
    // One event with both messages, at back, before the page unloads (not as they were sent).
    expect(await events()).toEqual([
      { type: 'load', src: `${webOrigin}/h5?x=1` },
      { type: 'message', data: [{ n: 1 }, { n: 2 }] },
      { type: 'unload' },
    ]);
  });

  it('opens a mini program page from the web page with wx.miniProgram.navigateTo', async () => {
    await frame.click(byId('open-allowed'));
    const h5 = await webFrame();
    await expect.poll(() => h5.textContent('#env')).toContain('miniprogram');
    await h5.click('#open');
    await expect.poll(() => frame.textContent(byId('target'))).toBe('target from=web');
    expect(
      await page.evaluate(() => (window as never as { __handle: { stack: string[] } }).__handle.stack),
    ).toEqual(['pages/index/index', 'pages/web/web', 'pages/target/target']);
    expect(await h5.getAttribute('#env', 'data-nav')).toBe('navigateTo:ok');
    await page.evaluate(() =>
      (window as never as { __handle: { navigateBack(): Promise<boolean> } }).__handle.navigateBack(),
    );
  });

  it('delivers messages before the page shares, with webViewUrl', async () => {
    const h5 = await webFrame();
    await h5.click('#send');
    const share = await page.evaluate(() =>
      (
        window as never as { __handle: { requestShare(): Promise<{ title: string }> } }
      ).__handle.requestShare(),
    );
    expect(share.title).toBe(`shared ${webOrigin}/h5?x=1 after message`);
    await page.evaluate(() =>
      (window as never as { __handle: { navigateBack(): Promise<boolean> } }).__handle.navigateBack(),
    );
    await expect.poll(() => frame.isVisible(byId('open-allowed'))).toBe(true);
  });

  it('hands the messages over when redirectTo or reLaunch from the web page unloads it', async () => {
    const before = (await events()).length;
    await frame.click(byId('open-allowed'));
    let h5 = await webFrame();
    await expect.poll(() => h5.textContent('#env')).toContain('miniprogram');
    await h5.click('#send');
    await expect.poll(() => h5.evaluate(() => (window as never as { sent: number }).sent)).toBe(1);
    await h5.click('#redirect');
    await expect.poll(() => frame.textContent(byId('target'))).toBe('target from=redirect');
    const stack = () =>
      page.evaluate(() => (window as never as { __handle: { stack: string[] } }).__handle.stack);
    expect(await stack()).toEqual(['pages/index/index', 'pages/target/target']);
    await page.evaluate(() =>
      (window as never as { __handle: { navigateBack(): Promise<boolean> } }).__handle.navigateBack(),
    );
    await expect.poll(() => frame.isVisible(byId('open-allowed'))).toBe(true);
    expect((await events()).slice(before)).toEqual([
      { type: 'load', src: `${webOrigin}/h5?x=1` },
      { type: 'message', data: [{ n: 1 }] },
      { type: 'unload' },
    ]);

    const middle = (await events()).length;
    await frame.click(byId('open-allowed'));
    h5 = await webFrame();
    await expect.poll(() => h5.textContent('#env')).toContain('miniprogram');
    await h5.click('#send');
    await expect.poll(() => h5.evaluate(() => (window as never as { sent: number }).sent)).toBe(1);
    await h5.click('#relaunch');
    await expect.poll(stack).toEqual(['pages/index/index']);
    await expect
      .poll(async () => (await events()).slice(middle))
      .toEqual([
        { type: 'load', src: `${webOrigin}/h5?x=1` },
        { type: 'message', data: [{ n: 1 }] },
        { type: 'unload' },
      ]);
  });

  it('refuses an address outside the business domains, and the platform’s own, with binderror and a notice', async () => {
    for (const [button, src] of [
      ['open-outside', `${outsideOrigin}/h5`],
      ['open-platform', `${harness.hostOrigin}/static.html`],
    ] as const) {
      const before = (await events()).length;
      await frame.click(byId(button));
      const notice = frame.locator('.wx-page-host:not([hidden]) .wx-web-view-refused');
      await expect.poll(() => notice.textContent()).toContain(new URL(src).host);
      expect(await notice.textContent()).toContain('不在小程序的业务域名中');
      expect(await notice.textContent()).toContain("is not one of the mini program's business domains");
      expect(await frame.locator('.wx-page-host:not([hidden]) web-view iframe').count()).toBe(0);
      await page.evaluate(() =>
        (window as never as { __handle: { navigateBack(): Promise<boolean> } }).__handle.navigateBack(),
      );
      await expect.poll(() => frame.isVisible(byId('open-allowed'))).toBe(true);
      expect((await events()).slice(before)).toEqual([{ type: 'error', src }, { type: 'unload' }]);
    }
  });

  it('keeps mini program code from framing other sites itself (the frame CSP allows only the business domains)', async () => {
    const blocked = await frame.evaluate(async (src) => {
      const iframe = document.createElement('iframe');
      const violation = new Promise<string>((resolve) =>
        document.addEventListener(
          'securitypolicyviolation',
          (e) => resolve(`${e.effectiveDirective} ${e.blockedURI}`),
          { once: true },
        ),
      );
      iframe.src = src;
      document.body.append(iframe);
      const result = await Promise.race([
        violation,
        new Promise<string>((r) => setTimeout(() => r('loaded'), 3000)),
      ]);
      iframe.remove();
      return result;
    }, `${outsideOrigin}/h5`);
    expect(blocked).toBe(`frame-src ${outsideOrigin}`);
    expect(await page.evaluate(() => (window as never as { __logs: unknown[] }).__logs)).toEqual([]);
  });
});
