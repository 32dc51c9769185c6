/**
 * `wharf dev`: builds a local project folder with the server's own build (`buildPackage`, the
 * files `wharf upload` would send), serves it with the runtime, and rebuilds on every save.
 * Two HTTP servers, as in production: the dev page on one origin, the runtime frame and the
 * built package on another (the frame must never share the page's origin). Only the loopback
 * interface is bound by default: this serves a developer's own files, without authentication.
 */
import { type FSWatcher, watch } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, join, resolve } from 'node:path';
import {
  type BuildResult,
  buildPackage,
  type DevBuild,
  type DevState,
  devPageAssets,
  FRAME_HEADERS,
  runtimeAssets,
} from '@wharf/runtime/build';
import { contentTypeOf } from '@wharf/server/features/code/serving.service.ts';
import { readProject } from '../pack/pack-project.ts';

export interface DevServerOptions {
  project: string;
  host?: string;
  /** The dev page's port (0: any free one); the runtime takes the next free port. */
  port?: number;
  /** Lines for the terminal (builds, failures). */
  log?: (line: string) => void;
}

export interface DevServer {
  /** The dev page. */
  url: string;
  runtimeOrigin: string;
  close(): Promise<void>;
}

/** Saves arriving together (an editor writing a file and its backup) make one build. */
const SETTLE_MS = 30;
/** Builds kept servable: the current one and the one a page may still be loading from. */
const KEPT_BUILDS = 2;

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const project = resolve(options.project);
  const info = await stat(project).catch(() => undefined);
  if (!info?.isDirectory()) throw new Error(`not a folder / 不是文件夹: ${project}`);
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => {});
  const [runtime, page] = await Promise.all([runtimeAssets(), devPageAssets()]);

  const builds = new Map<number, Map<string, Uint8Array>>();
  let current: DevBuild = { generation: 0, packageBase: null, diagnostics: [], skipped: [], buildMs: 0 };
  const listeners = new Set<ServerResponse>();

  const runtimeServer = createServer((req, res) => serveRuntime(req, res));
  const runtimePort = await listen(runtimeServer, host, 0);
  const runtimeOrigin = `http://${urlHost(host)}:${runtimePort}`;

  function serveRuntime(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://x');
    // The frame (an opaque origin) loads chunks with CORS and the page reads the manifest.
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Cache-Control', 'no-store');
    if (url.pathname.startsWith('/runtime/')) {
      const asset = runtime.get(url.pathname.slice('/runtime/'.length));
      if (!asset) return void res.writeHead(404).end();
      const headers: Record<string, string> = { 'Content-Type': asset.contentType };
      if (url.pathname === '/runtime/frame.html') Object.assign(headers, FRAME_HEADERS);
      return void res.writeHead(200, headers).end(asset.body);
    }
    const match = /^\/pkg\/(\d+)\/(.+)$/.exec(url.pathname);
    const file = match ? builds.get(Number(match[1]))?.get(decodeURIComponent(match[2]!)) : undefined;
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': contentTypeOf(match![2]!) }).end(file);
  }

  const state = async (): Promise<DevState> => ({
    appid: await appidOf(project),
    project: basename(project),
    runtimeBase: `${runtimeOrigin}/runtime`,
    build: current,
  });
  const pageServer = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/state') {
      return void res
        .writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' })
        .end(JSON.stringify(await state()));
    }
    if (path === '/events') {
      res.writeHead(200, {
        'Content-Type': 'text/event-stream',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
      });
      // The current build first: a page that connects after a build still learns of it.
      res.write(`event: build\ndata: ${JSON.stringify(current)}\n\n`);
      listeners.add(res);
      req.on('close', () => listeners.delete(res));
      return;
    }
    const asset = page.get(path === '/' ? 'dev.html' : path.slice(1));
    if (!asset) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': asset.contentType, 'Cache-Control': 'no-store' }).end(asset.body);
  });
  const pagePort = await listen(pageServer, host, options.port ?? 0);

  let building: Promise<void> | undefined;
  let again = false;
  async function build(): Promise<void> {
    const started = performance.now();
    const generation = current.generation + 1;
    let next: DevBuild;
    try {
      const { files, skipped } = await readProject(project);
      const built: BuildResult = await buildPackage(files);
      builds.set(generation, built.files);
      builds.delete(generation - KEPT_BUILDS);
      next = {
        generation,
        packageBase: `${runtimeOrigin}/pkg/${generation}`,
        diagnostics: built.diagnostics,
        skipped,
        buildMs: Math.round(performance.now() - started),
      };
    } catch (error) {
      // A folder that cannot be read or a package over a limit: the last good build stays on screen.
      next = {
        ...current,
        generation,
        failure: error instanceof Error ? error.message : String(error),
        buildMs: Math.round(performance.now() - started),
      };
    }
    current = next;
    if (next.failure) log(`build failed / 编译失败: ${next.failure}`);
    for (const d of next.diagnostics) log(`${d.file}:${d.line}:${d.column} ${d.message}`);
    log(`build #${generation} / 编译完成 (${next.buildMs} ms, ${next.diagnostics.length} diagnostics)`);
    const event = `event: build\ndata: ${JSON.stringify(next)}\n\n`;
    for (const listener of listeners) listener.write(event);
  }
  /** One build at a time; saves during a build make exactly one more. */
  function rebuild(): Promise<void> {
    if (building) {
      again = true;
      return building;
    }
    building = build().finally(() => {
      building = undefined;
      if (again) {
        again = false;
        void rebuild();
      }
    });
    return building;
  }

  await rebuild();
  let timer: NodeJS.Timeout | undefined;
  const watcher: FSWatcher = watch(project, { recursive: true }, (_event, name) => {
    const parts = String(name ?? '').split(/[\\/]/);
    if (parts.some((part) => part.startsWith('.') || part === 'node_modules')) return;
    clearTimeout(timer);
    timer = setTimeout(() => void rebuild(), SETTLE_MS);
  });

  return {
    url: `http://${urlHost(host)}:${pagePort}/`,
    runtimeOrigin,
    async close() {
      watcher.close();
      clearTimeout(timer);
      for (const listener of listeners) listener.end();
      await building;
      for (const server of [pageServer, runtimeServer]) server.closeAllConnections();
      await Promise.all(
        [pageServer, runtimeServer].map((server) => new Promise((done) => server.close(done))),
      );
    },
  };
}

const urlHost = (host: string) => (host.includes(':') ? `[${host}]` : host);

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolvePort, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolvePort((server.address() as AddressInfo).port));
  });
}

/** The appid of project.config.json, as the developer tools read it; a placeholder otherwise. */
async function appidOf(project: string): Promise<string> {
  try {
    const config = JSON.parse(await readFile(join(project, 'project.config.json'), 'utf8')) as {
      appid?: unknown;
    };
    if (typeof config.appid === 'string' && config.appid) return config.appid;
  } catch {
    // No or unreadable config: the placeholder below.
  }
  return 'touristappid';
}
