/**
 * Test harness: builds fixture folders with `buildPackage`, serves the built files and
 * `runtimeAssets()` from 127.0.0.1 and a host page from localhost (two origins, as in
 * production), and drives headless Chromium with playwright-core.
 */
import { readdir, readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Frame, type Page } from 'playwright-core';
import { buildMiniprogramNpm, buildPackage, FRAME_HEADERS, runtimeAssets } from '../src/build/index.ts';
import type { Diagnostic } from '../src/shared/manifest.ts';

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
export const EXAMPLES = fileURLToPath(new URL('../../../examples/', import.meta.url));

export async function readFolder(
  root: string,
  into = new Map<string, Uint8Array>(),
  prefix = '',
): Promise<Map<string, Uint8Array>> {
  for (const entry of await readdir(root, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    into.set(prefix + relative(root, full).split('\\').join('/'), new Uint8Array(await readFile(full)));
  }
  return into;
}

export interface RequestLog {
  url: string;
  method: string;
  body: string;
  origin: string | undefined;
}

export interface Harness {
  runtimeOrigin: string;
  hostOrigin: string;
  /** Builds a package and serves it; returns its package base URL and build diagnostics. */
  publish(
    name: string,
    files: ReadonlyMap<string, Uint8Array>,
  ): Promise<{ packageBase: string; diagnostics: Diagnostic[] }>;
  /** Paths of built files fetched so far, per package name. */
  fetched: Map<string, string[]>;
  apiRequests: RequestLog[];
  browser: Browser;
  close(): Promise<void>;
}

const listen = (server: Server, host: string) =>
  new Promise<number>((resolve) =>
    server.listen(0, host, () => resolve((server.address() as AddressInfo).port)),
  );

const HOST_PAGE = (runtimeOrigin: string) => `<!doctype html><html><head><meta charset="utf-8">
<style>body{margin:0} #app{width:375px;height:667px}</style></head><body><div id="app"></div>
<script type="module">
import { mountMiniProgram, memoryStorageBackend, preloadMiniProgramRuntime } from '${runtimeOrigin}/runtime/host.js';
window.__preload = (base) => preloadMiniProgramRuntime(base);
window.__calls = [];
window.__logs = [];
window.__omitServices = [];
window.__storage = memoryStorageBackend();
window.__answers = { session: true, consent: true, scan: { result: 'https://example.com/q?id=7', scanType: 'QR_CODE' }, subscribe: 'accept' };
window.__mount = (options, into = 'app') => {
  const record = (name) => (ctx, request) => { window.__calls.push({ name, ctx, request }); };
  const services = {
    login: async (ctx) => { record('login')(ctx); return { code: 'code-for-' + ctx.userId }; },
    checkSession: async (ctx) => { record('checkSession')(ctx); return window.__answers.session; },
    getUserInfo: async (ctx, request) => { record('getUserInfo')(ctx, request); return window.__answers.consent ? { userInfo: { nickName: '测试用户', avatarUrl: '', gender: 1, country: 'CN', province: '', city: '', language: 'zh_CN' } } : null; },
    scanCode: async (ctx, request) => { record('scanCode')(ctx, request); return window.__answers.scan; },
    requestSubscribeMessage: async (ctx, request) => { record('requestSubscribeMessage')(ctx, request); return Object.fromEntries(request.tmplIds.map((id) => [id, window.__answers.subscribe])); },
    navigateToMiniProgram: async (ctx, request) => record('navigateToMiniProgram')(ctx, request),
    navigateBackMiniProgram: async (ctx, request) => record('navigateBackMiniProgram')(ctx, request),
    exitMiniProgram: async (ctx) => record('exitMiniProgram')(ctx),
    officialAccount: async (ctx, request) => { record('officialAccount')(ctx, request); const a = window.__answers.officialAccount ?? { status: 3, errMsg: 'none linked' }; return 'status' in a ? a : { ...a, following: a.following || request.follow }; },
    share: async (ctx, request) => record('share')(ctx, request),
    getShareInfo: async (ctx, request) => { record('getShareInfo')(ctx, request); return { encryptedData: 'enc-' + request.shareTicket, iv: 'iv' }; },
    log: (entry) => window.__logs.push(entry),
  };
  for (const name of window.__omitServices) delete services[name];
  const handle = mountMiniProgram(document.getElementById(into), { storage: window.__storage, services, ...options });
  window.__handle = handle;
  return handle.ready.then((r) => { window.__ready = r; return r.route; }, (e) => 'failed: ' + e.message);
};
window.__hostReady = true;
</script></body></html>`;

/** `chromiumArgs`: extra browser flags, e.g. a fake camera for `<camera>` tests. */
export async function startHarness(options: { chromiumArgs?: string[] } = {}): Promise<Harness> {
  const assets = await runtimeAssets();
  const packages = new Map<string, Map<string, Uint8Array>>();
  const fetched = new Map<string, string[]>();
  const apiRequests: RequestLog[] = [];

  const runtimeServer = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    res.setHeader('Access-Control-Allow-Origin', '*');
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Headers', '*');
      res.setHeader('Access-Control-Allow-Methods', '*');
      res.end();
      return;
    }
    if (url.pathname.startsWith('/runtime/')) {
      const asset = assets.get(url.pathname.slice('/runtime/'.length));
      if (!asset) return void res.writeHead(404).end();
      const headers: Record<string, string> = { 'Content-Type': asset.contentType };
      if (url.pathname === '/runtime/frame.html') Object.assign(headers, FRAME_HEADERS);
      return void res.writeHead(200, headers).end(asset.body);
    }
    const pkg = /^\/pkg\/([^/]+)\/(.*)$/.exec(url.pathname);
    if (pkg) {
      const file = packages.get(pkg[1]!)?.get(decodeURIComponent(pkg[2]!));
      if (!file) return void res.writeHead(404).end();
      fetched.get(pkg[1]!)?.push(pkg[2]!);
      const type = pkg[2]!.endsWith('.js')
        ? 'text/javascript'
        : pkg[2]!.endsWith('.json')
          ? 'application/json'
          : pkg[2]!.endsWith('.png')
            ? 'image/png'
            : pkg[2]!.endsWith('.wav')
              ? 'audio/wav'
              : 'application/octet-stream';
      const headers = {
        'Content-Type': type,
        'Cache-Control': 'public, max-age=31536000, immutable',
        'Accept-Ranges': 'bytes',
      };
      // Byte ranges, as a static file server answers them: media elements seek only with them.
      const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
      if (range && (range[1] || range[2])) {
        const start = range[1] ? Number(range[1]) : Math.max(0, file.length - Number(range[2]));
        const end = range[1] && range[2] ? Math.min(Number(range[2]), file.length - 1) : file.length - 1;
        return void res
          .writeHead(206, { ...headers, 'Content-Range': `bytes ${start}-${end}/${file.length}` })
          .end(file.subarray(start, end + 1));
      }
      return void res.writeHead(200, headers).end(file);
    }
    if (url.pathname.startsWith('/api/')) {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks).toString();
      apiRequests.push({ url: req.url ?? '', method: req.method ?? '', body, origin: req.headers.origin });
      res.writeHead(200, { 'Content-Type': 'application/json' });
      return void res.end(
        JSON.stringify({
          ok: true,
          method: req.method,
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          body,
        }),
      );
    }
    res.writeHead(404).end();
  });
  const runtimePort = await listen(runtimeServer, '127.0.0.1');
  const runtimeOrigin = `http://127.0.0.1:${runtimePort}`;

  const hostServer = createServer((req, res) => {
    if (req.url === '/host.html')
      return void res.writeHead(200, { 'Content-Type': 'text/html' }).end(HOST_PAGE(runtimeOrigin));
    if (req.url?.split('?')[0] === '/static.html') {
      return void res
        .writeHead(200, { 'Content-Type': 'text/html' })
        .end('<!doctype html><meta charset="utf-8"><h1>静态页面</h1>');
    }
    res.writeHead(404).end();
  });
  const hostPort = await listen(hostServer, '127.0.0.1');
  const hostOrigin = `http://localhost:${hostPort}`;

  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    ...(options.chromiumArgs ? { args: options.chromiumArgs } : {}),
  });
  return {
    runtimeOrigin,
    hostOrigin,
    fetched,
    apiRequests,
    browser,
    async publish(name, files) {
      const built = await buildPackage(files);
      packages.set(name, built.files);
      fetched.set(name, []);
      return { packageBase: `${runtimeOrigin}/pkg/${name}`, diagnostics: built.diagnostics };
    },
    async close() {
      await browser.close();
      runtimeServer.closeAllConnections();
      hostServer.closeAllConnections();
      await Promise.all([
        new Promise((r) => runtimeServer.close(r)),
        new Promise((r) => hostServer.close(r)),
      ]);
    },
  };
}

export interface Opened {
  page: Page;
  frame: Frame;
  route: string;
}

export interface OpenOptions {
  appid?: string;
  envVersion?: 'develop' | 'trial' | 'release';
  launch?: {
    path?: string;
    query?: Record<string, string>;
    scene: number;
    shareTicket?: string;
    referrerInfo?: { appId: string; extraData?: Record<string, unknown> };
  };
  requestDomains?: string[];
  webviewDomains?: string[];
  socketDomains?: string[];
  userId?: string;
  page?: Page;
  /** Destroys the previously mounted mini program on `page` first. */
  replace?: boolean;
}

/** Opens the host page (or reuses one), mounts the package and waits for the first paint. */
export async function openMiniProgram(
  harness: Harness,
  packageBase: string,
  options: OpenOptions = {},
): Promise<Opened> {
  let page = options.page;
  if (!page) {
    page = await harness.browser.newPage({ viewport: { width: 375, height: 667 } });
    await page.goto(`${harness.hostOrigin}/host.html`);
    await page.waitForFunction(() => (window as unknown as { __hostReady?: boolean }).__hostReady === true);
  }
  if (options.replace)
    await page.evaluate(() => (window as unknown as { __handle?: { destroy(): void } }).__handle?.destroy());
  const route = await page.evaluate(
    (o) => (window as unknown as { __mount: (o: unknown) => Promise<string> }).__mount(o),
    {
      appid: options.appid ?? 'wxfixture',
      ...(options.envVersion ? { envVersion: options.envVersion } : {}),
      packageBase,
      runtimeBase: `${harness.runtimeOrigin}/runtime`,
      launch: options.launch ?? { scene: 1001 },
      userId: options.userId ?? 'user-1',
      requestDomains: options.requestDomains ?? [],
      ...(options.webviewDomains ? { webviewDomains: options.webviewDomains } : {}),
      ...(options.socketDomains ? { socketDomains: options.socketDomains } : {}),
    },
  );
  const candidates = page.frames().filter((f) => f.url().includes('/runtime/frame.html') && !f.isDetached());
  let frame: Frame | undefined;
  // The last mounted frame, never a preloaded spare waiting off screen.
  for (const f of candidates.reverse()) {
    const element = await f.frameElement();
    if (await element.evaluate((e) => (e as Element).closest('[data-wharf-spare-frames]') === null)) {
      frame = f;
      break;
    }
  }
  if (!frame) throw new Error('frame not found');
  return { page, frame, route };
}

export function fixtureFiles(name: string): Promise<Map<string, Uint8Array>> {
  return readFolder(join(FIXTURES, name));
}

/** An element of the visible page by its WXML `id` (glass-easel prefixes ids per component instance). */
export const byId = (id: string): string => `.wx-page-host:not([hidden]) [id="${id}"]`;

/**
 * A fixture with a published library's ready-made folder (e.g. `lib/`, `miniprogram_dist/`)
 * copied into `miniprogram_npm/<library>/`, as the WeChat devtools' "build npm" does.
 */
export async function fixtureWithLibrary(
  fixture: string,
  library: string,
  folder: string,
): Promise<Map<string, Uint8Array>> {
  const files = await fixtureFiles(fixture);
  const root = dirname(createRequire(import.meta.url).resolve(`${library}/package.json`));
  await readFolder(join(root, folder), files, `miniprogram_npm/${library}/`);
  return files;
}

/**
 * A fixture with its package.json `dependencies` built into `miniprogram_npm/` from the
 * installed node_modules (`buildMiniprogramNpm`, WeChat's "build npm"); fails on npm diagnostics.
 */
export async function fixtureWithNpm(fixture: string): Promise<Map<string, Uint8Array>> {
  const files = await fixtureFiles(fixture);
  const npm = await buildMiniprogramNpm(join(FIXTURES, fixture));
  if (npm.diagnostics.length > 0) throw new Error(`npm build: ${JSON.stringify(npm.diagnostics)}`);
  for (const [path, bytes] of npm.files) files.set(path, bytes);
  return files;
}
