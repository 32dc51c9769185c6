/**
 * The members WeChat documents on every component (and page) instance that glass-easel's
 * adapter leaves out: `renderer`, `router` / `pageRouter`, `getPageId`, `getTabBar`,
 * `animate` / `clearAnimation` and `setUpdatePerformanceListener`. They go on the adapter's
 * `ComponentCaller` prototype, which every method caller (`this` in a component) inherits.
 */
import type * as glassEasel from 'glass-easel';
import { component } from 'glass-easel-miniprogram-adapter';
import { resolveFrom } from '../shared/paths.ts';
import { playKeyframes, stopKeyframes, type WxKeyframe } from './wx/keyframes.ts';

type Caller = { _$: glassEasel.GeneralComponent; is: string; [key: string]: unknown };
type NavigateOptions = { url?: string; [key: string]: unknown };
type Navigate = Record<
  'navigateTo' | 'redirectTo' | 'reLaunch' | 'switchTab' | 'navigateBack',
  (o: NavigateOptions) => unknown
>;

export interface InstanceApiContext {
  /** `wx.navigateTo` and its siblings. */
  navigation: Navigate;
}

export interface UpdatePerformance {
  updateProcessId: number;
  parentUpdateProcessId?: number;
  isMergedUpdate: boolean;
  dataPaths?: (string | number)[][];
  pendingStartTimestamp: number;
  updateStartTimestamp: number;
  updateEndTimestamp: number;
}

const pageIds = new WeakMap<glassEasel.Element, string>();
const perfListeners = new WeakMap<
  glassEasel.GeneralComponent,
  { withDataPaths: boolean; listener: (info: UpdatePerformance) => void }
>();
let nextPageId = 1;
let nextUpdateId = 1;

/** The page's root component: the top of the composed tree above `node`. */
function pageRoot(node: glassEasel.Element): glassEasel.Element {
  let top = node;
  for (let p = node.getComposedParent(); p; p = p.getComposedParent()) top = p;
  return top;
}

function pageRouteOf(caller: Caller): string {
  const root = pageRoot(caller._$) as unknown as { is?: string };
  return root.is ?? caller.is;
}

/** A router resolving relative urls against `base` (a component or page path), as WeChat's does. */
function routerFor(navigation: Navigate, base: () => string): Navigate {
  const withUrl =
    (api: keyof Navigate) =>
    (options: NavigateOptions = {}) => {
      const url = typeof options.url === 'string' ? options.url : '';
      const absolute = url.startsWith('/') || url === '' ? url : `/${resolveFrom(base(), url)}`;
      return navigation[api]({ ...options, url: absolute });
    };
  return {
    navigateTo: withUrl('navigateTo'),
    redirectTo: withUrl('redirectTo'),
    reLaunch: withUrl('reLaunch'),
    switchTab: withUrl('switchTab'),
    navigateBack: (options: NavigateOptions = {}) => navigation.navigateBack(options),
  };
}

/** `'a.b[2]'` → `['a', 'b', 2]`, the shape WeChat reports data paths in. */
export function splitDataPath(path: string): (string | number)[] {
  const parts: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g))
    parts.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return parts;
}

function elementsOf(caller: Caller, selector: string): HTMLElement[] {
  const root = caller._$.getShadowRoot() as unknown as {
    querySelectorAll(s: string): glassEasel.Element[];
  } | null;
  return (root?.querySelectorAll(selector) ?? [])
    .map((node) => node.$$ as unknown)
    .filter((node): node is HTMLElement => node instanceof HTMLElement);
}

export function installInstanceApi(context: InstanceApiContext): void {
  const proto = component.ComponentCaller.prototype as unknown as Record<string, unknown>;
  Object.defineProperties(proto, {
    // WeChat's default rendering backend; libraries branch their templates on it.
    renderer: { configurable: true, get: () => 'webview' },
    router: {
      configurable: true,
      get(this: Caller) {
        return routerFor(context.navigation, () => this.is);
      },
    },
    pageRouter: {
      configurable: true,
      get(this: Caller) {
        return routerFor(context.navigation, () => pageRouteOf(this));
      },
    },
  });

  proto.getPageId = function (this: Caller): string {
    const root = pageRoot(this._$);
    let id = pageIds.get(root);
    if (!id) {
      id = `pageId:${nextPageId++}`;
      pageIds.set(root, id);
    }
    return id;
  };

  // Wharf draws the tab bar itself; a custom tab bar component (`tabBar.custom`) is not rendered.
  proto.getTabBar = () => null;

  proto.animate = function (
    this: Caller,
    selector: string,
    keyframes: WxKeyframe[],
    duration: number,
    callback?: () => void,
  ): void {
    playKeyframes(elementsOf(this, selector), keyframes, duration, callback);
  };

  proto.clearAnimation = function (
    this: Caller,
    selector: string,
    options?: Record<string, boolean> | (() => void),
    callback?: () => void,
  ): void {
    stopKeyframes(elementsOf(this, selector));
    const done = typeof options === 'function' ? options : callback;
    if (typeof done === 'function') setTimeout(done, 0);
  };

  proto.setUpdatePerformanceListener = function (
    this: Caller,
    options: { withDataPaths?: boolean } | undefined,
    listener?: (info: UpdatePerformance) => void,
  ): void {
    if (typeof listener === 'function') {
      perfListeners.set(this._$, { withDataPaths: options?.withDataPaths === true, listener });
    } else perfListeners.delete(this._$);
  };

  const setData = proto.setData as (this: Caller, data: Record<string, unknown>, cb?: () => void) => void;
  proto.setData = function (this: Caller, data: Record<string, unknown>, callback?: () => void): void {
    const watcher = perfListeners.get(this._$);
    if (!watcher) {
      setData.call(this, data, callback);
      return;
    }
    const start = Date.now();
    setData.call(this, data, callback);
    const end = Date.now();
    watcher.listener({
      updateProcessId: nextUpdateId++,
      isMergedUpdate: false,
      ...(watcher.withDataPaths ? { dataPaths: Object.keys(data ?? {}).map(splitDataPath) } : {}),
      pendingStartTimestamp: start,
      updateStartTimestamp: start,
      updateEndTimestamp: end,
    });
  };
}
