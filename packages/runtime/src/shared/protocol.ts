/**
 * The message bridge between the host page and the sandboxed frame.
 *
 * 1. frame → parent window: `{ wharf: 1, type: 'ready' }` (the only message on `window`).
 * 2. host → frame window: `{ wharf: 1, type: 'init', init }` with a `MessagePort` transferred;
 *    from then on both sides talk only over that port, so no other window can inject calls.
 * Every message is checked by the validators below before it is acted on.
 */
import { type DevEvent, type DevInit, isPageRef, parseDevEvent } from './dev-events.ts';
import type { BuiltManifest } from './manifest.ts';

export interface ReferrerInfo {
  appId: string;
  extraData?: Record<string, unknown>;
}

/** What `wx.getLaunchOptionsSync()` returns and `App.onLaunch` / `onShow` receive. */
export interface LaunchOptions {
  path: string;
  query: Record<string, string>;
  scene: number;
  shareTicket?: string;
  referrerInfo?: ReferrerInfo;
}

export interface SystemInfo {
  brand: string;
  model: string;
  pixelRatio: number;
  language: string;
  version: string;
  SDKVersion: string;
  platform: string;
  system: string;
}

/** Which version of the mini program the host opened, as `getAccountInfoSync().miniProgram.envVersion` reports it. */
export type EnvVersion = 'develop' | 'trial' | 'release';
export const ENV_VERSIONS: readonly EnvVersion[] = ['develop', 'trial', 'release'];

export interface InitPayload {
  appid: string;
  envVersion: EnvVersion;
  packageBase: string;
  manifest: BuiltManifest;
  launch: LaunchOptions;
  /** Serialised storage entries for this app and user (see `storage-codec.ts`). */
  storage: Record<string, string>;
  storageLimitBytes: number;
  system: SystemInfo;
  openTime: number;
  /** Set only by a developer tool: the frame then reports calls, console output and pages (`dev-events.ts`). */
  dev?: DevInit;
  /** Origins `<web-view>` may show (the app's business domains, without the platform's own). */
  webViewOrigins: string[];
}

export type FrameToHost =
  | { type: 'call'; id: number; api: string; args: Record<string, unknown> }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string; file?: string; line?: number }
  | { type: 'painted'; route: string }
  /** The app cannot start (no app.json, app.js threw): the frame shows why; the host's `ready` rejects. */
  | { type: 'failed'; message: string }
  | { type: 'pageChange'; stack: string[] }
  /** The frame's answer to a host event that asks for one (`back`, `share`). */
  | { type: 'eventReply'; id: number; value: unknown }
  /** Only from a frame mounted with `dev`. */
  | { type: 'dev'; event: DevEvent }
  /** `SocketTask.send`: its own message, as an ArrayBuffer is transferred, not JSON; answered by a `reply`. */
  | { type: 'socketSend'; id: number; socket: number; data: string | ArrayBuffer };

export type HostToFrame =
  | { type: 'reply'; id: number; ok: true; value: unknown }
  | { type: 'reply'; id: number; ok: false; errMsg: string }
  | { type: 'event'; name: 'show'; options: LaunchOptions }
  | { type: 'event'; name: 'hide' }
  | { type: 'event'; name: 'back'; id: number }
  | { type: 'event'; name: 'share'; id: number }
  | { type: 'event'; name: 'shareTimeline'; id: number }
  /** The host removed storage keys (null: all) outside the app, e.g. a developer tool's storage panel. */
  | { type: 'event'; name: 'storageRemoved'; keys: string[] | null }
  /** What a socket the host opened for `wx.connectSocket` heard (binary `data` is transferred). */
  | ({ type: 'event'; name: 'socket'; socket: number } & SocketEvent);

export type SocketEvent =
  | { kind: 'open'; header: Record<string, string>; profile: Record<string, number> }
  | { kind: 'message'; data: string | ArrayBuffer }
  | { kind: 'error'; errMsg: string }
  | { kind: 'close'; code: number; reason: string };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isInt = (v: unknown): v is number => Number.isInteger(v);

export function isReadyMessage(v: unknown): boolean {
  return isObject(v) && v.wharf === 1 && v.type === 'ready';
}

export function isInitMessage(v: unknown): v is { wharf: 1; type: 'init'; init: InitPayload } {
  if (!isObject(v) || v.wharf !== 1 || v.type !== 'init' || !isObject(v.init)) return false;
  const init = v.init;
  return (
    isString(init.appid) &&
    ENV_VERSIONS.includes(init.envVersion as EnvVersion) &&
    isString(init.packageBase) &&
    isObject(init.manifest) &&
    isLaunchOptions(init.launch) &&
    isObject(init.storage) &&
    Object.values(init.storage).every(isString) &&
    (init.dev === undefined ||
      (isObject(init.dev) && Array.isArray(init.dev.restore) && init.dev.restore.every(isPageRef))) &&
    Array.isArray(init.webViewOrigins) &&
    init.webViewOrigins.every((o) => isString(o) && /^https?:\/\/[^\s;,'"]+$/.test(o))
  );
}

/** Most files a spare frame preloads for one likely open. */
export const WARM_LIMIT = 16;

/** A host's hint to a spare frame: the package files a likely open will load first (see `warmMiniProgram`). */
export function isWarmMessage(v: unknown): v is { wharf: 1; type: 'warm'; urls: string[] } {
  return (
    isObject(v) &&
    v.wharf === 1 &&
    v.type === 'warm' &&
    Array.isArray(v.urls) &&
    v.urls.length <= WARM_LIMIT &&
    v.urls.every((u) => isString(u) && /^https?:\/\/[^\s]+$/.test(u))
  );
}

export function isLaunchOptions(v: unknown): v is LaunchOptions {
  if (!isObject(v) || !isString(v.path) || !isInt(v.scene) || !isObject(v.query)) return false;
  if (!Object.values(v.query).every(isString)) return false;
  if (v.shareTicket !== undefined && !isString(v.shareTicket)) return false;
  if (v.referrerInfo !== undefined && !(isObject(v.referrerInfo) && isString(v.referrerInfo.appId)))
    return false;
  return true;
}

/** Validates a message arriving at the host from the frame's port. */
export function parseFrameMessage(v: unknown): FrameToHost | null {
  if (!isObject(v)) return null;
  switch (v.type) {
    case 'call':
      return isInt(v.id) && isString(v.api) && /^[a-zA-Z]{1,64}$/.test(v.api) && isObject(v.args)
        ? (v as FrameToHost)
        : null;
    case 'log':
      return (v.level === 'info' || v.level === 'warn' || v.level === 'error') &&
        isString(v.message) &&
        (v.file === undefined || isString(v.file)) &&
        (v.line === undefined || isInt(v.line))
        ? (v as FrameToHost)
        : null;
    case 'painted':
      return isString(v.route) ? (v as FrameToHost) : null;
    case 'failed':
      return isString(v.message) ? (v as FrameToHost) : null;
    case 'eventReply':
      return isInt(v.id) ? (v as FrameToHost) : null;
    case 'pageChange':
      return Array.isArray(v.stack) && v.stack.every(isString) ? (v as FrameToHost) : null;
    case 'dev': {
      const event = parseDevEvent(v.event);
      return event ? { type: 'dev', event } : null;
    }
    case 'socketSend':
      return isInt(v.id) && isInt(v.socket) && (isString(v.data) || v.data instanceof ArrayBuffer)
        ? (v as FrameToHost)
        : null;
    default:
      return null;
  }
}

/** Validates a message arriving at the frame from the host's port. */
export function parseHostMessage(v: unknown): HostToFrame | null {
  if (!isObject(v)) return null;
  if (v.type === 'reply') {
    if (!isInt(v.id)) return null;
    if (v.ok === true) return v as HostToFrame;
    if (v.ok === false && isString(v.errMsg)) return v as HostToFrame;
    return null;
  }
  if (v.type === 'event') {
    if (v.name === 'show') return isLaunchOptions(v.options) ? (v as HostToFrame) : null;
    if (v.name === 'hide') return v as HostToFrame;
    if (v.name === 'storageRemoved')
      return v.keys === null || (Array.isArray(v.keys) && v.keys.every(isString)) ? (v as HostToFrame) : null;
    if ((v.name === 'back' || v.name === 'share' || v.name === 'shareTimeline') && isInt(v.id))
      return v as HostToFrame;
    if (v.name === 'socket' && isInt(v.socket) && isSocketEvent(v)) return v as HostToFrame;
  }
  return null;
}

function isSocketEvent(v: Record<string, unknown>): boolean {
  switch (v.kind) {
    case 'open':
      return isObject(v.header) && isObject(v.profile);
    case 'message':
      return isString(v.data) || v.data instanceof ArrayBuffer;
    case 'error':
      return isString(v.errMsg);
    case 'close':
      return isInt(v.code) && isString(v.reason);
    default:
      return false;
  }
}
