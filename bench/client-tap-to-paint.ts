/**
 * Tap to first paint in the client (issue 21): an end user in the built client, in an official
 * account's conversation, taps a `miniprogram` menu button; timed from the click to the mini
 * program's first page painted (the client's `wharf:mini-program-painted` User Timing mark, set
 * when the runtime reports the paint). The server is a real one on a fresh SQLite database, as
 * the client's tests start it; the mini program is examples/demo, released through review.
 *
 * Against a baseline measured in the same run and browser: a static HTML page loaded into an
 * iframe of a plain page (the same baseline as packages/runtime/bench/open-to-paint.ts). Each run
 * uses fresh browser contexts (cold HTTP cache). Two taps are timed: "preloaded", the client as
 * it ships (it boots a runtime frame when the app shell mounts, `preloadMiniProgramRuntime`),
 * and "cold", the same client with `/api/v1/runtime` blocked so nothing is preloaded (the
 * client before the preload).
 *
 *   node --import tsx bench/client-tap-to-paint.ts [runs=15]
 *
 * `WHARF_BENCH_TRACE=1` prints each open's resource timings and the frame's `wharf:frame:*` marks.
 */
import { readdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { CLIENT_SESSION_COOKIE } from '../packages/server/src/features/end-users/end-user-auth.ts';
import { codeWorld, releaseVersion } from '../packages/server/test/code-world.ts';
import { startTestServer } from '../packages/server/test/harness.ts';
import { accountOf, oaCall } from '../packages/server/test/oa-world.ts';

const runs = Number(process.argv[2] ?? 15);
const DEMO = resolve(import.meta.dirname, '../examples/demo');
const BUTTON = '打开茶铺';
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const load = () =>
  loadavg()
    .map((n) => n.toFixed(1))
    .join(' / ');

async function demoFiles(): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(DEMO, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    files[relative(DEMO, full).split('\\').join('/')] = await readFile(full, 'utf8');
  }
  return files;
}

// The baseline's pages, served by a plain HTTP server on loopback.
const statics = createServer((request, response) => {
  if (request.url === '/host.html')
    return void response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><body></body>');
  if (request.url?.split('?')[0] === '/static.html')
    return void response
      .writeHead(200, { 'content-type': 'text/html' })
      .end('<!doctype html><meta charset="utf-8"><h1>静态页面</h1>');
  response.writeHead(404).end();
});
await new Promise<void>((done) => statics.listen(0, '127.0.0.1', done));
const staticOrigin = `http://127.0.0.1:${(statics.address() as AddressInfo).port}`;

const server = await startTestServer('sqlite');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
console.log(`load average at start (1 / 5 / 15 min): ${load()}`);
try {
  const code = await codeWorld(server, '码头茶铺');
  await releaseVersion(code, '1.0.0', await demoFiles());
  const { account, secret } = await accountOf(code, '码头茶讯');
  const wx = await oaCall(server.url, account.appid, secret);
  const linked = await wx('/cgi-bin/wxopen/wxamplink', { appid: code.app.appid, notify_users: 0 });
  if (linked.errcode !== 0) throw new Error(`wxamplink: ${JSON.stringify(linked)}`);
  const menu = await wx('/cgi-bin/menu/create', {
    button: [
      {
        type: 'miniprogram',
        name: BUTTON,
        url: 'https://fallback.example/',
        appid: code.app.appid,
        pagepath: 'pages/index/index',
      },
    ],
  });
  if (menu.errcode !== 0) throw new Error(`menu/create: ${JSON.stringify(menu)}`);

  // One end user, following the account; each run's contexts carry their session cookie.
  const signUp = await fetch(`${server.url}/api/v1/client/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'bench_user', password: 'password-123', nickname: '测速' }),
  });
  if (signUp.status !== 201) throw new Error(`signup: ${await signUp.text()}`);
  const signIn = await fetch(`${server.url}/api/v1/client/signin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'bench_user', password: 'password-123' }),
  });
  const { token } = (await signIn.json()) as { token: string };
  const follow = await fetch(`${server.url}/api/v1/client/official-accounts/${account.appid}/follow`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
  if (follow.status !== 200) throw new Error(`follow: ${await follow.text()}`);

  const clientContext = async (preload: boolean): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await browser.newContext({ viewport: { width: 390, height: 780 } });
    await context.addCookies([{ name: CLIENT_SESSION_COOKIE, value: token, url: server.url }]);
    if (!preload) await context.route('**/api/v1/runtime', (route) => route.abort());
    const page = await context.newPage();
    await page.goto(`${server.url}/client/#/oa/${account.appid}`);
    await page.locator('.menu-bar .menu-button', { hasText: BUTTON }).waitFor();
    if (preload) await page.locator('html[data-runtime-preloaded="true"]').waitFor({ state: 'attached' });
    return { context, page };
  };

  const tapToPaint = (page: Page) =>
    page.evaluate(
      (name) =>
        new Promise<number>((resolve, reject) => {
          const button = [...document.querySelectorAll<HTMLButtonElement>('.menu-bar .menu-button')].find(
            (b) => b.textContent === name,
          );
          if (!button) return reject(new Error('no menu button'));
          const observer = new PerformanceObserver((list) => {
            const painted = list.getEntriesByName('wharf:mini-program-painted')[0];
            if (!painted) return;
            observer.disconnect();
            resolve(painted.startTime - start);
          });
          observer.observe({ type: 'mark' });
          const start = performance.now();
          button.click();
        }),
      BUTTON,
    );

  /** Resource timings and marks of the client page and of the mini program's frame, in ms relative to the first paint (negative: before it). */
  const traceOf = async (page: Page) => {
    const entriesOf = () =>
      performance
        .getEntries()
        .filter((e) => e.entryType === 'resource' || e.entryType === 'mark' || e.entryType === 'paint')
        .map((e) => ({
          name: e.name,
          start: performance.timeOrigin + e.startTime,
          end: performance.timeOrigin + e.startTime + e.duration,
        }));
    const paintAt = await page.evaluate(() => {
      const painted = performance.getEntriesByName('wharf:mini-program-painted')[0] as PerformanceMark;
      return performance.timeOrigin + painted.startTime;
    });
    const frame = page.frames().find((f) => f.url().includes('/runtime/frame.html'));
    const entries = [...(await page.evaluate(entriesOf)), ...((await frame?.evaluate(entriesOf)) ?? [])];
    return entries
      .filter((e) => e.start > paintAt - 1500)
      .sort((a, b) => a.start - b.start)
      .map(
        (e) =>
          `${e.name.replace(/^https?:\/\/[^/]+/, '').slice(0, 70)} ${(e.start - paintAt).toFixed(0)}..${(e.end - paintAt).toFixed(0)}`,
      )
      .join('\n  ');
  };

  const baseline: number[] = [];
  const preloaded: number[] = [];
  const cold: number[] = [];
  for (let i = 0; i < runs; i++) {
    for (const kind of ['baseline', 'cold', 'preloaded'] as const) {
      if (kind === 'baseline') {
        const context = await browser.newContext({ viewport: { width: 390, height: 780 } });
        const page = await context.newPage();
        await page.goto(`${staticOrigin}/host.html`);
        baseline.push(
          await page.evaluate(
            () =>
              new Promise<number>((resolve) => {
                const start = performance.now();
                const frame = document.createElement('iframe');
                frame.onload = () => requestAnimationFrame(() => resolve(performance.now() - start));
                frame.src = `/static.html?${Math.random()}`;
                document.body.appendChild(frame);
              }),
          ),
        );
        await context.close();
        continue;
      }
      const { context, page } = await clientContext(kind === 'preloaded');
      const ms = await tapToPaint(page);
      const title = await page
        .frameLocator('.mp-overlay:not([hidden]) .mp-phone iframe')
        .locator('.wx-page-host:not([hidden])')
        .first()
        .isVisible();
      if (!title) throw new Error('the mini program page is not shown after its paint mark');
      (kind === 'cold' ? cold : preloaded).push(ms);
      if (process.env.WHARF_BENCH_TRACE) console.log(kind, ms.toFixed(0), await traceOf(page));
      await context.close();
    }
  }
  const base = median(baseline);
  console.log(`runs: ${runs}`);
  console.log(`baseline (static HTML page in an iframe), median: ${base.toFixed(1)} ms`);
  for (const [name, values] of [
    ['runtime preloaded (the client as it ships)', preloaded],
    ['cold (preload blocked: the client before)', cold],
  ] as const) {
    const m = median(values);
    console.log(
      `client: official-account menu tap → first page painted (examples/demo), ${name}, median: ${m.toFixed(1)} ms, ratio: ${(m / base).toFixed(2)}× (goal ≤ 2×)`,
    );
  }
  console.log(`load average at end (1 / 5 / 15 min): ${load()}`);
} finally {
  await browser.close();
  await server.close();
  statics.close();
}
