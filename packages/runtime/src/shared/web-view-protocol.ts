/**
 * `<web-view>`: what the web page's SDK (`jweixin.js`, WeChat's `wx.miniProgram.*`) and the
 * mini program frame say to each other with `postMessage`, and which origins a web-view may
 * show. Both ends run in opaque origins (the frame's sandbox is inherited by the page), so a
 * message is trusted by its source window, never by `event.origin`.
 */

/** The calls the web page may make; each maps to the page-stack call of the same name. */
export const WEB_VIEW_APIS = [
  'navigateTo',
  'navigateBack',
  'switchTab',
  'reLaunch',
  'redirectTo',
  'postMessage',
] as const;
export type WebViewApi = (typeof WEB_VIEW_APIS)[number];

export type WebPageToFrame =
  | { wharfWebView: 1; type: 'hello' }
  | { wharfWebView: 1; type: 'call'; id: number; api: WebViewApi; args: Record<string, unknown> };

export type FrameToWebPage =
  | { wharfWebView: 1; type: 'env'; miniprogram: true }
  | { wharfWebView: 1; type: 'reply'; id: number; ok: boolean; errMsg: string };

/** One postMessage payload, as JSON, at most this long; the page's queue holds at most MAX_QUEUED of them. */
export const MAX_MESSAGE_CHARS = 64 * 1024;
export const MAX_QUEUED = 200;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function parseWebPageMessage(v: unknown): WebPageToFrame | undefined {
  if (!isObject(v) || v.wharfWebView !== 1) return undefined;
  if (v.type === 'hello') return { wharfWebView: 1, type: 'hello' };
  if (v.type !== 'call' || !Number.isInteger(v.id) || !isObject(v.args)) return undefined;
  if (!WEB_VIEW_APIS.includes(v.api as WebViewApi)) return undefined;
  return { wharfWebView: 1, type: 'call', id: v.id as number, api: v.api as WebViewApi, args: v.args };
}

export function parseFrameAnswer(v: unknown): FrameToWebPage | undefined {
  if (!isObject(v) || v.wharfWebView !== 1) return undefined;
  if (v.type === 'env' && v.miniprogram === true) return { wharfWebView: 1, type: 'env', miniprogram: true };
  if (
    v.type === 'reply' &&
    Number.isInteger(v.id) &&
    typeof v.ok === 'boolean' &&
    typeof v.errMsg === 'string'
  )
    return { wharfWebView: 1, type: 'reply', id: v.id as number, ok: v.ok, errMsg: v.errMsg };
  return undefined;
}

/**
 * The origins a web-view may show, from the app's business domains (业务域名): `https://a.com`,
 * `a.com` (https) or, for local development, `http://host:port`. Never an origin of the
 * platform itself (`excluded`: the host page's, the runtime's, the package files'), so a
 * business domain cannot put Wharf's own pages inside a mini program.
 */
export function webViewOrigins(domains: readonly string[], excluded: readonly string[]): string[] {
  const origins = new Set<string>();
  for (const entry of domains) {
    let origin: string;
    try {
      const url = new URL(/^https?:\/\//.test(entry) ? entry : `https://${entry}`);
      if (url.username || url.password || (url.pathname !== '/' && url.pathname !== '')) continue;
      origin = url.origin;
    } catch {
      continue;
    }
    if (!excluded.includes(origin)) origins.add(origin);
  }
  return [...origins];
}

/** The origin of a web-view `src` when it is one of `origins`; undefined otherwise. */
export function allowedWebViewOrigin(src: string, origins: readonly string[]): string | undefined {
  try {
    const url = new URL(src);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
    return origins.includes(url.origin) ? url.origin : undefined;
  } catch {
    return undefined;
  }
}
