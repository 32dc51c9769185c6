/** What the embedding client provides to running mini programs. Every member is optional but `log`. */
import type { LaunchOptions } from '../shared/protocol.ts';

export interface HostContext {
  appid: string;
  userId: string;
}

export interface UserInfo {
  nickName: string;
  avatarUrl: string;
  gender: 0 | 1 | 2;
  country: string;
  province: string;
  city: string;
  language: string;
}

/** What `wx.getUserInfo` returns after the user agrees (see WeChat's open-data docs). */
export interface UserInfoResult {
  userInfo: UserInfo;
  rawData?: string;
  signature?: string;
  encryptedData?: string;
  iv?: string;
}

export interface ScanResult {
  result: string;
  scanType: string;
  charSet?: string;
  path?: string;
  rawData?: string;
}

export interface SharePayload {
  title: string;
  /** Page path with query, no leading slash: what the share card opens. */
  path: string;
  imageUrl: string;
  withShareTicket: boolean;
  from: 'menu' | 'button';
}

/** What the client's 分享到朋友圈 menu item posts: WeChat's timeline share keeps the page and takes only a query. */
export interface TimelineSharePayload {
  title: string;
  /** Route of the shared page, no leading slash. */
  route: string;
  /** `key=value&…`, what the shared page's `onLoad` gets back. */
  query: string;
  imageUrl: string;
}

export interface HostRequest {
  url: string;
  method: string;
  header: Record<string, string>;
  body: string | undefined;
  timeout: number;
  /** `arraybuffer`: answer the body's bytes in `HostResponse.base64`. */
  responseType: 'text' | 'arraybuffer';
}

export interface HostResponse {
  statusCode: number;
  header: Record<string, string>;
  body: string;
  /** The body's bytes, base64, for `responseType: 'arraybuffer'` (else the UTF-8 of `body` is used). */
  base64?: string;
}

export interface LogEntry {
  appid: string;
  level: 'info' | 'warn' | 'error';
  message: string;
  file?: string;
  line?: number;
}

export interface HostServices {
  /** `wx.login`: a one-time code the developer's server trades at `jscode2session`. */
  login?(ctx: HostContext): Promise<{ code: string }>;
  /**
   * `wx.checkSession`: whether the session behind this user's last `login` code is still valid
   * (true) or expired (false → `checkSession:fail session expired`, and the app logs in again).
   */
  checkSession?(ctx: HostContext): Promise<boolean>;
  /** `wx.getUserInfo` / `getUserProfile` / `<button open-type="getUserInfo">`: ask the user; null when they refuse. */
  getUserInfo?(
    ctx: HostContext,
    /** `api`: which call asks (WeChat since 2021: getUserProfile asks the user each time, getUserInfo is anonymous). */
    request: { desc?: string; lang?: string; api?: 'getUserInfo' | 'getUserProfile' },
  ): Promise<UserInfoResult | null>;
  /** `wx.scanCode`: the host's scanner; null when the user cancels. */
  scanCode?(
    ctx: HostContext,
    request: { onlyFromCamera: boolean; scanType: string[] },
  ): Promise<ScanResult | null>;
  requestSubscribeMessage?(
    ctx: HostContext,
    request: { tmplIds: string[] },
  ): Promise<Record<string, 'accept' | 'reject' | 'ban' | 'filter'>>;
  /** Open another mini program; the host launches it with scene 1037 and `referrerInfo.appId = ctx.appid`. */
  navigateToMiniProgram?(
    ctx: HostContext,
    request: { appId: string; path: string; extraData: Record<string, unknown>; envVersion: string },
  ): Promise<void>;
  /**
   * `<official-account>`: the official account linked to the mini program for the user (with
   * `follow`, after following it), or WeChat's status why none shows (3: none linked).
   */
  officialAccount?(
    ctx: HostContext,
    request: { follow: boolean },
  ): Promise<{ appid: string; name: string; following: boolean } | { status: number; errMsg: string }>;
  /** `wx.exitMiniProgram`, `<navigator target="miniProgram" open-type="exit">`: close it, as the capsule's close button does. */
  exitMiniProgram?(ctx: HostContext): Promise<void>;
  /** Return to the mini program that opened this one; the host shows it with scene 1038. */
  navigateBackMiniProgram?(ctx: HostContext, request: { extraData: Record<string, unknown> }): Promise<void>;
  /** The user shares (menu or `open-type="share"` button). */
  share?(ctx: HostContext, share: SharePayload): Promise<void>;
  getShareInfo?(
    ctx: HostContext,
    request: { shareTicket: string },
  ): Promise<{ encryptedData: string; iv: string; cloudID?: string }>;
  /** `<button open-type="contact">`: open the customer-service conversation. */
  contact?(
    ctx: HostContext,
    request: { sessionFrom: string },
  ): Promise<{ path?: string; query?: Record<string, string> }>;
  /** `<form report-submit>` submitted: a form_id for the developer's template message (7 days, one use). */
  reportSubmit?(ctx: HostContext): Promise<{ formId: string }>;
  /** Performs an allowed `wx.request` (after the domain check); defaults to `fetch` from the host page. */
  request?(ctx: HostContext, request: HostRequest): Promise<HostResponse>;
  /** Page stack changes (routes, bottom first). */
  pageChanged?(ctx: HostContext, stack: string[]): void;
  log(entry: LogEntry): void;
}

/** Where one user's storage for one app lives on the host side. */
export interface StorageBackend {
  load(appid: string, userId: string): Record<string, string>;
  save(appid: string, userId: string, entries: Record<string, string>): void;
}

export type LaunchRequest = Partial<LaunchOptions> & { scene: number };
