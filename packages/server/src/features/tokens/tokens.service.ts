import { Lru } from '../../cluster/lru.ts';
import { notices as localNotices, NOTICES_LOST, type Notices } from '../../cluster/notices.ts';
import { WharfError } from '../../errors/wharf-error.ts';
import type { Sealer } from '../../security/seal.ts';
import { sha256hex } from '../../security/secrets.ts';
import { type Capability, checkCapability } from '../capabilities/capabilities.ts';
import type { SubjectType } from '../identity/identity.tables.ts';
import { isAppid, isAppSecret } from '../miniprograms/app-ids.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import { callCounter } from './call-counter.ts';
import { ipAllowed } from './ip-allowlist.ts';
import type { TokenTags } from './token-tags.ts';
import type { AppKind, TokenLookup, TokenQueries, TokensStore } from './tokens.store.ts';
import type { TokenKind } from './tokens.tables.ts';

const LIFETIME_MS = 7200 * 1000;
/** A replaced token keeps working this long, so callers mid-flight don't fail (WeChat: 5 minutes). */
const OVERLAP_MS = 5 * 60 * 1000;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{64,512}$/;
/**
 * Verified tokens kept in memory, keyed by the token itself (bounded, never logged): a steady
 * caller costs no query and no hash (sha256 per call showed in the hot path's profile). Every change to a token or its
 * app is a cluster notice that drops the app's entries on every node; the TTL only bounds
 * staleness when a notice is lost.
 */
const TOKEN_CACHE = { max: 10_000, ttlMs: 5_000 };
/** Tokens known to be dead (unknown, or replaced past the overlap): they never come back. */
const REFUSED_CACHE = { max: 10_000, ttlMs: 60_000 };
const FLUSH_MS = 1_000;
/**
 * Refusals without details, built once: an Error (with its stack) per forged call would make a
 * refusal costlier than a success, the slow path an attacker would pick.
 */
const REFUSAL = {
  missing: new WharfError('wx_access_token_missing'),
  malformed: new WharfError('wx_invalid_access_token'),
  credential: new WharfError('wx_invalid_credential'),
  expired: new WharfError('wx_access_token_expired'),
  otherKind: new WharfError('wx_api_unauthorized', { reason: 'this API belongs to another kind of account' }),
};

type CachedToken = Omit<TokenLookup, 'ip_allowlist'> & { ipAllowlist: string[] };

export interface TokensOptions {
  notices?: Notices;
  onError?: (error: unknown) => void;
  /** How often counted calls are written (tests shorten or stop it: 0 = only on `flush`). */
  flushMs?: number;
}

export interface Caller {
  appid: string;
  /** The app's row id: a mini program's or an official account's, as `kind` says. */
  appId: string;
  kind: AppKind;
  subjectType: SubjectType;
}

export interface AuthenticateInput {
  token?: string;
  ip: string;
  api: string;
  capability: Capability;
  /** The kind(s) of app the API belongs to; another kind's token is refused (48001), as WeChat does. */
  kind?: AppKind | readonly AppKind[];
}

export interface IssuedToken {
  access_token: string;
  expires_in: number;
}

export function tokensService(
  store: TokensStore,
  settings: SettingsService,
  sealer: Sealer,
  tags: TokenTags,
  clock: () => number = Date.now,
  options: TokensOptions = {},
) {
  // The day's string is built once a day, not per counted call.
  let today = { from: 0, to: -1, day: '' };
  const day = () => {
    const now = clock();
    if (now < today.from || now >= today.to) {
      const from = now - (now % 86_400_000);
      today = { from, to: from + 86_400_000, day: new Date(from).toISOString().slice(0, 10) };
    }
    return today.day;
  };
  const notices = options.notices ?? localNotices();
  const counter = callCounter(store, { onError: options.onError });
  const verified = new Lru<string, CachedToken>(TOKEN_CACHE.max, TOKEN_CACHE.ttlMs, clock);
  const refused = new Lru<string, true>(REFUSED_CACHE.max, REFUSED_CACHE.ttlMs, clock);
  // Until the last token minted before tags expires, an untagged token may be live: look it up.
  // Unknown until read, so looked up meanwhile.
  let untaggedUntil = Number.POSITIVE_INFINITY;
  const ready = store.untaggedUntil().then(
    (until) => {
      untaggedUntil = until;
    },
    (error: unknown) => options.onError?.(error),
  );
  // Bumped by every invalidation: a lookup that began before one does not store what it read.
  let generation = 0;
  const dropApp = (appid: string) => {
    generation++;
    if (appid === NOTICES_LOST) verified.clear();
    else verified.deleteWhere((entry) => entry.appid === appid);
  };
  notices.subscribe('tokens', dropApp);
  notices.subscribe('app', dropApp);
  notices.subscribe('quota', (appid) => {
    if (appid !== NOTICES_LOST) counter.forget(appid);
  });
  const flushMs = options.flushMs ?? FLUSH_MS;
  const timer =
    flushMs > 0
      ? setInterval(() => {
          counter.prune(day());
          void counter.flush();
        }, flushMs)
      : undefined;
  timer?.unref();

  /**
   * Everything but the quota, on a token found: replaced, expired, allow-list, kind, capability.
   * The refusal is returned, not thrown: unwinding a throw showed in the profile of forged calls.
   */
  function check(row: CachedToken, input: AuthenticateInput): WharfError | undefined {
    const now = clock();
    if (row.replaced_at !== null && now > row.replaced_at + OVERLAP_MS) {
      verified.delete(input.token as string);
      refused.set(input.token as string, true);
      return REFUSAL.credential;
    }
    if (now > row.expires_at) return REFUSAL.expired;
    if (!ipAllowed(row.ipAllowlist, input.ip)) return new WharfError('wx_ip_not_allowed', { ip: input.ip });
    const kinds = input.kind ?? 'miniprogram';
    if (typeof kinds === 'string' ? row.kind !== kinds : !kinds.includes(row.kind)) return REFUSAL.otherKind;
    const verdict = checkCapability(input.capability, row.subject_type);
    if (!verdict.allowed) return new WharfError('wx_api_unauthorized', { reason: verdict.en });
    return undefined;
  }

  /** Missing or malformed: refused before anything is looked at. */
  function malformed(token: string | undefined): WharfError | undefined {
    if (!token) return REFUSAL.missing;
    if (!TOKEN_PATTERN.test(token)) return REFUSAL.malformed;
    return undefined;
  }

  /**
   * A token not verified here that is dead without a lookup: remembered as dead, or forged (no
   * valid tag while no untagged token can be live). Forgeries are not remembered: the hash costs
   * less than the memory, and a flood of them must not push out what is remembered.
   */
  function deadAtOnce(token: string): boolean {
    return refused.get(token) === true || (!tags.holds(token) && clock() > untaggedUntil);
  }

  const callerOf = (row: CachedToken): Caller => ({
    appid: row.appid,
    appId: row.app_id,
    kind: row.kind,
    subjectType: row.subject_type,
  });

  async function lookup(token: string): Promise<CachedToken> {
    const before = generation;
    const row = await store.lookup(sha256hex(token));
    if (!row) {
      refused.set(token, true);
      throw REFUSAL.credential;
    }
    const { ip_allowlist, ...rest } = row;
    const entry = { ...rest, ipAllowlist: JSON.parse(ip_allowlist) as string[] };
    if (generation === before) verified.set(token, entry);
    return entry;
  }

  /** After a token change commits: drop the app's cached tokens here and on every node. */
  const tokensChanged = (appid: string) => notices.publish('tokens', appid);

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
    if ((await counter.count(appid, api, day())) > limit) throw new WharfError('wx_daily_quota');
  }

  async function mint(tx: TokenQueries, appid: string, kind: TokenKind): Promise<IssuedToken> {
    const token = tags.mint();
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
      tagged: 1,
    });
    return { access_token: token, expires_in: LIFETIME_MS / 1000 };
  }

  return {
    /** Resolves once this node knows until when a token minted before tags may be live. */
    ready: () => ready,

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
      const issued = await store.transaction(async (tx) => {
        await tx.lockApp(appid);
        return mint(tx, appid, 'token');
      });
      await tokensChanged(appid);
      return issued;
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
      let minted = false;
      const issued = await store.transaction(async (tx) => {
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
          minted = true;
          return mint(tx, appid, 'stable');
        }
        const same = current?.sealed ? sealer.open(current.sealed) : undefined;
        if (current?.sealed && same === undefined) {
          // Minting anew would kill the token another node handed out; a 500 puts this in the log.
          throw new Error(
            `stable token of ${appid} was sealed with another server key: WHARF_SECRET_KEY differs between nodes`,
          );
        }
        if (current && same && tags.holds(same) && current.expires_at - now > OVERLAP_MS) {
          // The same token while valid (one minted before tags is replaced, so that forgeries
          // can be told at sight once the untagged ones expire); WeChat reports its seconds left.
          return { access_token: same, expires_in: Math.floor((current.expires_at - now) / 1000) };
        }
        minted = true;
        return mint(tx, appid, 'stable');
      });
      if (minted) await tokensChanged(appid);
      return issued;
    },

    /** The guard of every WeChat-compatible business call: token, allow-list, capability, quota. */
    async authenticate(input: AuthenticateInput): Promise<Caller> {
      const early = malformed(input.token);
      if (early) throw early;
      const token = input.token as string;
      let row = verified.get(token);
      if (!row) {
        if (deadAtOnce(token)) throw REFUSAL.credential;
        row = await lookup(token);
      }
      const refusal = check(row, input);
      if (refusal) throw refusal;
      await countCall(row.appid, input.api);
      return callerOf(row);
    },

    /**
     * `authenticate` without waiting, for the common case where everything is in memory (the token
     * verified or refused, the settings, the day's count): the caller, or the refusal (returned,
     * not thrown); undefined, having counted nothing, when something must be read (then
     * `authenticate`). Each await per request showed in the hot path's profile.
     */
    authenticateNow(input: AuthenticateInput): Caller | WharfError | undefined {
      const early = malformed(input.token);
      if (early) return early;
      const row = verified.get(input.token as string);
      if (!row) return deadAtOnce(input.token as string) ? REFUSAL.credential : undefined;
      const refusal = check(row, input);
      if (refusal) return refusal;
      const limit = settings.dailyQuotaNow(input.api);
      if (limit === undefined) return undefined;
      const count = counter.countNow(row.appid, input.api, day());
      if (count === undefined) return undefined;
      if (count > limit) return new WharfError('wx_daily_quota');
      return callerOf(row);
    },

    async revokeAll(appid: string): Promise<void> {
      await store.deleteAll(appid);
      await tokensChanged(appid);
    },

    /** Starts the app's counts of the day again, here and on every node (WeChat's clear_quota). */
    async resetQuota(appid: string): Promise<void> {
      await counter.flush();
      await store.clearCalls(appid, day());
      await notices.publish('quota', appid);
    },

    /** Writes the counted calls now (the timer does it every second). */
    flush: () => counter.flush(),

    /** Calls counted and not yet written: what a crash now would forget. */
    unwritten: () => counter.unwritten(),

    /** Stops the timer and writes what is left; call once requests have finished. */
    async close(): Promise<void> {
      if (timer) clearInterval(timer);
      await counter.flush();
    },
  };
}

export type TokensService = ReturnType<typeof tokensService>;
