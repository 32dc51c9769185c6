/**
 * Browser host API (bundled as `host.js`, an ES module): mounts a mini program in a
 * sandboxed iframe on the runtime's origin and answers its `wx` calls.
 */
import type { DevEvent, PageRef } from '../shared/dev-events.ts';
import { type BuiltManifest, MANIFEST_PATH } from '../shared/manifest.ts';
import {
  ENV_VERSIONS,
  type EnvVersion,
  type HostToFrame,
  type InitPayload,
  isReadyMessage,
  type LaunchOptions,
  parseFrameMessage,
  type SystemInfo,
} from '../shared/protocol.ts';
import { STORAGE_LIMIT_BYTES } from '../shared/storage-codec.ts';
import { webViewOrigins } from '../shared/web-view-protocol.ts';
import { hostCamera } from './camera.ts';
import { HOST_APIS, HostApiFailure } from './host-apis.ts';
import type {
  HostContext,
  HostServices,
  LaunchRequest,
  SharePayload,
  StorageBackend,
  TimelineSharePayload,
} from './services.ts';
import { HostSockets } from './sockets.ts';
import {
  adoptSpareFrame,
  createFrame,
  frameIsReady,
  replenishSpare,
  warmSpareFrame,
} from './spare-frames.ts';
import { AppStorage, localStorageBackend } from './storage.ts';

export type * from '../shared/dev-events.ts';
export type { EnvVersion, LaunchOptions, ReferrerInfo, SystemInfo } from '../shared/protocol.ts';
export { isAllowedRequestUrl } from './request.ts';
export type * from './services.ts';
export { isAllowedSocketUrl, MAX_SOCKETS } from './sockets.ts';
export { preloadMiniProgramRuntime } from './spare-frames.ts';

/**
 * Tells the preloaded runtime frame which mini program is likely to open next (a menu button
 * names one): it preloads that version's app chunks and the launch page's chunks without running
 * them, so a `mountMiniProgram` with the same `packageBase` soon after skips their download.
 */
export function warmMiniProgram(options: {
  runtimeBase: string;
  packageBase: string;
  manifest: BuiltManifest;
  /** The page to open; default the manifest's entry page. */
  path?: string;
}): void {
  const { manifest } = options;
  const route = (options.path ?? '')
    .replace(/^\//, '')
    .split('?')[0]!
    .replace(/\.html$/, '');
  const page = manifest.pages[route] ?? manifest.pages[manifest.entryPagePath];
  if (manifest.appError || !page) return;
  const base = options.packageBase.endsWith('/') ? options.packageBase : `${options.packageBase}/`;
  const urls = [...new Set([...manifest.appChunks, ...page.chunks])].map((path) => new URL(path, base).href);
  warmSpareFrame(options.runtimeBase, urls);
}
export { localStorageBackend, memoryStorageBackend } from './storage.ts';

export interface MountOptions {
  appid: string;
  /** Which version the client opened (the launch resolver's target); default `release`. */
  envVersion?: EnvVersion;
  /** Base URL of the built version's files (`${packageBase}/_wharf/manifest.json` …). */
  packageBase: string;
  /** Base URL of the runtime assets (`${runtimeBase}/frame.html`); must be another origin than the client's. */
  runtimeBase: string;
  launch: LaunchRequest;
  userId: string;
  /** The app's configured request domains (`https://api.example.com` or `api.example.com`). */
  requestDomains: string[];
  /** `wx.uploadFile` / `wx.downloadFile` domains (WeChat keeps them apart); default: `requestDomains`. */
  uploadDomains?: string[];
  downloadDomains?: string[];
  /** `wx.connectSocket` domains (WeChat's `wsrequestdomain`): `wss://host[:port]` or a bare host name. Default: none. */
  socketDomains?: string[];
  /**
   * WeChat developer tools' 不校验合法域名 (skip the domain check), for a developer preview only:
   * request, upload, download and socket URLs then go anywhere, `http://` and `ws://` included.
   */
  skipDomainCheck?: boolean;
  /**
   * Business domains (业务域名) `<web-view>` may show, written as request domains are; the
   * host page's, runtime's and package's own origins are always left out. Default: none.
   */
  webviewDomains?: string[];
  services: HostServices;
  storage?: StorageBackend;
  system?: Partial<SystemInfo>;
  /**
   * The version's `_wharf/manifest.json` when the caller has it already (Wharf's launch API
   * answers it inline): the open then skips that fetch, one round trip before any app file.
   */
  manifest?: BuiltManifest;
  /**
   * For a developer tool only: the frame then reports every `wx.*` call, the app's console and
   * the current page (`onEvent`), and opens `restore` above the launch page. Without it the
   * frame runs none of that code.
   */
  devtools?: { restore?: PageRef[]; onEvent(event: DevEvent): void };
}

export interface MiniProgramHandle {
  readonly iframe: HTMLIFrameElement;
  /** Resolves when the first page has painted; rejects when the app cannot start (the frame shows why). */
  readonly ready: Promise<{ route: string; openToPaintMs: number }>;
  /** Current page stack (routes, bottom first). */
  readonly stack: readonly string[];
  /** Brings the app to the foreground: `App.onShow(options)`; the options become the enter options. */
  show(options?: Partial<LaunchOptions>): void;
  /** Sends the app to the background: `App.onHide`, page `onHide`. */
  hide(): void;
  /** The client's back button: pops a page; false when already at the first page. */
  navigateBack(): Promise<boolean>;
  /** The client's share menu: the current page's share content, or null when it does not share. */
  requestShare(): Promise<SharePayload | null>;
  /**
   * The client's 分享到朋友圈 menu item: the page's `onShareTimeline` content, or null when the
   * page does not allow it (WeChat needs both onShareAppMessage and onShareTimeline, and the
   * menu not hidden with `wx.hideShareMenu({ menus: ['shareTimeline'] })`).
   */
  requestShareTimeline(): Promise<TimelineSharePayload | null>;
  /** Removes storage keys (all without `keys`) here and in the running app, as a developer tool's storage panel does. */
  clearStorage(keys?: string[]): void;
  destroy(): void;
}

const DEFAULT_SYSTEM: SystemInfo = {
  brand: 'wharf',
  model: 'browser',
  pixelRatio: 1,
  language: 'zh_CN',
  version: '8.0.0',
  SDKVersion: '3.3.4',
  platform: 'devtools',
  system: 'web',
};

export function normalizeLaunch(launch: LaunchRequest, entryPagePath: string): LaunchOptions {
  const options: LaunchOptions = {
    path: (launch.path ?? '').replace(/^\//, '') || entryPagePath,
    query: { ...(launch.query ?? {}) },
    scene: launch.scene,
  };
  if (launch.shareTicket) options.shareTicket = launch.shareTicket;
  if (launch.referrerInfo) options.referrerInfo = launch.referrerInfo;
  return options;
}

export function mountMiniProgram(container: HTMLElement, options: MountOptions): MiniProgramHandle {
  const openedAt = performance.now();
  const envVersion = options.envVersion ?? 'release';
  if (!ENV_VERSIONS.includes(envVersion))
    throw new Error(`envVersion must be one of ${ENV_VERSIONS.join(', ')}, not ${String(envVersion)}`);
  const ctx: HostContext = { appid: options.appid, userId: options.userId };
  const services = options.services;
  const storage = new AppStorage(
    options.storage ?? localStorageBackend,
    options.appid,
    options.userId,
    STORAGE_LIMIT_BYTES,
  );
  const runtimeBase = options.runtimeBase.replace(/\/$/, '');
  const packageBase = options.packageBase.replace(/\/$/, '');

  const spare = adoptSpareFrame(runtimeBase, container);
  const iframe = spare ?? createFrame(runtimeBase);
  iframe.title = options.appid;

  let channel = new MessageChannel();
  let port = channel.port1;
  let stack: string[] = [];
  let resolveReady!: (value: { route: string; openToPaintMs: number }) => void;
  let rejectReady!: (error: Error) => void;
  const ready = new Promise<{ route: string; openToPaintMs: number }>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  ready.catch(() => {});
  let nextEventId = 1;
  const eventReplies = new Map<number, (value: unknown) => void>();
  const send = (message: HostToFrame, transfer: Transferable[] = []) => port.postMessage(message, transfer);
  const sockets = new HostSockets(send);
  const apiContext = {
    ctx,
    services,
    storage,
    requestDomains: options.requestDomains,
    uploadDomains: options.uploadDomains ?? options.requestDomains,
    downloadDomains: options.downloadDomains ?? options.requestDomains,
    envVersion,
    socketDomains: options.socketDomains ?? [],
    checkDomains: options.skipDomainCheck !== true,
    sockets,
  };

  const camera = hostCamera(iframe);

  const onPortMessage = async (event: MessageEvent) => {
    const message = parseFrameMessage(event.data);
    if (!message) return;
    switch (message.type) {
      case 'call': {
        const api = HOST_APIS[message.api];
        const cameraApi = Object.hasOwn(camera.apis, message.api) ? camera.apis[message.api] : undefined;
        try {
          if (!api && !cameraApi) throw new HostApiFailure(`wx.${message.api}:fail not supported`);
          const value = api ? await api(message.args, apiContext) : await cameraApi!(message.args);
          send({ type: 'reply', id: message.id, ok: true, value });
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          const errMsg = /^(wx\.)?\w+:fail/.test(reason) ? reason : `${message.api}:fail ${reason}`;
          send({ type: 'reply', id: message.id, ok: false, errMsg });
        }
        break;
      }
      case 'log':
        services.log({
          appid: options.appid,
          level: message.level,
          message: message.message,
          file: message.file,
          line: message.line,
        });
        break;
      case 'painted':
        resolveReady({ route: message.route, openToPaintMs: performance.now() - openedAt });
        // The next spare boots only now, so it never competes with this open.
        if (spare) replenishSpare(runtimeBase);
        break;
      case 'failed':
        rejectReady(new Error(message.message));
        if (spare) replenishSpare(runtimeBase);
        break;
      case 'pageChange':
        stack = message.stack;
        services.pageChanged?.(ctx, stack);
        break;
      case 'eventReply':
        eventReplies.get(message.id)?.(message.value);
        eventReplies.delete(message.id);
        break;
      case 'dev':
        options.devtools?.onEvent(message.event);
        break;
      case 'socketSend':
        try {
          sockets.write(message.socket, message.data);
          send({ type: 'reply', id: message.id, ok: true, value: {} });
        } catch (error) {
          send({ type: 'reply', id: message.id, ok: false, errMsg: (error as Error).message });
        }
        break;
    }
  };

  const manifestPromise = options.manifest
    ? Promise.resolve(options.manifest)
    : fetch(`${packageBase}/${MANIFEST_PATH}`, { credentials: 'omit' }).then(async (response) => {
        if (!response.ok) throw new Error(`manifest: HTTP ${response.status}`);
        return (await response.json()) as BuiltManifest;
      });
  manifestPromise.catch((error: Error) => {
    services.log({
      appid: options.appid,
      level: 'error',
      message: `cannot load the package: ${error.message}`,
    });
    rejectReady(error);
  });

  port.onmessage = onPortMessage;

  let initialised = false;
  const sendInit = async (again = false) => {
    if (initialised && !again) return;
    if (again) {
      // The frame announced itself again: its document was reloaded (a move that did not keep
      // it, seen in Chromium with some flags), so the first init and its port went nowhere.
      port.close();
      sockets.closeAll();
      channel = new MessageChannel();
      port = channel.port1;
      port.onmessage = onPortMessage;
    }
    initialised = true;
    try {
      const manifest = await manifestPromise;
      const init: InitPayload = {
        appid: options.appid,
        envVersion,
        packageBase,
        manifest,
        launch: normalizeLaunch(options.launch, manifest.entryPagePath),
        storage: storage.snapshot(),
        storageLimitBytes: storage.limitBytes,
        system: { ...DEFAULT_SYSTEM, ...options.system },
        openTime: Date.now(),
        webViewOrigins: webViewOrigins(options.webviewDomains ?? [], [
          window.location.origin,
          new URL(runtimeBase, window.location.href).origin,
          new URL(packageBase, window.location.href).origin,
        ]),
      };
      if (options.devtools) init.dev = { restore: options.devtools.restore ?? [] };
      // The frame's origin is opaque, so it cannot be named; the port makes later traffic private.
      iframe.contentWindow?.postMessage({ wharf: 1, type: 'init', init }, '*', [channel.port2]);
    } catch {
      // Reported through manifestPromise above.
    }
  };
  const onWindowMessage = (event: MessageEvent) => {
    if (event.source === iframe.contentWindow && isReadyMessage(event.data)) void sendInit(initialised);
  };
  window.addEventListener('message', onWindowMessage);
  if (spare) {
    // A preloaded frame may have announced itself long ago.
    if (frameIsReady(iframe)) void sendInit();
  } else container.appendChild(iframe);

  const ask = (name: 'back' | 'share' | 'shareTimeline') =>
    new Promise<unknown>((resolve) => {
      const id = nextEventId++;
      eventReplies.set(id, resolve);
      send({ type: 'event', name, id });
    });

  return {
    iframe,
    ready,
    get stack() {
      return stack;
    },
    show(showOptions) {
      const options2 = normalizeLaunch({ scene: 1001, ...showOptions }, stack[stack.length - 1] ?? '');
      send({ type: 'event', name: 'show', options: options2 });
    },
    hide() {
      send({ type: 'event', name: 'hide' });
    },
    async navigateBack() {
      return (await ask('back')) === true;
    },
    async requestShare() {
      return ((await ask('share')) as SharePayload | null) ?? null;
    },
    async requestShareTimeline() {
      return ((await ask('shareTimeline')) as TimelineSharePayload | null) ?? null;
    },
    clearStorage(keys) {
      if (keys) for (const key of keys) storage.remove(key);
      else storage.clear();
      send({ type: 'event', name: 'storageRemoved', keys: keys ?? null });
    },
    destroy() {
      window.removeEventListener('message', onWindowMessage);
      camera.destroy();
      sockets.closeAll();
      port.close();
      iframe.remove();
    },
  };
}
