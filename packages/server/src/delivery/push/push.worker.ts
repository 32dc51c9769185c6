import type { AppEventRow } from '../../features/events/events.store.ts';
import { newId, sortableId } from '../../security/secrets.ts';
import { type AttemptResult, attemptDelivery, type OpenConfig } from './attempt.ts';
import type { EventSettlement, PushLogRow, PushStore } from './push.store.ts';
import type { PassiveReply } from './reply.ts';

/** What the engine needs to know per attempt, read from operator settings each time. */
export interface DeliveryPolicy {
  allowPrivate: boolean;
  timeoutMs: number;
  /** Tries after the first (WeChat: three). */
  retries: number;
  /** Backoff before try n+1: this × 2^(n-1). */
  retryDelayMs: number;
  /** Log entries are kept this many days. */
  logDays: number;
}

/** Who a passive reply is for (the official-account messages feature puts it in the user's conversation). */
export interface ReplyEvent {
  appid: string;
  eventId: string;
  /** The push's ToUserName: the account's original id (gh_…). */
  account: string;
  /** The push's FromUserName: the user the reply goes to. */
  toOpenid: string;
  /** The event's Event, or the MsgType of the user's message. */
  type: string;
  /** True when an admin's replay got the reply, not the push itself. */
  replayed: boolean;
}

export type ReplyHandler = (event: ReplyEvent, reply: PassiveReply) => void | Promise<void>;

export interface AttemptDeps {
  store: PushStore;
  clock: () => number;
  policy: () => Promise<DeliveryPolicy>;
  /** The app's configuration, unsealed; undefined when it has none (or it cannot be opened). */
  openConfig: (appid: string) => Promise<OpenConfig | undefined>;
  replyHandlers: ReplyHandler[];
  log: (message: string) => void;
}

/** How long a claim holds: longer than any attempt can take, so no two nodes send one event at once. */
export const leaseMs = (policy: DeliveryPolicy) => policy.timeoutMs + 30_000;

/**
 * One attempt at one leased event, recorded: the log row and the event's new state in one
 * transaction, then the passive reply handed on (after the commit, so a reply is handed on at
 * most once for an attempt that counted).
 */
export async function runAttempt(
  deps: AttemptDeps,
  node: string,
  event: AppEventRow,
  replay: boolean,
): Promise<PushLogRow> {
  const policy = await deps.policy();
  const config = await deps.openConfig(event.appid);
  const started = deps.clock();
  const result: AttemptResult = config
    ? await attemptDelivery(event, config, {
        allowPrivate: policy.allowPrivate,
        timeoutMs: policy.timeoutMs,
        now: started,
      }).catch((error: unknown) => ({
        // A row this engine cannot turn into a push (not JSON, not XML names) would fail forever.
        outcome: 'http_error' as const,
        status: null,
        durationMs: 0,
        detail: `the event cannot be sent: ${error instanceof Error ? error.message : String(error)}`.slice(
          0,
          200,
        ),
        excerpt: '',
        retryable: false,
      }))
    : {
        outcome: 'http_error',
        status: null,
        durationMs: 0,
        detail: 'the app has no server configured',
        excerpt: '',
        retryable: false,
      };
  const now = deps.clock();
  const attempt = (await deps.store.lastAttempt(event.id)) + 1;
  const row: PushLogRow = {
    id: sortableId('plog'),
    appid: event.appid,
    event_id: event.id,
    event_type: event.type,
    attempt,
    replay: replay ? 1 : 0,
    at: now,
    status: result.status,
    outcome: result.outcome,
    duration_ms: result.durationMs,
    detail: result.detail,
    excerpt: result.excerpt,
  };
  await deps.store.transaction(async (tx) => {
    await tx.addLog(row);
    if (replay) {
      if (result.outcome === 'delivered' || result.outcome === 'bad_reply') {
        await tx.settle(event.id, node, { state: 'delivered', at: now }, false);
      } else {
        await tx.release(event.id, node);
      }
      return;
    }
    const tries = event.attempts + 1;
    const settlement: EventSettlement =
      result.outcome === 'delivered' || result.outcome === 'bad_reply'
        ? { state: 'delivered', at: now }
        : result.retryable && tries <= policy.retries
          ? { state: 'pending', nextAttemptAt: now + policy.retryDelayMs * 2 ** (tries - 1) }
          : { state: 'failed' };
    await tx.settle(event.id, node, settlement, true);
  });
  if (result.reply) {
    const fields = JSON.parse(event.payload) as Record<string, unknown>;
    const replyEvent: ReplyEvent = {
      appid: event.appid,
      eventId: event.id,
      account: String(fields.ToUserName ?? ''),
      toOpenid: String(fields.FromUserName ?? ''),
      type: event.type,
      replayed: replay,
    };
    for (const handler of deps.replyHandlers) {
      try {
        await handler(replyEvent, result.reply);
      } catch (error) {
        deps.log(
          `push reply handler failed for ${event.id}: ${error instanceof Error ? error.message : error}`,
        );
      }
    }
  }
  return row;
}

const DAY_MS = 86_400_000;
const PRUNE_EVERY_MS = 60_000;

/**
 * The outbox worker of one node: claims due events (one per app at a time, in order), delivers
 * them concurrently across apps, and looks again when kicked or every `pollMs`.
 */
export function pushWorker(deps: AttemptDeps, options: { pollMs?: number; batch?: number } = {}) {
  const node = newId('node');
  const pollMs = options.pollMs ?? 1_000;
  const batch = options.batch ?? 20;
  let running = false;
  /** Set by stop(): a pass finishes the attempts it has claimed and claims no more. */
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let pass: Promise<void> | undefined;
  let again = false;
  let prunedAt = Number.NEGATIVE_INFINITY;

  /** Delivers every event due now, including those that become heads as earlier ones settle. */
  async function drainOnce(): Promise<void> {
    const start = deps.clock();
    if (start - prunedAt >= PRUNE_EVERY_MS) {
      prunedAt = start;
      await deps.store.pruneLog(start - (await deps.policy()).logDays * DAY_MS);
    }
    await deps.store.skipUnconfigured();
    for (;;) {
      if (stopping) return;
      const policy = await deps.policy();
      const now = deps.clock();
      const claimed = await deps.store.claim(node, now, now + leaseMs(policy), batch);
      if (claimed.length === 0) return;
      await Promise.all(claimed.map((event) => runAttempt(deps, node, event, false)));
    }
  }

  function schedule(delay: number): void {
    if (!running) return;
    clearTimeout(timer);
    timer = setTimeout(() => void tick(), delay);
    timer.unref();
  }

  function tick(): Promise<void> {
    if (pass) {
      again = true;
      return pass;
    }
    pass = (async () => {
      try {
        do {
          again = false;
          await drainOnce();
        } while (again);
      } catch (error) {
        deps.log(`push worker: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        pass = undefined;
        schedule(pollMs);
      }
    })();
    return pass;
  }

  return {
    node,
    start(): void {
      if (running) return;
      running = true;
      stopping = false;
      schedule(0);
    },
    /** Looks for due events now instead of at the next poll. */
    kick(): void {
      if (running) schedule(0);
    },
    /** Delivers what is due now and resolves when done (running or not): for tests and shutdown-free tools. */
    drain(): Promise<void> {
      stopping = false;
      return tick();
    },
    async stop(): Promise<void> {
      running = false;
      stopping = true;
      clearTimeout(timer);
      await pass;
    },
  };
}
