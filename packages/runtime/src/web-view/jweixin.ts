/**
 * The script a web page inside `<web-view>` includes (`<runtime origin>/runtime/jweixin.js`),
 * as WeChat's pages include jweixin: `wx.miniProgram.navigateTo / navigateBack / switchTab /
 * reLaunch / redirectTo / postMessage / getEnv` and `window.__wxjs_environment`. Everything
 * goes to the parent window (the mini program frame); answers are taken only from it.
 */
import {
  type FrameToWebPage,
  parseFrameAnswer,
  WEB_VIEW_APIS,
  type WebPageToFrame,
  type WebViewApi,
} from '../shared/web-view-protocol.ts';

type Callbacks = {
  success?: (result: { errMsg: string }) => void;
  fail?: (result: { errMsg: string }) => void;
  complete?: (result: { errMsg: string }) => void;
};
type EnvCallback = (env: { miniprogram: boolean }) => void;

/** How long a page outside any mini program waits before getEnv says so. */
const ENV_TIMEOUT_MS = 1000;

const parent = window.parent !== window ? window.parent : null;
const pending = new Map<number, Callbacks & { api: string }>();
const envWaiters: EnvCallback[] = [];
let nextId = 1;
let env: boolean | undefined = parent ? undefined : false;

const post = (message: WebPageToFrame) => parent?.postMessage(message, '*');

const settleEnv = (value: boolean) => {
  if (env !== undefined) return;
  env = value;
  if (value) {
    (window as unknown as { __wxjs_environment?: string }).__wxjs_environment = 'miniprogram';
    document.dispatchEvent(new Event('WeixinJSBridgeReady'));
  }
  for (const waiter of envWaiters.splice(0)) waiter({ miniprogram: value });
};

window.addEventListener('message', (event) => {
  if (!parent || event.source !== parent) return;
  const answer: FrameToWebPage | undefined = parseFrameAnswer(event.data);
  if (!answer) return;
  if (answer.type === 'env') settleEnv(true);
  else {
    const call = pending.get(answer.id);
    if (!call) return;
    pending.delete(answer.id);
    const result = { errMsg: answer.errMsg };
    (answer.ok ? call.success : call.fail)?.(result);
    call.complete?.(result);
  }
});

if (parent) {
  post({ wharfWebView: 1, type: 'hello' });
  setTimeout(() => settleEnv(false), ENV_TIMEOUT_MS);
}

function call(api: WebViewApi, options: Record<string, unknown> & Callbacks = {}): void {
  const { success, fail, complete, ...args } = options;
  if (!parent) {
    const result = { errMsg: `${api}:fail not in a mini program` };
    fail?.(result);
    complete?.(result);
    return;
  }
  const id = nextId++;
  pending.set(id, { api, success, fail, complete });
  let plain: Record<string, unknown>;
  try {
    plain = JSON.parse(JSON.stringify(args)) as Record<string, unknown>;
  } catch {
    pending.delete(id);
    const result = { errMsg: `${api}:fail data is not JSON` };
    fail?.(result);
    complete?.(result);
    return;
  }
  post({ wharfWebView: 1, type: 'call', id, api, args: plain });
}

const miniProgram: Record<string, unknown> = {
  getEnv(callback: EnvCallback) {
    if (env !== undefined) callback({ miniprogram: env });
    else envWaiters.push(callback);
  },
};
for (const api of WEB_VIEW_APIS)
  miniProgram[api] = (options?: Record<string, unknown> & Callbacks) => call(api, options);

const global = window as unknown as { wx?: Record<string, unknown> };
global.wx = { ...(global.wx ?? {}), miniProgram };
