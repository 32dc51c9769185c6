import { randomInt } from 'node:crypto';
import { WharfError } from '../../errors/wharf-error.ts';
import { appendEvent } from '../../features/events/events.store.ts';
import type { SettingsService } from '../../features/settings/settings.service.ts';
import type { Sealer } from '../../security/seal.ts';
import type { Db } from '../../store/database.ts';
import type { OpenConfig } from './attempt.ts';
import { ENCODING_AES_KEY, plainSignature } from './crypto.ts';
import { callDeveloperServer } from './outbound.ts';
import type { PushLogRow, PushStore } from './push.store.ts';
import type { PushMode, PushOutcome } from './push.tables.ts';
import { type DeliveryPolicy, leaseMs, pushWorker, type ReplyHandler, runAttempt } from './push.worker.ts';
import { buildXml, type PushFields } from './xml.ts';

export interface PushConfigInput {
  url: string;
  token: string;
  encodingAESKey?: string;
  mode: PushMode;
}

/** What GET shows: never the token or the key, only whether they are set. */
export interface PushConfigView {
  appid: string;
  url: string;
  mode: PushMode;
  tokenSet: boolean;
  encodingAESKeySet: boolean;
  updatedAt: number;
}

export interface PushLogEntry {
  id: string;
  eventId: string;
  eventType: string;
  attempt: number;
  replay: boolean;
  at: number;
  status: number | null;
  outcome: PushOutcome;
  durationMs: number;
  detail: string;
  excerpt: string;
}

export const TOKEN = /^[A-Za-z0-9]{3,32}$/;
export const AES_KEY = /^[A-Za-z0-9]{43}$/;
const MAX_URL = 1024;

const view = (row: PushLogRow): PushLogEntry => ({
  id: row.id,
  eventId: row.event_id,
  eventType: row.event_type,
  attempt: row.attempt,
  replay: row.replay === 1,
  at: row.at,
  status: row.status,
  outcome: row.outcome,
  durationMs: row.duration_ms,
  detail: row.detail,
  excerpt: row.excerpt,
});

const failed = (reason: string, reasonZh: string) =>
  new WharfError('push_url_verification_failed', { reason, reasonZh });

/**
 * Pushes to developer servers: each app's server configuration (saved only after WeChat's
 * verification handshake), the outbox worker, the delivery log and replays, and the passive
 * replies handed to whoever registered for them.
 */
export function pushService(deps: {
  store: PushStore;
  settings: SettingsService;
  sealer: Sealer;
  clock: () => number;
  /** `WHARF_ALLOW_PRIVATE_NETWORK=1`: the operator allows private addresses for every node. */
  allowPrivateNetwork?: boolean;
  log?: (message: string) => void;
  pollMs?: number;
}) {
  const { store, settings, sealer, clock } = deps;
  const log = deps.log ?? ((message: string) => console.error(message));
  const replyHandlers: ReplyHandler[] = [];

  async function policy(): Promise<DeliveryPolicy> {
    return {
      allowPrivate: deps.allowPrivateNetwork === true || (await settings.get('push.privateAddresses')),
      timeoutMs: await settings.get('push.timeoutMs'),
      retries: await settings.get('push.retries'),
      retryDelayMs: await settings.get('push.retryDelayMs'),
      logDays: await settings.get('push.logDays'),
    };
  }

  async function openConfig(appid: string): Promise<OpenConfig | undefined> {
    const row = await store.config(appid);
    if (!row) return undefined;
    const token = sealer.open(row.token_sealed);
    const key = row.aes_key_sealed === null ? null : sealer.open(row.aes_key_sealed);
    if (token === undefined || key === undefined) {
      log(`push: the configuration of ${appid} was sealed with another server key`);
      return undefined;
    }
    return { appid, url: row.url, token, encodingAESKey: key, mode: row.mode };
  }

  const attemptDeps = { store, clock, policy, openConfig, replyHandlers, log };
  const worker = pushWorker(attemptDeps, { pollMs: deps.pollMs });

  /** The one access check: "not found" for both "no such app" and "not yours". */
  async function admin(userId: string, appid: string): Promise<void> {
    if ((await store.ownerOf(appid)) !== userId) throw new WharfError('not_found', { what: 'app' });
  }

  function checkInput(input: PushConfigInput): URL {
    let url: URL;
    try {
      url = new URL(input.url);
    } catch {
      throw new WharfError('validation_failed', { field: 'url', reason: 'not a URL' });
    }
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || input.url.length > MAX_URL) {
      throw new WharfError('validation_failed', {
        field: 'url',
        reason: `an http:// or https:// URL of at most ${MAX_URL} characters`,
      });
    }
    if (url.username || url.password || url.hash) {
      throw new WharfError('validation_failed', { field: 'url', reason: 'no credentials or fragment' });
    }
    if (!TOKEN.test(input.token)) {
      throw new WharfError('validation_failed', { field: 'token', reason: '3 to 32 letters or digits' });
    }
    if (input.encodingAESKey !== undefined && !AES_KEY.test(input.encodingAESKey)) {
      throw new WharfError('validation_failed', {
        field: 'encodingAESKey',
        reason: 'exactly 43 letters or digits',
      });
    }
    if (input.mode !== 'plaintext' && input.encodingAESKey === undefined) {
      throw new WharfError('validation_failed', {
        field: 'encodingAESKey',
        reason: `required in ${input.mode} mode`,
      });
    }
    // The engine checks the same alphabet; both must agree or a saved key could not encrypt.
    if (input.encodingAESKey !== undefined && !ENCODING_AES_KEY.test(input.encodingAESKey)) {
      throw new WharfError('validation_failed', { field: 'encodingAESKey', reason: 'not base64' });
    }
    return url;
  }

  /** WeChat's check before it accepts a URL: a signed GET whose `echostr` must come back as is. */
  async function handshake(url: URL, token: string): Promise<void> {
    const timestamp = String(Math.floor(clock() / 1000));
    const nonce = String(randomInt(100_000_000, 9_999_999_999));
    const echostr = `${randomInt(100_000_000, 999_999_999)}${randomInt(100_000_000, 999_999_999)}`;
    const probe = new URL(url);
    probe.searchParams.append('signature', plainSignature(token, timestamp, nonce));
    probe.searchParams.append('echostr', echostr);
    probe.searchParams.append('timestamp', timestamp);
    probe.searchParams.append('nonce', nonce);
    const { allowPrivate, timeoutMs } = await policy();
    const answer = await callDeveloperServer(probe, { method: 'GET', allowPrivate, timeoutMs });
    switch (answer.kind) {
      case 'answer':
        if (answer.status !== 200) {
          throw failed(`the URL answered HTTP ${answer.status}`, `URL 返回 HTTP ${answer.status}`);
        }
        if (answer.body.trim() !== echostr) {
          throw failed('the URL did not answer with echostr', 'URL 未原样返回 echostr');
        }
        return;
      case 'too_large':
        throw failed('the URL did not answer with echostr', 'URL 未原样返回 echostr');
      case 'timeout':
        throw failed(`no answer within ${timeoutMs} ms`, `${timeoutMs} 毫秒内没有响应`);
      case 'refused_address':
        throw failed('the URL leads to a private or loopback address', 'URL 指向内网或本机地址');
      case 'failed':
        throw failed(`could not reach the URL: ${answer.reason}`, `无法访问 URL：${answer.reason}`);
    }
  }

  function configView(row: NonNullable<Awaited<ReturnType<PushStore['config']>>>): PushConfigView {
    return {
      appid: row.appid,
      url: row.url,
      mode: row.mode,
      tokenSet: true,
      encodingAESKeySet: row.aes_key_sealed !== null,
      updatedAt: row.updated_at,
    };
  }

  return {
    /**
     * Saves an app's server after the verification handshake; a wrong echo refuses the URL and
     * keeps the configuration it had. Events that waited while the app had no server are skipped.
     */
    async configure(userId: string, appid: string, input: PushConfigInput): Promise<PushConfigView> {
      await admin(userId, appid);
      const url = checkInput(input);
      await handshake(url, input.token);
      const now = clock();
      await store.transaction(async (tx) => {
        const before = await tx.config(appid);
        if (!before) await tx.skipPending(appid);
        await tx.saveConfig({
          appid,
          url: url.toString(),
          token_sealed: sealer.seal(input.token),
          aes_key_sealed: input.encodingAESKey === undefined ? null : sealer.seal(input.encodingAESKey),
          mode: input.mode,
          updated_by: userId,
          created_at: before?.created_at ?? now,
          updated_at: now,
        });
      });
      const saved = await store.config(appid);
      if (!saved) throw new WharfError('not_found', { what: 'push configuration' });
      worker.kick();
      return configView(saved);
    },

    async getConfig(userId: string, appid: string): Promise<PushConfigView | null> {
      await admin(userId, appid);
      const row = await store.config(appid);
      return row ? configView(row) : null;
    },

    /** Stops pushing to the app's server; its events wait and are skipped if a server is set again. */
    async removeConfig(userId: string, appid: string): Promise<void> {
      await admin(userId, appid);
      if (!(await store.deleteConfig(appid)))
        throw new WharfError('not_found', { what: 'push configuration' });
    },

    /**
     * Appends a push to the outbox within the caller's transaction (`tx`), so it is sent exactly
     * when the change it reports commits. `fields` are WeChat's, in WeChat's order; the push's
     * type is its Event, or its MsgType. `openid` (on the push URL) defaults to FromUserName.
     * Call `kick()` after the commit to send it now rather than at the next poll.
     */
    async enqueue(
      tx: Db,
      appid: string,
      fields: PushFields,
      options: { openid?: string | null } = {},
    ): Promise<{ id: string }> {
      const type = fields.Event ?? fields.MsgType;
      if (typeof type !== 'string' || type === '') {
        throw new WharfError('validation_failed', { field: 'fields', reason: 'MsgType is required' });
      }
      try {
        buildXml(fields);
      } catch (error) {
        throw new WharfError('validation_failed', { field: 'fields', reason: (error as Error).message });
      }
      const openid =
        options.openid !== undefined
          ? options.openid
          : typeof fields.FromUserName === 'string'
            ? fields.FromUserName
            : null;
      return appendEvent(tx, { appid, type, payload: fields, at: clock(), openid });
    },

    kick: () => worker.kick(),
    /** Delivers everything due now and resolves when done (tests, or a caller that must wait). */
    drain: () => worker.drain(),
    start: () => worker.start(),
    stop: () => worker.stop(),

    /** Registers who receives passive replies (at wiring time); each handler sees every reply. */
    onReply(handler: ReplyHandler): void {
      replyHandlers.push(handler);
    },

    /** The app's delivery log, newest first, `limit` entries before the entry `before`. */
    async log(
      userId: string,
      appid: string,
      options: { limit?: number; before?: string } = {},
    ): Promise<PushLogEntry[]> {
      await admin(userId, appid);
      const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
      let cursor: { at: number; id: string } | undefined;
      if (options.before !== undefined) {
        const entry = await store.logEntry(appid, options.before);
        if (!entry) throw new WharfError('not_found', { what: 'delivery log entry' });
        cursor = { at: entry.at, id: entry.id };
      }
      return (await store.log(appid, limit, cursor)).map(view);
    },

    /**
     * Sends a logged event again, now, and answers with the new log entry. An event a node is
     * sending right now is not sent twice at once: that replay is refused.
     */
    async replay(userId: string, appid: string, logId: string): Promise<PushLogEntry> {
      await admin(userId, appid);
      const entry = await store.logEntry(appid, logId);
      if (!entry) throw new WharfError('not_found', { what: 'delivery log entry' });
      const event = await store.event(entry.event_id);
      if (!event) throw new WharfError('not_found', { what: 'event' });
      if (!(await store.config(appid))) throw new WharfError('push_not_configured');
      const now = clock();
      const node = `${worker.node}:replay`;
      if (!(await store.leaseOne(event.id, node, now, now + leaseMs(await policy())))) {
        throw new WharfError('push_busy');
      }
      return view(await runAttempt(attemptDeps, node, event, true));
    },
  };
}

export type PushService = ReturnType<typeof pushService>;
