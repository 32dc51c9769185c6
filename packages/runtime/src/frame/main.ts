/**
 * Frame entry (bundled as `frame.js`): connects to the host, loads the app's chunks, runs
 * App(), opens the launch page, and keeps every failure inside the frame (error page plus
 * a report to the host's log).
 */
import * as glassEasel from 'glass-easel';
import { WXS_CTOR_GLOBAL } from '../build/wxs-source.ts';
import { convertRpx } from '../build/wxss.ts';
import { resolveFrom } from '../shared/paths.ts';
import type { LaunchOptions } from '../shared/protocol.ts';
import { AppRuntime, prepareEnvironment, type RuntimeError } from './app-runtime.ts';
import { HostBridge } from './bridge.ts';
import { installNodeQueries } from './builtins/canvas.ts';
import { installNodeContexts } from './builtins/node-contexts.ts';
import { mockFormId, platform } from './builtins/platform.ts';
import { flushWebViews, webViewConfig, webViewUrlIn } from './builtins/web-view.ts';
import { Chrome } from './chrome.ts';
import { ChunkLoader } from './chunk-loader.ts';
import { installErrorLifetime, installReadyLifetime } from './component-lifetimes.ts';
import { type Devtools, installDevtools } from './dev/devtools.ts';
import { quietly } from './dev/quiet.ts';
import { installDomAttributes, renameDomTags } from './dom-attributes.ts';
import { describeError, locateError } from './error-location.ts';
import { renderErrorPage } from './error-page.ts';
import { installEventSink } from './events.ts';
import { installHoverClass } from './hover-class.ts';
import { installInstanceApi } from './instance-api.ts';
import { PageStack } from './page-stack.ts';
import { installSlotFallback } from './slot-fallback.ts';
import { installTextContent } from './text-content.ts';
import { Dialogs } from './ui/dialogs.ts';
import { pickRegion } from './ui/region-picker.ts';
import { formatPageUrl } from './url.ts';
import { applyAnimation } from './wx/animation.ts';
import { setCallbackErrorReporter } from './wx/async-api.ts';
import { createWx, type WxContext } from './wx/index.ts';
import { FrameStorage } from './wx/storage.ts';
import { tempFileUrl } from './wx/temp-files.ts';

installDomAttributes();
installNodeQueries();
installNodeContexts();
installReadyLifetime();
installErrorLifetime();

// WXS's `x.constructor` is a type name; the build rewrites it to this symbol-keyed getter.
const wxsConstructor = Symbol('wxs constructor');
Object.defineProperty(Object.prototype, wxsConstructor, {
  get(this: unknown) {
    if (Array.isArray(this)) return 'Array';
    if (typeof this === 'function') return 'Function';
    if (this instanceof Date) return 'Date';
    if (this instanceof RegExp) return 'RegExp';
    // Strict-mode getters see primitives unboxed (`true.constructor` → this === true).
    if (typeof this === 'string' || this instanceof String) return 'String';
    if (typeof this === 'number' || this instanceof Number) return 'Number';
    if (typeof this === 'boolean' || this instanceof Boolean) return 'Boolean';
    return 'Object';
  },
});

// WXS's own globals, used by templates' inline and external WXS modules.
Object.assign(globalThis, {
  [WXS_CTOR_GLOBAL]: wxsConstructor,
  getRegExp: (pattern: string, flags?: string) => new RegExp(pattern, flags),
  getDate: (...args: unknown[]) => (args.length === 0 ? new Date() : new Date(...(args as [number]))),
});

// Inline `style="width: {{w}}rpx"` is only known at run time: convert rpx where glass-easel
// writes a node's style, as WeChat's renderer does.
const setNodeStyle = glassEasel.Element.prototype.setNodeStyle;
glassEasel.Element.prototype.setNodeStyle = function (
  this: glassEasel.Element,
  style: string,
  index?: number,
) {
  return setNodeStyle.call(this, style.includes('rpx') ? convertRpx(style) : style, index);
};

// WeChat answers selector queries asynchronously, after the view has rendered; components
// query themselves in `ready`, which glass-easel fires before the page is in the document.
// Measuring one task later gives them the laid-out sizes.
for (const method of ['getBoundingClientRect', 'getScrollOffset'] as const) {
  const original = glassEasel.Element.prototype[method] as (this: glassEasel.Element, cb: unknown) => void;
  (glassEasel.Element.prototype as unknown as Record<string, unknown>)[method] = function (
    this: glassEasel.Element,
    cb: unknown,
  ) {
    setTimeout(() => original.call(this, cb), 0);
  };
}

// `animation="{{data}}"` (from `wx.createAnimation().export()`) plays on the node's DOM element.
for (const method of ['setAttribute', 'updateAttribute'] as const) {
  const original = glassEasel.Element.prototype[method];
  glassEasel.Element.prototype[method] = function (this: glassEasel.Element, name: string, value: unknown) {
    original.call(this, name, value);
    const node = (this as unknown as { $$?: unknown }).$$;
    if (name === 'animation' && node instanceof HTMLElement) applyAnimation(node, value);
  };
}

/**
 * The frame's header CSP lets nested frames load any http(s) page; before any package code
 * runs, this second policy narrows them to the app's business domains for good (policies only
 * ever add up, and a meta policy cannot be taken back by removing its element), so mini program
 * code cannot frame other sites even by building an iframe itself.
 */
function lockFrameSources(origins: readonly string[]): void {
  webViewConfig.origins = origins;
  const meta = document.createElement('meta');
  meta.httpEquiv = 'Content-Security-Policy';
  meta.content = `frame-src ${origins.length > 0 ? origins.join(' ') : "'none'"}`;
  document.head.append(meta);
}

async function boot(): Promise<void> {
  // Everything that needs no app is built while the frame waits (a preloaded frame waits long).
  const prepared = prepareEnvironment();
  const { bridge, init } = await HostBridge.connect();
  // Marks of the open's steps, read by bench/client-tap-to-paint.ts (WHARF_BENCH_TRACE=1).
  performance.mark('wharf:frame:init');
  lockFrameSources(init.webViewOrigins);
  const manifest = init.manifest;
  const chunks = new ChunkLoader(init.packageBase);
  // The launch page's chunks download alongside the app's, before the rest of the runtime is set up.
  const launchRoute = init.launch.path.replace(/^\//, '').replace(/\.html$/, '') || manifest.entryPagePath;
  if (!manifest.appError)
    chunks.prefetch([
      ...manifest.appChunks,
      ...((manifest.pages[launchRoute] ?? manifest.pages[manifest.entryPagePath])?.chunks ?? []),
    ]);

  const navigationRoot = document.createElement('div');
  const pagesRoot = document.createElement('div');
  pagesRoot.className = 'wx-pages';
  const overlayRoot = document.createElement('div');
  overlayRoot.className = 'wx-overlays';
  const errorBanner = document.createElement('div');
  errorBanner.className = 'wx-error-banner';
  errorBanner.hidden = true;
  errorBanner.setAttribute('role', 'alert');
  document.body.append(navigationRoot, pagesRoot, overlayRoot, errorBanner);

  let pageStack: PageStack | undefined;
  let enterOptions: LaunchOptions = init.launch;
  const appListeners: WxContext['appListeners'] = { show: new Set(), hide: new Set(), error: new Set() };

  const report = (error: RuntimeError, banner = false): void => {
    bridge.send({ type: 'log', level: 'error', message: error.message, file: error.file, line: error.line });
    const where = error.file ? ` (${error.file}${error.line === undefined ? '' : `:${error.line}`})` : '';
    const app = runtime?.appInstance;
    try {
      if (typeof app?.onError === 'function')
        (app.onError as (m: string) => void).call(app, error.message + where);
      for (const listener of appListeners.error) listener(error.message + where);
    } catch {
      // An onError that throws must not loop back here.
    }
    if (banner) {
      errorBanner.hidden = false;
      errorBanner.textContent = `${error.message}${where}`;
    }
  };
  const reportThrown = (error: unknown, banner = true) => {
    // Kept in the frame's own console too, with the full stack, for the developer tools.
    quietly(() => console.error(error));
    report({ message: describeError(error), ...locateError(error) }, banner);
  };
  setCallbackErrorReporter((error) => reportThrown(error));
  glassEasel.addGlobalErrorListener((error) => {
    reportThrown(error);
    return false;
  });
  window.addEventListener('error', (event) => reportThrown(event.error ?? event.message));
  window.addEventListener('unhandledrejection', (event) => reportThrown(event.reason));

  const packageUrl = (path: string) =>
    new URL(path, init.packageBase.endsWith('/') ? init.packageBase : `${init.packageBase}/`).href;
  const dialogs = new Dialogs(overlayRoot);
  const pages = () => {
    if (!pageStack) throw new Error('no page stack yet');
    return pageStack;
  };
  const chrome = new Chrome(
    manifest.tabBar,
    packageUrl,
    () =>
      void pages()
        .navigateBack(1)
        .catch(() => {}),
    // WeChat calls the tab page's onTabItemTap once it is shown, also for the tab already open.
    (route, index, text) =>
      void pages()
        .switchTab(`/${route}`)
        .then(() => {
          const page = pages().current;
          if (page && !page.failed && page.route === route)
            pages().call(page, 'onTabItemTap', { index: String(index), pagePath: route, text });
        })
        .catch((e) => reportThrown(e)),
  );
  navigationRoot.append(chrome.navigationBar, chrome.tabBar);
  const share = { menuVisible: true, withShareTicket: false, timelineVisible: true };
  const storage = new FrameStorage(init.storage, init.storageLimitBytes, bridge);

  const pullDown = document.createElement('div');
  pullDown.className = 'wx-pull-down';
  pullDown.hidden = true;
  pullDown.textContent = '···';
  pagesRoot.before(pullDown);
  const startPullDownRefresh = () => {
    const page = pages().current;
    if (!page || page.failed || !page.window.enablePullDownRefresh) return;
    pullDown.hidden = false;
    pages().call(page, 'onPullDownRefresh');
  };

  const wx = createWx({
    appid: init.appid,
    envVersion: init.envVersion,
    bridge,
    storage,
    dialogs,
    chrome,
    pages,
    system: init.system,
    launchOptions: init.launch,
    enterOptions: () => enterOptions,
    share,
    appListeners,
    startPullDownRefresh,
    stopPullDownRefresh: () => {
      pullDown.hidden = true;
    },
  });
  // Only a developer tool's mount asks for this; the normal path never wraps anything.
  const devtools: Devtools | undefined = init.dev ? installDevtools(bridge, wx, () => pageStack) : undefined;
  const navigation = wx as unknown as Parameters<typeof installInstanceApi>[0]['navigation'];
  installInstanceApi({ navigation });
  const runtime: AppRuntime = new AppRuntime(
    init,
    wx,
    () => (pageStack?.pages ?? []).map((p) => p.instance).filter((p) => p !== undefined),
    prepared,
    chunks,
  );
  renameDomTags(runtime.backendContext);
  installEventSink(runtime.backendContext);
  installSlotFallback(
    (path) =>
      (runtime.codeSpace.getComponentStaticConfig(path) as { slotFallback?: boolean } | undefined)
        ?.slotFallback === true,
  );
  installHoverClass();
  installTextContent();
  // For the devtools and tests: the frame is the mini program's own realm, so this exposes nothing new.
  Object.assign(globalThis, { __wharf: { runtime, getCurrentPages: () => pageStack?.pages ?? [] } });
  installPullGesture(pagesRoot, startPullDownRefresh);

  pageStack = new PageStack(runtime, chrome, pagesRoot, {
    reportError: (error) => report(error),
    stackChanged: (stack) => {
      bridge.send({ type: 'pageChange', stack });
      devtools?.pageChanged();
    },
    firstPaint: (route) => bridge.send({ type: 'painted', route }),
  });

  const sharePayload = (from: 'menu' | 'button', target?: unknown) => {
    const page = pages().current;
    if (!page || page.failed) return null;
    const handler = page.instance?.onShareAppMessage;
    if (from === 'menu' && (!share.menuVisible || typeof handler !== 'function')) return null;
    // WeChat delivers a web-view's messages before the page shares, and names its page.
    flushWebViews(page.container);
    const webViewUrl = webViewUrlIn(page.container);
    const custom = (pages().call(page, 'onShareAppMessage', { from, target, webViewUrl }) ?? {}) as Record<
      string,
      unknown
    >;
    return {
      title: typeof custom.title === 'string' ? custom.title : (page.window.navigationBarTitleText ?? ''),
      path:
        typeof custom.path === 'string'
          ? custom.path.replace(/^\//, '')
          : formatPageUrl(page.route, page.query),
      imageUrl: typeof custom.imageUrl === 'string' ? custom.imageUrl : '',
      withShareTicket: share.withShareTicket,
      from,
    };
  };
  /** WeChat shares a page to 朋友圈 only when it allows 发送给朋友 too; the path is always the page's own. */
  const timelinePayload = () => {
    const page = pages().current;
    if (!page || page.failed || !share.menuVisible || !share.timelineVisible) return null;
    if (typeof page.instance?.onShareAppMessage !== 'function') return null;
    if (typeof page.instance?.onShareTimeline !== 'function') return null;
    const custom = (pages().call(page, 'onShareTimeline') ?? {}) as Record<string, unknown>;
    const query =
      typeof custom.query === 'string'
        ? custom.query.replace(/^\?/, '')
        : new URLSearchParams(page.query).toString();
    return {
      title: typeof custom.title === 'string' ? custom.title : (page.window.navigationBarTitleText ?? ''),
      route: page.route,
      query,
      imageUrl: typeof custom.imageUrl === 'string' ? custom.imageUrl : '',
    };
  };
  Object.assign(platform, {
    callHost: (api: string, args: Record<string, unknown>) => bridge.call(api, args),
    navigate(openType: string, url: string, delta: number) {
      const stack = pages();
      const run =
        openType === 'redirect'
          ? stack.redirectTo(url)
          : openType === 'switchTab'
            ? stack.switchTab(url)
            : openType === 'reLaunch'
              ? stack.reLaunch(url)
              : openType === 'navigateBack'
                ? stack.navigateBack(delta)
                : stack.navigateTo(url);
      run.catch((error: unknown) =>
        bridge.send({ type: 'log', level: 'warn', message: describeError(error) }),
      );
      return run;
    },
    shareFromButton(target: unknown) {
      const payload = sharePayload('button', target);
      if (payload) bridge.call('share', payload).catch(() => {});
    },
    started: { scene: init.launch.scene, envVersion: init.envVersion },
    async formId() {
      try {
        return (await bridge.call<{ formId: string }>('reportSubmit', {})).formId;
      } catch {
        return mockFormId();
      }
    },
    async openTypeDetail(openType: string, args: Record<string, unknown> = {}) {
      const api = openType === 'getUserInfo' ? 'getUserInfo' : openType === 'contact' ? 'contact' : null;
      if (!api) return { errMsg: `${openType}:fail not supported` };
      try {
        const value = await bridge.call<Record<string, unknown>>(api, args);
        return { ...value, errMsg: `${api}:ok` };
      } catch (error) {
        return { errMsg: (error as Error).message };
      }
    },
    async pick(request: Parameters<typeof platform.pick>[0]) {
      if (request.mode === 'date' || request.mode === 'time') {
        return dialogs.pickValue(request.mode, request.value, request.start, request.end);
      }
      if (request.mode === 'region') return pickRegion(dialogs, request);
      if (request.mode === 'multiSelector') {
        const chosen: number[] = [];
        for (const [i, column] of request.columns.entries()) {
          const index = await dialogs.sheet(column, '#000000', undefined, 'wx-picker', request.value[i] ?? 0);
          if (index === null) return null;
          chosen.push(index);
        }
        return chosen;
      }
      const selector = request as Extract<typeof request, { mode: 'selector' }>;
      return dialogs.sheet(selector.items, '#000000', undefined, 'wx-picker', selector.value);
    },
    resolveAsset(path: string, fromComponent: string) {
      if (path.startsWith('wxfile:')) return tempFileUrl(path) ?? path;
      if (/^(https?:|data:|blob:)/.test(path)) return path;
      return packageUrl(path.startsWith('/') ? path.slice(1) : resolveFrom(fromComponent, path));
    },
    reportError: (error: unknown) => reportThrown(error),
    pageChrome(node: HTMLElement) {
      const record = pageStack?.pageOf(node);
      const pageElement = record?.container.firstElementChild;
      if (!record || !(pageElement instanceof HTMLElement)) return null;
      const isCurrent = () => pageStack?.current === record;
      return {
        window: record.window,
        meta: record.meta,
        pageElement,
        refresh: () => chrome.refresh(record),
        setLoading: (visible: boolean) => {
          if (isCurrent()) chrome.setLoading(visible);
        },
        isCurrent,
      };
    },
  });

  bridge.onEvent((event) => {
    if (event.name === 'show') {
      enterOptions = event.options;
      const app = runtime.appInstance;
      try {
        if (typeof app?.onShow === 'function')
          (app.onShow as (o: unknown) => void).call(app, structuredClone(event.options));
        for (const listener of appListeners.show) listener(structuredClone(event.options));
      } catch (error) {
        reportThrown(error);
      }
      pageStack?.appShown();
    } else if (event.name === 'hide') {
      // WeChat hides the page first, then the app (and shows the app first, then the page).
      pageStack?.appHidden();
      const app = runtime.appInstance;
      try {
        if (typeof app?.onHide === 'function') (app.onHide as () => void).call(app);
        for (const listener of appListeners.hide) listener();
      } catch (error) {
        reportThrown(error);
      }
    } else if (event.name === 'back') {
      pages()
        .navigateBack(1)
        .then(
          () => bridge.reply(event.id, true),
          () => bridge.reply(event.id, false),
        );
    } else if (event.name === 'share') {
      bridge.reply(event.id, sharePayload('menu'));
    } else if (event.name === 'shareTimeline') {
      bridge.reply(event.id, timelinePayload());
    } else if (event.name === 'storageRemoved') {
      storage.forget(event.keys);
    }
  });

  window.addEventListener('scroll', () => {
    const page = pageStack?.current;
    if (!page || page.failed) return;
    const scrollTop = window.scrollY;
    if (typeof page.instance?.onPageScroll === 'function') pages().call(page, 'onPageScroll', { scrollTop });
    const distance = page.window.onReachBottomDistance ?? 50;
    const gap = document.documentElement.scrollHeight - (scrollTop + window.innerHeight);
    if (gap <= distance && !page.reachedBottom) {
      page.reachedBottom = true;
      pages().call(page, 'onReachBottom');
    } else if (gap > distance) page.reachedBottom = false;
  });

  if (manifest.appError) {
    renderErrorPage(pagesRoot, '小程序无法启动 (app error)', manifest.appError);
    report(manifest.appError);
    bridge.send({ type: 'failed', message: manifest.appError.message });
    return;
  }
  try {
    await runtime.loadChunks(manifest.appChunks);
    performance.mark('wharf:frame:appChunks');
    runtime.injectStyle('app');
    if (runtime.modules.has('app.js')) runtime.modules.require('app.js');
  } catch (error) {
    const failure = { message: describeError(error), ...locateError(error) };
    renderErrorPage(pagesRoot, '小程序无法启动 (app error)', failure);
    report(failure);
    bridge.send({ type: 'failed', message: failure.message });
    return;
  }
  const app = runtime.appInstance ?? {};
  const callApp = (hook: string, ...args: unknown[]) => {
    try {
      if (typeof app[hook] === 'function') (app[hook] as (...a: unknown[]) => unknown).apply(app, args);
    } catch (error) {
      reportThrown(error, false);
    }
  };
  callApp('onLaunch', structuredClone(init.launch));
  callApp('onShow', structuredClone(init.launch));

  let route = init.launch.path.replace(/^\//, '').replace(/\.html$/, '') || manifest.entryPagePath;
  let query = init.launch.query;
  if (!pageStack.hasPage(route)) {
    callApp('onPageNotFound', { path: route, query, isEntryPage: true });
    bridge.send({
      type: 'log',
      level: 'warn',
      message: `page "${route}" is not found; opening ${manifest.entryPagePath}`,
    });
    route = manifest.entryPagePath;
    query = {};
  }
  performance.mark('wharf:frame:launchPage');
  await pageStack.launch(route, query);
  // A developer tool's reload: the pages that were above the launch page, while they still exist.
  for (const page of init.dev?.restore ?? []) {
    if (!pageStack.hasPage(page.route) || pageStack.isTabPage(page.route)) break;
    try {
      await pageStack.navigateTo(`/${formatPageUrl(page.route, page.query)}`);
    } catch {
      break;
    }
  }
  devtools?.opened();
}

/** Dragging down at the top of a page that enables it starts pull-down refresh, as on a phone. */
function installPullGesture(pagesRoot: HTMLElement, start: () => void): void {
  let origin: number | null = null;
  const down = (y: number) => {
    origin = window.scrollY <= 0 ? y : null;
  };
  const up = (y: number) => {
    if (origin !== null && y - origin > 80) start();
    origin = null;
  };
  pagesRoot.addEventListener('mousedown', (e) => down(e.clientY));
  window.addEventListener('mouseup', (e) => up(e.clientY));
  pagesRoot.addEventListener('touchstart', (e) => down(e.touches[0]?.clientY ?? 0));
  window.addEventListener('touchend', (e) => up(e.changedTouches[0]?.clientY ?? 0));
}

void boot();
