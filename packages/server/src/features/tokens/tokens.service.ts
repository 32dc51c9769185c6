import { WharfError } from '../../errors/wharf-error.ts';
import type { Sealer } from '../../security/seal.ts';
import { randomToken, sha256hex } from '../../security/secrets.ts';
import { type Capability, checkCapability } from '../capabilities/capabilities.ts';
import type { SubjectType } from '../identity/identity.tables.ts';
import { isAppid, isAppSecret } from '../miniprograms/app-ids.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import { ipAllowed } from './ip-allowlist.ts';
import type { TokenQueries, TokensStore } from './tokens.store.ts';
import type { TokenKind } from './tokens.tables.ts';

const LIFETIME_MS = 7200 * 1000;
/** A replaced token keeps working this long, so callers mid-flight don't fail (WeChat: 5 minutes). */
const OVERLAP_MS = 5 * 60 * 1000;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{64,512}$/;

export interface Caller {
  appid: string;
  appId: string;
  subjectType: SubjectType;
}

export interface IssuedToken {
  access_token: string;
  expires_in: number;
}

export function tokensService(
  store: TokensStore,
  settings: SettingsService,
  sealer: Sealer,
  clock: () => number = Date.now,
) {
  const day = () => new Date(clock()).toISOString().slice(0, 10);

  async function checkCredentials(appid: string | undefined, secret: string | undefined, ip: string) {
    if (!appid) throw new WharfError('wx_appid_missing');
    if (!secret) throw new WharfError('wx_secret_missing');
    if (!isAppid(appid)) throw new WharfError('wx_invalid_appid');
    const app = await store.appForCredentials(appid);
    if (!app?.secret_hash) throw new WharfError('wx_invalid_appid');
    if (!isAppSecret(secret)) throw new WharfError('wx_invalid_appsecret');
    if (sha256hex(secret) !== app.secret_hash) throw new WharfError('wx_invalid_secret');
    if (!ipAllowed(JSON.parse(app.ip_allowlist) as string[], ip))
      throw new WharfError('wx_ip_not_allowed', { ip });
  }

  async function countCall(appid: string, api: string): Promise<void> {
    const limit = await settings.dailyQuota(api);
    // Count first, refuse after: the count is one upsert, and a refused call still counts as WeChat's does.
    if ((await store.countCall(appid, api, day())) > limit) throw new WharfError('wx_daily_quota');
  }

  async function mint(tx: TokenQueries, appid: string, kind: TokenKind): Promise<IssuedToken> {
    const token = randomToken(96);
    const now = clock();
    await tx.markReplaced(appid, kind, now);
    await tx.insert({
      token_hash: sha256hex(token),
      appid,
      kind,
      issued_at: now,
      expires_at: now + LIFETIME_MS,
      replaced_at: null,
      sealed: kind === 'stable' ? sealer.seal(token) : null,
    });
    return { access_token: token, expires_in: LIFETIME_MS / 1000 };
  }

  return {
    /** `GET /cgi-bin/token`: a new token each call; the previous one overlaps for five minutes. */
    async issue(input: {
      grantType?: string;
      appid?: string;
      secret?: string;
      ip: string;
    }): Promise<IssuedToken> {
      if (input.grantType !== 'client_credential') throw new WharfError('wx_invalid_grant_type');
      await checkCredentials(input.appid, input.secret, input.ip);
      const appid = input.appid as string;
      await countCall(appid, '/cgi-bin/token');
      await store.prune(clock() - OVERLAP_MS);
      return store.transaction(async (tx) => {
        await tx.lockApp(appid);
        return mint(tx, appid, 'token');
      });
    },

    /**
     * `POST /cgi-bin/stable_token`: the same token while it has more than five minutes left; with
     * `force_refresh` a new one at once and the old one dead (20 a day, 30 s apart).
     * Isolated from `/cgi-bin/token`: neither replaces the other's tokens.
     */
    async stable(input: {
      grantType?: string;
      appid?: string;
      secret?: string;
      forceRefresh: boolean;
      ip: string;
    }): Promise<IssuedToken> {
      if (input.grantType !== 'client_credential') throw new WharfError('wx_invalid_grant_type');
      await checkCredentials(input.appid, input.secret, input.ip);
      const appid = input.appid as string;
      await countCall(appid, '/cgi-bin/stable_token');
      const perDay = await settings.get('stableToken.forceRefreshPerDay');
      const spacing = (await settings.get('stableToken.forceRefreshIntervalSeconds')) * 1000;
      // Under the app's row lock: callers racing on several nodes all get the one stable token.
      return store.transaction(async (tx) => {
        await tx.lockApp(appid);
        const now = clock();
        const current = await tx.current(appid, 'stable', now);
        if (input.forceRefresh) {
          if (current && now - current.issued_at < spacing) throw new WharfError('wx_minute_quota');
          if ((await tx.callsToday(appid, 'stable_token.force_refresh', day())) >= perDay) {
            throw new WharfError('wx_daily_quota');
          }
          await tx.countCall(appid, 'stable_token.force_refresh', day());
          await tx.deleteKind(appid, 'stable');
          return mint(tx, appid, 'stable');
        }
        const same = current?.sealed ? sealer.open(current.sealed) : undefined;
        if (current && same && current.expires_at - now > OVERLAP_MS) {
          // The same token while valid; WeChat reports the seconds it has left.
          return { access_token: same, expires_in: Math.floor((current.expires_at - now) / 1000) };
        }
        return mint(tx, appid, 'stable');
      });
    },

    /** The guard of every WeChat-compatible business call: token, allow-list, capability, quota. */
    async authenticate(input: {
      token?: string;
      ip: string;
      api: string;
      capability: Capability;
    }): Promise<Caller> {
      if (!input.token) throw new WharfError('wx_access_token_missing');
      if (!TOKEN_PATTERN.test(input.token)) throw new WharfError('wx_invalid_access_token');
      const row = await store.lookup(sha256hex(input.token));
      const now = clock();
      if (!row) throw new WharfError('wx_invalid_credential');
      if (row.replaced_at !== null && now > row.replaced_at + OVERLAP_MS)
        throw new WharfError('wx_invalid_credential');
      if (now > row.expires_at) throw new WharfError('wx_access_token_expired');
      if (!ipAllowed(JSON.parse(row.ip_allowlist) as string[], input.ip)) {
        throw new WharfError('wx_ip_not_allowed', { ip: input.ip });
      }
      const verdict = checkCapability(input.capability, row.subject_type);
      if (!verdict.allowed) throw new WharfError('wx_api_unauthorized', { reason: verdict.en });
      await countCall(row.appid, input.api);
      return { appid: row.appid, appId: row.app_id, subjectType: row.subject_type };
    },

    async revokeAll(appid: string): Promise<void> {
      await store.deleteAll(appid);
    },
  };
}

export type TokensService = ReturnType<typeof tokensService>;
