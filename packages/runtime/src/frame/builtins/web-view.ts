/**
 * `<web-view src>`: a page of one of the app's business domains in a nested iframe that
 * covers the page below the navigation bar, as WeChat draws it. The iframe inherits the
 * frame's sandbox (an opaque origin: the web page reaches neither the frame's globals nor
 * anyone's cookies or storage) and the frame's CSP lets it load only those domains (main.ts).
 * The page talks through `jweixin.js`; its `postMessage` data wait here and reach
 * `bindmessage` when the page is left, the component is destroyed or the page is shared.
 */
import {
  allowedWebViewOrigin,
  type FrameToWebPage,
  MAX_MESSAGE_CHARS,
  MAX_QUEUED,
  parseWebPageMessage,
  type WebPageToFrame,
} from '../../shared/web-view-protocol.ts';
import { type Caller, hostElement } from './host-element.ts';
import { platform } from './platform.ts';

type Def = Record<string, unknown>;

interface WebView {
  caller: Caller;
  element: HTMLElement;
  iframe?: HTMLIFrameElement;
  messages: unknown[];
}

const live = new Set<WebView>();

/** The origins `<web-view>` may show; set once from the host's init, before any page runs. */
export const webViewConfig: { origins: readonly string[] } = { origins: [] };

const NAVIGATIONS: Record<string, string> = {
  navigateTo: 'navigate',
  redirectTo: 'redirect',
  switchTab: 'switchTab',
  reLaunch: 'reLaunch',
  navigateBack: 'navigateBack',
};

function answer(view: WebView, message: FrameToWebPage): void {
  // The page is opaque (inherited sandbox), so it cannot be named as a target origin; the
  // window itself is the one the frame created, showing a business domain by CSP.
  view.iframe?.contentWindow?.postMessage(message, '*');
}

function deliver(view: WebView): void {
  if (view.messages.length === 0) return;
  const data = view.messages.splice(0);
  view.caller.triggerEvent('message', { data });
}

/** Hands every queued message of the web-views inside `container` to their bindmessage (back, unload, share). */
export function flushWebViews(container: Element): void {
  for (const view of live) if (container.contains(view.element)) deliver(view);
}

/** The src of the web-view shown inside `container`, for onShareAppMessage's `webViewUrl`. */
export function webViewUrlIn(container: Element): string {
  for (const view of live) if (container.contains(view.element)) return String(view.caller.data.src ?? '');
  return '';
}

async function handle(view: WebView, message: WebPageToFrame): Promise<void> {
  if (message.type === 'hello') return answer(view, { wharfWebView: 1, type: 'env', miniprogram: true });
  const { id, api, args } = message;
  const reply = (ok: boolean, reason = '') =>
    answer(view, {
      wharfWebView: 1,
      type: 'reply',
      id,
      ok,
      errMsg: `${api}:${ok ? 'ok' : `fail ${reason}`}`,
    });
  if (api === 'postMessage') {
    const text = JSON.stringify(args.data ?? null);
    if (text.length > MAX_MESSAGE_CHARS) return reply(false, 'data too large');
    if (view.messages.length >= MAX_QUEUED) return reply(false, 'too many messages');
    view.messages.push(JSON.parse(text) as unknown);
    return reply(true);
  }
  const url = typeof args.url === 'string' ? args.url : '';
  const delta = Number.isInteger(args.delta) && (args.delta as number) > 0 ? (args.delta as number) : 1;
  if (api !== 'navigateBack' && !url.startsWith('/')) return reply(false, 'url must start with /');
  try {
    await platform.navigate(NAVIGATIONS[api]!, url, delta);
    reply(true);
  } catch (error) {
    reply(false, error instanceof Error ? error.message : String(error));
  }
}

window.addEventListener('message', (event) => {
  for (const view of live) {
    if (!view.iframe || event.source !== view.iframe.contentWindow) continue;
    const message = parseWebPageMessage(event.data);
    if (message) void handle(view, message);
    return;
  }
});

function refused(view: WebView, src: string): void {
  view.iframe?.remove();
  view.iframe = undefined;
  const notice = document.createElement('div');
  notice.className = 'wx-web-view-refused';
  notice.setAttribute('role', 'alert');
  let host = src;
  try {
    host = new URL(src).host;
  } catch {}
  notice.textContent = `无法打开该页面：${host || '（空地址）'} 不在小程序的业务域名中\nCannot open this page: ${host || '(no address)'} is not one of the mini program's business domains`;
  view.element.replaceChildren(notice);
  view.caller.triggerEvent('error', { src });
}

function show(view: WebView): void {
  const src = String(view.caller.data.src ?? '');
  // An empty src (before the page's onLoad fills it in) shows nothing and is no error.
  if (!src) {
    view.iframe = undefined;
    view.element.replaceChildren();
    return;
  }
  if (!allowedWebViewOrigin(src, webViewConfig.origins)) {
    refused(view, src);
    return;
  }
  if (view.iframe && view.iframe.src === src) return;
  const iframe = document.createElement('iframe');
  // No allow-same-origin or allow-top-navigation: the page runs opaque and stays in its box
  // (the frame's own sandbox would withhold them anyway).
  iframe.setAttribute('sandbox', 'allow-scripts');
  iframe.referrerPolicy = 'no-referrer';
  iframe.src = src;
  iframe.addEventListener('load', () =>
    view.caller.triggerEvent('load', { src: String(view.caller.data.src ?? '') }),
  );
  view.iframe = iframe;
  view.element.replaceChildren(iframe);
}

const views = new WeakMap<object, WebView>();

export const webView: Def = {
  properties: { src: String },
  observers: {
    src(this: Caller) {
      const view = views.get(this._$);
      if (view) show(view);
    },
  },
  lifetimes: {
    attached(this: Caller) {
      const view: WebView = { caller: this, element: hostElement(this), messages: [] };
      views.set(this._$, view);
      live.add(view);
      show(view);
    },
    detached(this: Caller) {
      const view = views.get(this._$);
      if (!view) return;
      deliver(view);
      live.delete(view);
      view.element.replaceChildren();
    },
  },
};
