/**
 * The `wx` calls the frame forwards to the host. Each validates its arguments, applies
 * WeChat's rule (request domains, consent), and calls the client's services.
 */

import { ENV_VERSIONS, type EnvVersion } from '../shared/protocol.ts';
import { downloadFile, uploadFile } from './file-apis.ts';
import { fetchRequest, isAllowedRequestUrl, toHostRequest, toWxResponse } from './request.ts';
import type { HostContext, HostServices } from './services.ts';
import type { HostSockets } from './sockets.ts';
import { type AppStorage, StorageLimitError } from './storage.ts';

export class HostApiFailure extends Error {}

export interface HostApiContext {
  ctx: HostContext;
  services: HostServices;
  storage: AppStorage;
  requestDomains: readonly string[];
  uploadDomains: readonly string[];
  downloadDomains: readonly string[];
  /** The version running: only a develop or trial version may open another app's non-release version. */
  envVersion: EnvVersion;
  socketDomains: readonly string[];
  /** WeChat developer tools' 不校验合法域名: a developer preview lets every URL through. */
  checkDomains: boolean;
  sockets: HostSockets;
}

type HostApi = (args: Record<string, unknown>, context: HostApiContext) => Promise<unknown>;

const str = (v: unknown, fallback = '') => (typeof v === 'string' ? v : fallback);
const record = (v: unknown) =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

function need<T>(service: T | undefined, api: string): T {
  if (!service) throw new HostApiFailure(`wx.${api}:fail not supported`);
  return service;
}

async function userInfo(
  args: Record<string, unknown>,
  { ctx, services }: HostApiContext,
  api: 'getUserInfo' | 'getUserProfile',
) {
  const ask = need(services.getUserInfo, api);
  const result = await ask.call(services, ctx, { desc: str(args.desc), lang: str(args.lang, 'en'), api });
  if (!result) throw new HostApiFailure('auth deny');
  return { rawData: JSON.stringify(result.userInfo), signature: '', encryptedData: '', iv: '', ...result };
}

export const HOST_APIS: Record<string, HostApi> = {
  async storageSet(args, { storage }) {
    try {
      storage.set(str(args.key), str(args.value));
    } catch (error) {
      if (error instanceof StorageLimitError) throw new HostApiFailure(error.message);
      throw error;
    }
    return {};
  },
  async storageRemove(args, { storage }) {
    storage.remove(str(args.key));
    return {};
  },
  async storageClear(_args, { storage }) {
    storage.clear();
    return {};
  },
  async request(args, { ctx, services, requestDomains, checkDomains }) {
    const request = toHostRequest(args);
    if (checkDomains && !isAllowedRequestUrl(request.url, requestDomains))
      throw new HostApiFailure('url not in domain list');
    const response = services.request ? await services.request(ctx, request) : await fetchRequest(request);
    return toWxResponse(response, args.dataType, request.responseType);
  },
  async login(_args, { ctx, services }) {
    const { code } = await need(services.login, 'login').call(services, ctx);
    return { code };
  },
  async checkSession(_args, { ctx, services }) {
    const valid = await need(services.checkSession, 'checkSession').call(services, ctx);
    if (!valid) throw new HostApiFailure('session expired');
    return {};
  },
  getUserInfo: (args, context) => userInfo(args, context, 'getUserInfo'),
  getUserProfile: (args, context) => userInfo(args, context, 'getUserProfile'),
  async scanCode(args, { ctx, services }) {
    const scanType = Array.isArray(args.scanType) ? args.scanType.map(String) : ['barCode', 'qrCode'];
    const result = await need(services.scanCode, 'scanCode').call(services, ctx, {
      onlyFromCamera: Boolean(args.onlyFromCamera),
      scanType,
    });
    if (!result) throw new HostApiFailure('cancel');
    return { charSet: 'utf-8', path: '', rawData: '', ...result };
  },
  async requestSubscribeMessage(args, { ctx, services }) {
    const tmplIds = Array.isArray(args.tmplIds) ? args.tmplIds.map(String) : [];
    if (tmplIds.length === 0)
      throw new HostApiFailure('parameter error: tmplIds should be a non-empty array');
    if (tmplIds.length > 3) throw new HostApiFailure('Templates count out of max bounds');
    return await need(services.requestSubscribeMessage, 'requestSubscribeMessage').call(services, ctx, {
      tmplIds,
    });
  },
  async navigateToMiniProgram(args, { ctx, services, envVersion }) {
    const appId = str(args.appId);
    if (!appId) throw new HostApiFailure('parameter error: appId should be String');
    const asked = str(args.envVersion, 'release');
    if (!ENV_VERSIONS.includes(asked as EnvVersion))
      throw new HostApiFailure(`parameter error: envVersion should be one of ${ENV_VERSIONS.join(', ')}`);
    await need(services.navigateToMiniProgram, 'navigateToMiniProgram').call(services, ctx, {
      appId,
      path: str(args.path),
      extraData: record(args.extraData),
      // WeChat: a released mini program always opens the other's release, whatever it asks.
      envVersion: envVersion === 'release' ? 'release' : asked,
    });
    return {};
  },
  /** `<official-account>`: the account to show (and, with `follow`, follow it first). */
  async officialAccount(args, { ctx, services }) {
    const ask = services.officialAccount;
    // WeChat's status 4: the mini program has not turned the follow component on.
    if (!ask) throw new HostApiFailure('officialAccount:fail status 4 not available here');
    const answer = await ask.call(services, ctx, { follow: args.follow === true });
    if ('status' in answer)
      throw new HostApiFailure(`officialAccount:fail status ${answer.status} ${answer.errMsg}`);
    return answer;
  },
  async exitMiniProgram(_args, { ctx, services }) {
    await need(services.exitMiniProgram, 'exitMiniProgram').call(services, ctx);
    return {};
  },
  async navigateBackMiniProgram(args, { ctx, services }) {
    await need(services.navigateBackMiniProgram, 'navigateBackMiniProgram').call(services, ctx, {
      extraData: record(args.extraData),
    });
    return {};
  },
  async getShareInfo(args, { ctx, services }) {
    const shareTicket = str(args.shareTicket);
    if (!shareTicket) throw new HostApiFailure('invalid shareTicket');
    return await need(services.getShareInfo, 'getShareInfo').call(services, ctx, { shareTicket });
  },
  async share(args, { ctx, services }) {
    await need(services.share, 'shareAppMessage').call(services, ctx, {
      title: str(args.title),
      path: str(args.path),
      imageUrl: str(args.imageUrl),
      withShareTicket: Boolean(args.withShareTicket),
      from: args.from === 'button' ? 'button' : 'menu',
    });
    return {};
  },
  async contact(args, { ctx, services }) {
    return await need(services.contact, 'contact').call(services, ctx, {
      sessionFrom: str(args.sessionFrom),
    });
  },
  async reportSubmit(_args, { ctx, services }) {
    return await need(services.reportSubmit, 'reportSubmit').call(services, ctx);
  },
  // The host page's clipboard (the frame's opaque origin has none); the browser may refuse it.
  async setClipboardData(args) {
    try {
      await navigator.clipboard.writeText(str(args.data));
    } catch (error) {
      throw new HostApiFailure(`clipboard unavailable: ${(error as Error).message}`);
    }
    return {};
  },
  async getClipboardData() {
    try {
      return { data: await navigator.clipboard.readText() };
    } catch (error) {
      throw new HostApiFailure(`clipboard unavailable: ${(error as Error).message}`);
    }
  },
  downloadFile,
  uploadFile,
  async connectSocket(args, { sockets, socketDomains, checkDomains }) {
    return { socketTaskId: sockets.connect(args, socketDomains, checkDomains) };
  },
  async closeSocket(args, { sockets }) {
    sockets.close(Number(args.socketTaskId), args.code, args.reason);
    return {};
  },
};
