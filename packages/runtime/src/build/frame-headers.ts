/**
 * Headers the server must send with `frame.html`. The frame runs inside
 * `<iframe sandbox="allow-scripts">` (opaque origin); this policy additionally gives it no
 * network of its own (`connect-src 'none'`: every request goes through the host's
 * domain check), no eval, no plugins and no form posts; nested frames only for `<web-view>`,
 * which the frame narrows to the app's business domains before any package code runs. Scripts and
 * styles may come from the runtime and package origins (http/https), images from anywhere
 * as in WeChat. `sandbox allow-scripts` makes the frame opaque however it is embedded: a
 * page that frames it without the iframe `sandbox` attribute still cannot run package code
 * on the server's origin.
 */
export const FRAME_HEADERS: Record<string, string> = {
  'Content-Security-Policy': [
    'sandbox allow-scripts',
    "default-src 'none'",
    'script-src http: https:',
    "style-src http: https: 'unsafe-inline'",
    'img-src http: https: data: blob:',
    'font-src http: https: data:',
    'media-src http: https: data: blob:',
    "connect-src 'none'",
    // Narrowed at init to the app's business domains (frame/main.ts lockFrameSources).
    'frame-src http: https:',
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; '),
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-cache',
};
