import { timingSafeEqual } from 'node:crypto';
import { WharfError } from '../../errors/wharf-error.ts';
import type { Sealer } from '../../security/seal.ts';
import { randomToken, sha256hex } from '../../security/secrets.ts';
import type { EndUsersService } from '../end-users/end-users.service.ts';
import { isAppid, isAppSecret } from '../miniprograms/app-ids.ts';
import { isOpenid, openidFor } from '../official-accounts/openid.ts';
import type { RateLimitsService } from '../rate-limits/rate-limits.service.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import type { MpLoginStore, MpUserRow } from './mp-login.store.ts';
import { newSessionKey, rawDataSignature, sealOpenData, sessionSignature } from './open-data.ts';

/** A mini program's user, as other features (customer service, subscription messages) resolve `touser`. */
export interface MpUser {
  appid: string;
  endUserId: string;
  openid: string;
  /** The unionid reported at their last login; null while the app was not bound to an open-platform account. */
  unionid: string | null;
  firstSeenAt: number;
  sessionAt: number;
}

export interface OpenDataUserInfo {
  nickName: string;
  gender: number;
  language: string;
  city: string;
  province: string;
  country: string;
  avatarUrl: string;
}

const DAY_MS = 86_400_000;
/** The grey silhouette anonymous profiles carry (WeChat's is on its CDN; this one needs no network). */
const ANONYMOUS_AVATAR =
  'data:image/svg+xml;base64,' +
  Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 132 132"><rect width="132" height="132" fill="#e5e5e5"/><circle cx="66" cy="52" r="24" fill="#bdbdbd"/><path d="M22 132c4-30 22-44 44-44s40 14 44 44z" fill="#bdbdbd"/></svg>',
  ).toString('base64');
// Used codes are kept a day past expiry so a replay still hears 40163, then pruned now and then.
const PRUNE_EVERY = 200;

const present = (row: MpUserRow): MpUser => ({
  appid: row.appid,
  endUserId: row.end_user_id,
  openid: row.openid,
  unionid: row.unionid,
  firstSeenAt: row.first_seen_at,
  sessionAt: row.session_at,
});

/**
 * Mini program login as WeChat runs it: `wx.login` hands the signed-in end user a one-time
 * code, the developer's server trades it at `jscode2session` for the openid, the session key
 * and (when bound to an open-platform account) the unionid; open data is sealed with that key.
 */
export function mpLoginService(deps: {
  store: MpLoginStore;
  endUsers: EndUsersService;
  rateLimits: RateLimitsService;
  settings: SettingsService;
  sealer: Sealer;
  /** The official accounts' openid key: one derivation of openids for every kind of app. */
  openidKey: string;
  unionidFor: (appid: string, userId: string) => Promise<string | undefined>;
  clock: () => number;
}) {
  const { store, settings, sealer, clock } = deps;
  let sincePrune = 0;

  async function miniProgram(appid: string) {
    const app = isAppid(appid) ? await store.miniProgram(appid) : undefined;
    if (!app) throw new WharfError('not_found', { what: 'mini program' });
    return app;
  }

  const lifetimeMs = async () => (await settings.get('login.sessionKeyHours')) * 3_600_000;

  /** The user's row and current session key; a first login creates them, an old key is replaced. */
  async function session(appid: string, userId: string): Promise<{ row: MpUserRow; key: string }> {
    const now = clock();
    const existing = await store.user(appid, userId);
    if (existing) {
      const key = sealer.open(existing.session_key);
      if (key && now - existing.session_at < (await lifetimeMs())) return { row: existing, key };
      const fresh = newSessionKey();
      const patch = { session_key: sealer.seal(fresh), session_at: now };
      await store.updateUser(appid, userId, patch);
      return { row: { ...existing, ...patch }, key: fresh };
    }
    const key = newSessionKey();
    await store.insertUser({
      appid,
      end_user_id: userId,
      openid: openidFor(deps.openidKey, appid, userId),
      unionid: null,
      session_key: sealer.seal(key),
      session_at: now,
      first_seen_at: now,
    });
    const row = await store.user(appid, userId);
    if (!row) throw new Error(`mp_users row of ${appid} vanished`);
    // A racing first login may have written its own key: answer the one that is stored.
    return { row, key: sealer.open(row.session_key) ?? key };
  }

  async function redeemCode(appid: string, code: string, ip: string) {
    const now = clock();
    const row = await store.code(sha256hex(code));
    if (!row || row.appid !== appid) throw new WharfError('mp_invalid_code');
    if (row.used_at !== null) throw new WharfError('mp_code_used');
    if (now > row.expires_at) throw new WharfError('mp_invalid_code');
    if (await store.blocked(row.end_user_id)) throw new WharfError('mp_user_blocked');
    return deps.rateLimits.attempt(
      'codeToSession',
      { subject: `${appid}:${row.end_user_id}`, ip },
      async () => {
        if (!(await store.useCode(row.code_hash, now))) throw new WharfError('mp_code_used');
        const { row: user, key } = await session(appid, row.end_user_id);
        const unionid = await deps.unionidFor(appid, row.end_user_id);
        if ((unionid ?? null) !== user.unionid) {
          await store.updateUser(appid, row.end_user_id, { unionid: unionid ?? null });
        }
        return { openid: user.openid, session_key: key, ...(unionid ? { unionid } : {}) };
      },
    );
  }

  return {
    /** `wx.login` for the signed-in end user: a code valid for `login.codeSeconds` (WeChat: 5 minutes). */
    async issueCode(appid: string, userId: string, ip: string): Promise<{ code: string }> {
      await miniProgram(appid);
      return deps.rateLimits.attempt('wxLogin', { subject: `${appid}:${userId}`, ip }, async () => {
        await session(appid, userId);
        const code = randomToken(24);
        const now = clock();
        await store.insertCode({
          code_hash: sha256hex(code),
          appid,
          end_user_id: userId,
          expires_at: now + (await settings.get('login.codeSeconds')) * 1000,
          used_at: null,
        });
        if (++sincePrune >= PRUNE_EVERY) {
          sincePrune = 0;
          await store.pruneCodes(now - DAY_MS);
        }
        return { code };
      });
    },

    /** `/sns/jscode2session`: the app's credentials, then the one-time code. */
    async codeToSession(input: {
      appid?: string;
      secret?: string;
      code?: string;
      grantType?: string;
      ip: string;
    }): Promise<{ openid: string; session_key: string; unionid?: string }> {
      const { appid, secret, code } = input;
      if (!appid) throw new WharfError('wx_appid_missing');
      if (!secret) throw new WharfError('wx_secret_missing');
      if (input.grantType !== 'authorization_code') throw new WharfError('wx_invalid_grant_type');
      const app = isAppid(appid) ? await store.miniProgram(appid) : undefined;
      if (!app?.secret_hash) throw new WharfError('wx_invalid_appid');
      if (!isAppSecret(secret)) throw new WharfError('wx_invalid_appsecret');
      if (sha256hex(secret) !== app.secret_hash) throw new WharfError('wx_invalid_secret');
      if (!code) throw new WharfError('mp_code_missing');
      if (code.length > 128) throw new WharfError('mp_invalid_code');
      return deps.rateLimits.attempt('loginCode', { subject: appid, ip: input.ip }, () =>
        redeemCode(appid, code, input.ip),
      );
    },

    /** A mini program's user by the openid it knows them by (`touser` of its messages). */
    async byOpenid(appid: string, openid: string): Promise<MpUser | undefined> {
      const row = isOpenid(openid) ? await store.byOpenid(appid, openid) : undefined;
      return row && present(row);
    },

    async user(appid: string, userId: string): Promise<MpUser | undefined> {
      const row = await store.user(appid, userId);
      return row && present(row);
    },

    /** `wx.checkSession`: whether the user's session key with this app is still current. */
    async sessionValid(appid: string, userId: string): Promise<boolean> {
      const row = await store.user(appid, userId);
      return row !== undefined && clock() - row.session_at < (await lifetimeMs());
    },

    /** `/wxa/checksession`: the signature must be HMAC-SHA256 of "" with the user's current session key. */
    async checkSession(appid: string, input: { openid?: string; signature?: string; sigMethod?: string }) {
      if (input.sigMethod !== 'hmac_sha256') throw new WharfError('mp_invalid_signature');
      const openid = input.openid ?? '';
      const row = isOpenid(openid) ? await store.byOpenid(appid, openid) : undefined;
      if (!row) throw new WharfError('oa_invalid_openid');
      const key = sealer.open(row.session_key);
      const given = Buffer.from(input.signature ?? '', 'utf8');
      const expected = Buffer.from(key ? sessionSignature(key) : '', 'utf8');
      const current = clock() - row.session_at < (await lifetimeMs());
      if (!key || !current || given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new WharfError('mp_invalid_signature');
      }
    },

    /**
     * `wx.getUserInfo` / `wx.getUserProfile`: the profile as `userInfo` and `rawData`, its
     * `signature`, and the same with openId (and unionId) sealed as `encryptedData` + `iv`.
     */
    async userInfo(appid: string, userId: string, lang?: string, options: { anonymous?: boolean } = {}) {
      await miniProgram(appid);
      const profile = await deps.endUsers.profile(userId);
      if (!profile) throw new WharfError('not_found', { what: 'end user' });
      const { row, key } = await session(appid, userId);
      // WeChat since April 2021: wx.getUserInfo gets 微信用户 with the grey avatar, no gender or region.
      const userInfo: OpenDataUserInfo = options.anonymous
        ? {
            nickName: '微信用户',
            gender: 0,
            language: lang || profile.language,
            city: '',
            province: '',
            country: '',
            avatarUrl: ANONYMOUS_AVATAR,
          }
        : {
            nickName: profile.nickname,
            gender: profile.sex,
            language: lang || profile.language,
            city: profile.city,
            province: profile.province,
            country: profile.country,
            avatarUrl: profile.headimgurl,
          };
      const rawData = JSON.stringify(userInfo);
      const unionid = await deps.unionidFor(appid, userId);
      const sealed = sealOpenData(
        key,
        { openId: row.openid, ...userInfo, ...(unionid ? { unionId: unionid } : {}) },
        { appid, timestamp: Math.floor(clock() / 1000) },
      );
      return { userInfo, rawData, signature: rawDataSignature(rawData, key), ...sealed };
    },

    /**
     * Seals any open data for one user of one app with their session key and WeChat's watermark
     * (`wx.getShareInfo`'s `{openGId}` is sealed through this).
     */
    async seal(appid: string, userId: string, payload: Record<string, unknown>) {
      await miniProgram(appid);
      const { key } = await session(appid, userId);
      return sealOpenData(key, payload, { appid, timestamp: Math.floor(clock() / 1000) });
    },

    /** Refuses the user's mini program logins everywhere (jscode2session answers 40226) until unblocked. */
    async block(userId: string, reason: string, by: string): Promise<void> {
      if (!(await deps.endUsers.profile(userId))) throw new WharfError('not_found', { what: 'end user' });
      await store.block({ end_user_id: userId, reason, blocked_by: by, blocked_at: clock() });
    },
    async unblock(userId: string): Promise<void> {
      await store.unblock(userId);
    },
  };
}

export type MpLoginService = ReturnType<typeof mpLoginService>;
