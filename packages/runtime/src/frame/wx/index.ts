/**
 * The `wx` object a mini program sees. Navigation, storage and UI run in the frame;
 * anything that needs the user, the network or another app is a call over the bridge,
 * where the host decides (request domains, login, consent, scanning).
 */
import type { EnvVersion, LaunchOptions, SystemInfo } from '../../shared/protocol.ts';
import type { HostBridge } from '../bridge.ts';
import { createAudioContext } from '../builtins/audio.ts';
import { cameraOf } from '../builtins/camera.ts';
import { platform } from '../builtins/platform.ts';
import type { Chrome } from '../chrome.ts';
import type { PageInstance, PageStack } from '../page-stack.ts';
import type { Dialogs } from '../ui/dialogs.ts';
import { Animation, type AnimationOptions } from './animation.ts';
import { ApiFailure, asyncApi, unsupportedApi } from './async-api.ts';
import { createInnerAudioContext, createVideoContext } from './audio-video.ts';
import { createCameraContext } from './camera-context.ts';
import { installCanvasApis } from './canvas-context.ts';
import { decodeBinaryResponse, installFileApis } from './file-apis.ts';
import { installMediaApis } from './media-apis.ts';
import { installSocketApis } from './sockets.ts';
import type { FrameStorage } from './storage.ts';
import { UNSUPPORTED_APIS } from './unsupported-names.ts';
import { installWindowEvents } from './window-events.ts';

export interface WxContext {
  appid: string;
  envVersion: EnvVersion;
  bridge: HostBridge;
  storage: FrameStorage;
  dialogs: Dialogs;
  chrome: Chrome;
  pages: () => PageStack;
  system: SystemInfo;
  launchOptions: LaunchOptions;
  enterOptions: () => LaunchOptions;
  share: { menuVisible: boolean; withShareTicket: boolean; timelineVisible: boolean };
  appListeners: {
    show: Set<(o: LaunchOptions) => void>;
    hide: Set<() => void>;
    error: Set<(m: string) => void>;
  };
  startPullDownRefresh: () => void;
  stopPullDownRefresh: () => void;
}

const str = (value: unknown, fallback = ''): string => (typeof value === 'string' ? value : fallback);

export function createWx(ctx: WxContext): Record<string, unknown> {
  const wx: Record<string, unknown> = {};
  for (const name of UNSUPPORTED_APIS) wx[name] = unsupportedApi(name);
  const host = (api: string) =>
    asyncApi(api, (args) => ctx.bridge.call<Record<string, unknown>>(api, strip(args)));

  // Navigation.
  const pages = () => ctx.pages();
  const requireUrl = (args: Record<string, unknown>) => {
    if (typeof args.url !== 'string' || args.url === '')
      throw new ApiFailure('parameter error: parameter.url should be String');
    return args.url;
  };
  wx.navigateTo = asyncApi('navigateTo', async (args) => {
    await pages().navigateTo(requireUrl(args));
  });
  wx.redirectTo = asyncApi('redirectTo', async (args) => {
    await pages().redirectTo(requireUrl(args));
  });
  wx.navigateBack = asyncApi('navigateBack', async (args) => {
    await pages().navigateBack(Number(args.delta ?? 1));
  });
  wx.switchTab = asyncApi('switchTab', async (args) => {
    await pages().switchTab(requireUrl(args));
  });
  wx.reLaunch = asyncApi('reLaunch', async (args) => {
    await pages().reLaunch(requireUrl(args));
  });

  // Launch and enter options.
  wx.getLaunchOptionsSync = () => structuredClone(ctx.launchOptions);
  wx.getEnterOptionsSync = () => structuredClone(ctx.enterOptions());
  wx.onAppShow = (fn: (o: LaunchOptions) => void) => ctx.appListeners.show.add(fn);
  wx.offAppShow = (fn: (o: LaunchOptions) => void) => ctx.appListeners.show.delete(fn);
  wx.onAppHide = (fn: () => void) => ctx.appListeners.hide.add(fn);
  wx.offAppHide = (fn: () => void) => ctx.appListeners.hide.delete(fn);
  wx.onError = (fn: (m: string) => void) => ctx.appListeners.error.add(fn);
  wx.offError = (fn: (m: string) => void) => ctx.appListeners.error.delete(fn);

  // Storage.
  const storage = ctx.storage;
  wx.setStorageSync = (key: unknown, data: unknown) => {
    try {
      void storage.set(key, data).catch(() => {});
    } catch (error) {
      throw new Error(`setStorageSync:fail ${(error as Error).message}`);
    }
  };
  wx.getStorageSync = (key: unknown) => (typeof key === 'string' && storage.has(key) ? storage.get(key) : '');
  wx.removeStorageSync = (key: unknown) => void storage.remove(key).catch(() => {});
  wx.clearStorageSync = () => void storage.clear().catch(() => {});
  wx.getStorageInfoSync = () => storage.info();
  wx.setStorage = asyncApi('setStorage', async (args) => {
    await storage.set(args.key, args.data);
  });
  wx.getStorage = asyncApi('getStorage', (args) => ({ data: storage.get(args.key) }));
  wx.removeStorage = asyncApi('removeStorage', async (args) => {
    await storage.remove(args.key);
  });
  wx.clearStorage = asyncApi('clearStorage', async () => {
    await storage.clear();
  });
  wx.getStorageInfo = asyncApi('getStorageInfo', () => storage.info());

  // Network and open capabilities: the host decides.
  wx.request = asyncApi('request', (args) => {
    if (typeof args.url !== 'string') throw new ApiFailure('parameter error: parameter.url should be String');
    return ctx.bridge.call<Record<string, unknown>>('request', strip(args)).then(decodeBinaryResponse);
  });
  wx.login = host('login');
  // Whether the session_key behind the last login is still valid is known only to the host.
  wx.checkSession = asyncApi('checkSession', async () => {
    await ctx.bridge.call('checkSession', {});
  });
  wx.getUserInfo = host('getUserInfo');
  wx.getUserProfile = host('getUserProfile');
  wx.requestSubscribeMessage = host('requestSubscribeMessage');
  wx.scanCode = host('scanCode');
  wx.navigateToMiniProgram = host('navigateToMiniProgram');
  wx.navigateBackMiniProgram = host('navigateBackMiniProgram');
  wx.exitMiniProgram = host('exitMiniProgram');
  wx.getShareInfo = host('getShareInfo');
  const menusOf = (args: Record<string, unknown>) =>
    Array.isArray(args.menus) ? (args.menus as unknown[]).map(String) : undefined;
  wx.showShareMenu = asyncApi('showShareMenu', (args) => {
    const menus = menusOf(args);
    if (!menus || menus.includes('shareAppMessage')) ctx.share.menuVisible = true;
    if (!menus || menus.includes('shareTimeline')) ctx.share.timelineVisible = true;
    ctx.share.withShareTicket = Boolean(args.withShareTicket);
  });
  wx.hideShareMenu = asyncApi('hideShareMenu', (args) => {
    // Without `menus` both go; hiding 发送给朋友 hides 朋友圈 too (it needs the first).
    const menus = menusOf(args);
    if (!menus || menus.includes('shareAppMessage')) ctx.share.menuVisible = false;
    if (!menus || menus.includes('shareTimeline')) ctx.share.timelineVisible = false;
  });
  wx.updateShareMenu = asyncApi('updateShareMenu', (args) => {
    ctx.share.withShareTicket = Boolean(args.withShareTicket);
  });
  wx.getNetworkType = asyncApi('getNetworkType', () => ({ networkType: networkType() }));
  const networkListeners = new Set<(r: { isConnected: boolean; networkType: string }) => void>();
  let lastNetworkType = networkType();
  // Going offline fires both `offline` and the connection's `change`: tell listeners once.
  const networkChanged = () => {
    const type = networkType();
    if (type === lastNetworkType) return;
    lastNetworkType = type;
    for (const listener of networkListeners) listener({ isConnected: type !== 'none', networkType: type });
  };
  window.addEventListener('online', networkChanged);
  window.addEventListener('offline', networkChanged);
  connection()?.addEventListener?.('change', networkChanged);
  wx.onNetworkStatusChange = (fn: (r: { isConnected: boolean; networkType: string }) => void) =>
    void networkListeners.add(fn);
  wx.offNetworkStatusChange = (fn?: (r: { isConnected: boolean; networkType: string }) => void) =>
    void (fn ? networkListeners.delete(fn) : networkListeners.clear());

  // Interaction.
  const dialogs = ctx.dialogs;
  wx.showToast = asyncApi('showToast', (args) => {
    dialogs.showToast({
      title: str(args.title),
      icon: str(args.icon, 'success'),
      duration: Number(args.duration ?? 1500),
      mask: Boolean(args.mask),
    });
  });
  wx.hideToast = asyncApi('hideToast', () => dialogs.hideToast());
  wx.showLoading = asyncApi('showLoading', (args) => {
    dialogs.showToast({ title: str(args.title), icon: 'loading', duration: 0, mask: Boolean(args.mask) });
  });
  wx.hideLoading = asyncApi('hideLoading', () => dialogs.hideToast());
  wx.showModal = asyncApi('showModal', (args) =>
    dialogs.showModal({
      title: str(args.title),
      content: str(args.content),
      showCancel: args.showCancel !== false,
      cancelText: str(args.cancelText, '取消'),
      cancelColor: str(args.cancelColor, '#000000'),
      confirmText: str(args.confirmText, '确定'),
      confirmColor: str(args.confirmColor, '#576B95'),
      editable: Boolean(args.editable),
      placeholderText: str(args.placeholderText),
    }),
  );
  wx.showActionSheet = asyncApi('showActionSheet', async (args) => {
    const itemList = Array.isArray(args.itemList) ? args.itemList.map(String) : [];
    if (itemList.length === 0 || itemList.length > 6)
      throw new ApiFailure('parameter error: itemList should have 1 to 6 items');
    const tapIndex = await dialogs.showActionSheet({
      itemList,
      itemColor: str(args.itemColor, '#000000'),
      alertText: str(args.alertText) || undefined,
    });
    if (tapIndex === null) throw new ApiFailure('cancel');
    return { tapIndex };
  });
  // These apply to the page that calls them, which may still be loading (not shown yet).
  const callingPage = () => {
    const page = pages().pages.at(-1);
    if (!page) throw new ApiFailure('no page');
    return page;
  };
  wx.setNavigationBarTitle = asyncApi('setNavigationBarTitle', (args) => {
    const page = callingPage();
    page.window.navigationBarTitleText = str(args.title);
    ctx.chrome.refresh(page);
  });
  wx.setNavigationBarColor = asyncApi('setNavigationBarColor', (args) => {
    const page = callingPage();
    page.window.navigationBarTextStyle =
      str(args.frontColor, '#ffffff').toLowerCase() === '#000000' ? 'black' : 'white';
    page.window.navigationBarBackgroundColor = str(args.backgroundColor, '#000000');
    ctx.chrome.refresh(page);
  });
  wx.showNavigationBarLoading = asyncApi('showNavigationBarLoading', () => ctx.chrome.setLoading(true));
  wx.hideNavigationBarLoading = asyncApi('hideNavigationBarLoading', () => ctx.chrome.setLoading(false));
  wx.showTabBar = asyncApi('showTabBar', () => ctx.chrome.setTabBarVisible(true));
  wx.hideTabBar = asyncApi('hideTabBar', () => ctx.chrome.setTabBarVisible(false));
  wx.startPullDownRefresh = asyncApi('startPullDownRefresh', () => ctx.startPullDownRefresh());
  wx.stopPullDownRefresh = asyncApi('stopPullDownRefresh', () => ctx.stopPullDownRefresh());
  wx.pageScrollTo = asyncApi('pageScrollTo', (args) => {
    let top = Number(args.scrollTop ?? 0);
    if (typeof args.selector === 'string') {
      const page = pages().current?.root?.getComponent();
      const target = page?.getShadowRoot()?.querySelector(args.selector);
      const node = target?.getBackendElement() as unknown as HTMLElement | undefined;
      if (!node) throw new ApiFailure(`selector ${args.selector} not found`);
      // The page's top is below the navigation bar (the body's top padding), as in WeChat's webview.
      const below = Number.parseFloat(getComputedStyle(document.body).paddingTop) || 0;
      top = node.getBoundingClientRect().top + window.scrollY - below + Number(args.offsetTop ?? 0);
    }
    window.scrollTo({ top, behavior: Number(args.duration ?? 300) > 0 ? 'smooth' : 'auto' });
  });

  // System.
  const systemInfo = () => {
    const width = document.documentElement.clientWidth;
    const height = window.innerHeight;
    return {
      ...ctx.system,
      screenWidth: width,
      screenHeight: height,
      windowWidth: width,
      windowHeight: height,
      statusBarHeight: 0,
      fontSizeSetting: 16,
      safeArea: { left: 0, right: width, top: 0, bottom: height, width, height },
      theme: window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light',
    };
  };
  wx.getSystemInfoSync = systemInfo;
  wx.getSystemInfo = asyncApi('getSystemInfo', systemInfo);
  wx.getSystemInfoAsync = asyncApi('getSystemInfoAsync', systemInfo);
  wx.getWindowInfo = () => {
    const { pixelRatio, screenWidth, screenHeight, windowWidth, windowHeight, statusBarHeight, safeArea } =
      systemInfo();
    return { pixelRatio, screenWidth, screenHeight, windowWidth, windowHeight, statusBarHeight, safeArea };
  };
  wx.getDeviceInfo = () => ({
    brand: ctx.system.brand,
    model: ctx.system.model,
    system: ctx.system.system,
    platform: ctx.system.platform,
  });
  wx.getAppBaseInfo = () => ({
    SDKVersion: ctx.system.SDKVersion,
    language: ctx.system.language,
    version: ctx.system.version,
    theme: systemInfo().theme,
  });
  // `version` is the release's version string in WeChat; the frame is not told it, so it stays empty.
  wx.getAccountInfoSync = () => ({
    miniProgram: { appId: ctx.appid, envVersion: ctx.envVersion, version: '' },
  });
  // Wharf draws no capsule; this is where WeChat's would be (87×32, 7px from the right edge,
  // centred in the 44px navigation bar), for pages that lay out a custom bar around it.
  wx.getMenuButtonBoundingClientRect = () => {
    const right = document.documentElement.clientWidth - 7;
    const top = systemInfo().statusBarHeight + 6;
    return { width: 87, height: 32, top, bottom: top + 32, left: right - 87, right };
  };
  wx.createAnimation = (options?: AnimationOptions) => new Animation(options ?? {});
  wx.nextTick = (fn: () => void) => setTimeout(fn, 0);
  wx.canIUse = (schema: string) => {
    const name = String(schema).split('.')[0] ?? '';
    return typeof wx[name] === 'function' && !(UNSUPPORTED_APIS as readonly string[]).includes(name);
  };
  wx.createSelectorQuery = () => {
    const page = pages().current?.instance as
      | (PageInstance & { createSelectorQuery?: () => unknown })
      | undefined;
    if (!page?.createSelectorQuery) throw new Error('wx.createSelectorQuery: no page is open');
    return page.createSelectorQuery();
  };
  // The host opens one fixed version; a newer release is picked up on the next open, never
  // while running. So the check always answers "no update" and onUpdateReady never fires.
  wx.getUpdateManager = () => ({
    onCheckForUpdate: (fn: (r: { hasUpdate: boolean }) => void) =>
      setTimeout(() => fn({ hasUpdate: false }), 0),
    onUpdateReady: () => {},
    onUpdateFailed: () => {},
    applyUpdate: () => {
      throw new Error('applyUpdate:fail update not ready');
    },
  });
  wx.getLogManager = () => logManager(ctx);
  wx.getRealtimeLogManager = () => logManager(ctx);
  wx.reportAnalytics = (eventName: string, data: unknown) =>
    ctx.bridge.send({
      type: 'log',
      level: 'info',
      message: `reportAnalytics ${eventName} ${JSON.stringify(data)}`,
    });
  wx.env = { USER_DATA_PATH: 'wxfile://usr' };
  installMediaApis(wx, ctx);
  installFileApis(wx, ctx.bridge);
  installSocketApis(wx, ctx.bridge);
  installWindowEvents(wx, pages);
  wx.hideKeyboard = asyncApi('hideKeyboard', () => {
    const focused = document.activeElement;
    if (focused instanceof HTMLInputElement || focused instanceof HTMLTextAreaElement) focused.blur();
  });
  // WeChat's wx.createIntersectionObserver(component, options): the component's (or the page's) observer.
  wx.createIntersectionObserver = (component?: unknown, options?: unknown) => {
    const owner = (component ?? pages().current?.instance) as
      | { createIntersectionObserver?: (o?: unknown) => unknown }
      | undefined;
    if (typeof owner?.createIntersectionObserver !== 'function')
      throw new Error('wx.createIntersectionObserver: no page or component to observe in');
    return owner.createIntersectionObserver(options);
  };
  const componentNode = (component: unknown) =>
    (component as { _$?: { getBackendElement(): unknown; is: string } } | undefined)?._$;
  installCanvasApis(wx, {
    root: (component) =>
      (componentNode(component)?.getBackendElement() ??
        pages().current?.root?.getComponent().getBackendElement()) as Element | undefined,
    owner: (component) => componentNode(component)?.is ?? pages().current?.route ?? '',
  });
  wx.createInnerAudioContext = () => createInnerAudioContext(() => pages().current?.route ?? '');
  const mediaElement = (tag: 'video' | 'audio', id: string, component?: unknown) => {
    const root = (componentNode(component)?.getBackendElement() ??
      pages().current?.root?.getComponent().getBackendElement()) as Element | undefined;
    return root?.querySelector(`${tag}[id="${CSS.escape(String(id))}"]`) ?? undefined;
  };
  // WeChat allows one camera per page: the context drives the current page's.
  wx.createCameraContext = () => {
    // The page being loaded while its onLoad runs (where apps usually ask for the context).
    const page = pages().pages.at(-1);
    return createCameraContext(() => {
      const root = page?.root?.getComponent().getBackendElement() as Element | undefined;
      const element = root?.querySelector('camera');
      return element ? cameraOf(element) : undefined;
    });
  };
  wx.createVideoContext = (id: string, component?: unknown) =>
    createVideoContext(() => {
      const found = mediaElement('video', id, component);
      return found instanceof HTMLVideoElement ? found : undefined;
    });
  wx.createAudioContext = (id: string, component?: unknown) =>
    createAudioContext(
      () => {
        const found = mediaElement('audio', id, component);
        return found instanceof HTMLAudioElement ? found : undefined;
      },
      (src) => platform.resolveAsset(src, componentNode(component)?.is ?? pages().current?.route ?? ''),
    );
  return wx;
}

type NetworkInformation = EventTarget & { type?: string; effectiveType?: string };
const connection = () => (navigator as Navigator & { connection?: NetworkInformation }).connection;

/**
 * WeChat's network types from the browser's: offline is `none`; a wired or Wi-Fi link is
 * `wifi` (unmetered); cellular is named by its effective type; anything the browser does not
 * say (desktop Chrome exposes no `type`, Safari and Firefox no `connection`) is `unknown`.
 */
export function networkType(): string {
  if (!navigator.onLine) return 'none';
  const info = connection();
  switch (info?.type) {
    case 'wifi':
    case 'ethernet':
      return 'wifi';
    case 'none':
      return 'none';
    case 'cellular': {
      const effective = info.effectiveType ?? '';
      if (effective === 'slow-2g' || effective === '2g') return '2g';
      return effective === '3g' || effective === '4g' ? effective : 'unknown';
    }
    default:
      return 'unknown';
  }
}

function logManager(ctx: WxContext) {
  const send =
    (level: 'info' | 'warn' | 'error') =>
    (...args: unknown[]) =>
      ctx.bridge.send({
        type: 'log',
        level,
        message: args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '),
      });
  return {
    debug: send('info'),
    info: send('info'),
    log: send('info'),
    warn: send('warn'),
    error: send('error'),
  };
}

/** Callbacks cannot cross the bridge. */
function strip(args: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(args)) if (typeof value !== 'function') copy[key] = value;
  return copy;
}
