import type { Notices } from '../../cluster/notices.ts';
import { WharfError } from '../../errors/wharf-error.ts';
import { newId } from '../../security/secrets.ts';
import type { Db } from '../../store/database.ts';
import type { StoreDialect } from '../../store/dialects/dialect.ts';
import { fanoutStore, type JobRow } from './fanout.store.ts';
import type { DeliveryJobSource, DeliveryJobState, MessageKind } from './fanout.tables.ts';

/** Who receives a message. */
export type Audience =
  | { followersOf: string }
  | { tag: { accountId: string; tagId: number } }
  | { users: readonly string[] };

export interface PostInput {
  /** `official_accounts.id` of the sender; null for the platform. */
  senderAccountId: string | null;
  kind: MessageKind;
  /** Stored as JSON; shaped by the sending feature. */
  body: Record<string, unknown>;
  audience: Audience;
}

export interface Posted {
  messageId: string;
  /** Set when the audience is written by a job (followers, a tag, or a long list of users). */
  jobId?: string;
  /** Set when the deliveries were written inline, in the same transaction as the message. */
  delivered?: number;
  /**
   * Tells connected clients and every node's workers. `post` without a transaction calls it after
   * its own commit; a caller that passed its transaction calls it after committing (before, a
   * client told could read nothing yet). Forgotten, workers still find the job within a poll and
   * streams within their safety poll. Idempotent.
   */
  announce(): Promise<void>;
}

export interface FinishedJob {
  id: string;
  messageId: string;
  senderAccountId: string | null;
  kind: MessageKind;
  source: DeliveryJobSource;
  accountId: string | null;
  tagId: number | null;
  createdAt: number;
  finishedAt: number;
}

export interface JobCounts {
  /** Recipients counted when the job was planned. */
  planned: number;
  /** Deliveries written (a user who unfollowed meanwhile gets none; one who followed may get one). */
  delivered: number;
}

/** Runs inside the transaction that marks the job done; a throw rolls it back and the job is retried. */
export type JobFinishedHook = (tx: Db, job: FinishedJob, counts: JobCounts) => Promise<void>;

export interface JobProgress {
  jobId: string;
  messageId: string;
  state: DeliveryJobState;
  planned: number | null;
  delivered: number;
  ranges: { done: number; total: number };
  createdAt: number;
  finishedAt: number | null;
}

/** Cluster notice channels of the engine. */
export const INBOX_CHANNEL = 'inbox';
export const JOBS_CHANNEL = 'delivery.jobs';

/** What an `inbox` notice says: these users (inline), or the ids in (lo, hi] of one message's audience. */
export type InboxNotice = { m: string; u: string[] } | { m: string; lo: string; hi: string | null };

/** PostgreSQL caps a notification at 8000 bytes; user lists are split well below that. */
const NOTICE_BYTES = 7000;

export function inboxNotices(messageId: string, userIds: readonly string[]): string[] {
  const out: string[] = [];
  let part: string[] = [];
  let bytes = 0;
  for (const id of userIds) {
    if (part.length > 0 && bytes + id.length + 3 > NOTICE_BYTES) {
      out.push(JSON.stringify({ m: messageId, u: part } satisfies InboxNotice));
      part = [];
      bytes = 0;
    }
    part.push(id);
    bytes += Buffer.byteLength(id) + 3;
  }
  if (part.length > 0) out.push(JSON.stringify({ m: messageId, u: part } satisfies InboxNotice));
  return out;
}

export interface FanoutOptions {
  /** Explicit audiences up to this many users are written inline (default 1000). */
  inlineMax?: number;
}

/** Stores messages, writes short audiences inline, and leaves long ones to durable jobs. */
export function fanoutService(deps: {
  db: Db;
  dialect: StoreDialect;
  notices: Notices;
  clock: () => number;
  options?: FanoutOptions;
}) {
  const { db, dialect, notices, clock } = deps;
  const inlineMax = deps.options?.inlineMax ?? 1000;
  const hooks = new Set<JobFinishedHook>();

  function once(fn: () => Promise<void>): () => Promise<void> {
    let done: Promise<void> | undefined;
    return () => {
      done ??= fn();
      return done;
    };
  }

  async function write(tx: Db, input: PostInput): Promise<Omit<Posted, 'announce'> & { users?: string[] }> {
    const at = clock();
    const messageId = newId('msg');
    await fanoutStore.insertMessage(tx, {
      id: messageId,
      sender_account_id: input.senderAccountId,
      kind: input.kind,
      body: JSON.stringify(input.body),
      created_at: at,
    });
    const { audience } = input;
    if ('users' in audience) {
      const users = [...new Set(audience.users)];
      if (users.some((id) => typeof id !== 'string' || id === '')) {
        throw new WharfError('validation_failed', { field: 'audience.users', reason: 'not a user id' });
      }
      if (users.length <= inlineMax) {
        const perStatement = Math.floor(dialect.maxParamsPerStatement / 3);
        const delivered = await fanoutStore.insertDeliveries(tx, messageId, users, at, perStatement);
        return { messageId, delivered, users };
      }
      const jobId = await insertJob(tx, messageId, 'users', null, null, at);
      await fanoutStore.insertTargets(tx, jobId, users, Math.floor(dialect.maxParamsPerStatement / 2));
      return { messageId, jobId };
    }
    if ('followersOf' in audience) {
      return {
        messageId,
        jobId: await insertJob(tx, messageId, 'followers', audience.followersOf, null, at),
      };
    }
    const { accountId, tagId } = audience.tag;
    return { messageId, jobId: await insertJob(tx, messageId, 'tag', accountId, tagId, at) };
  }

  async function insertJob(
    tx: Db,
    messageId: string,
    source: DeliveryJobSource,
    accountId: string | null,
    tagId: number | null,
    at: number,
  ): Promise<string> {
    const id = newId('djob');
    const job: JobRow = {
      id,
      message_id: messageId,
      source,
      account_id: accountId,
      tag_id: tagId,
      state: 'planning',
      planned: null,
      delivered: 0,
      ranges_total: 0,
      created_at: at,
      updated_at: at,
      finished_at: null,
    };
    await fanoutStore.insertJob(tx, job);
    return id;
  }

  return {
    /**
     * Stores one message for its audience. An explicit list of at most `inlineMax` users is
     * delivered in the same transaction (`delivered`); anything else becomes a job (`jobId`) that
     * the workers write in batches. With `tx`, everything happens in the caller's transaction.
     */
    async post(input: PostInput, tx?: Db): Promise<Posted> {
      const written = tx
        ? await write(tx, input)
        : await db.transaction().execute((own) => write(own, input));
      const { users, ...result } = written;
      const announce = once(async () => {
        if (result.jobId) await notices.publish(JOBS_CHANNEL, result.jobId);
        for (const notice of inboxNotices(result.messageId, users ?? [])) {
          await notices.publish(INBOX_CHANNEL, notice);
        }
      });
      if (!tx) await announce();
      return { ...result, announce };
    },

    async progress(jobId: string): Promise<JobProgress> {
      const job = await fanoutStore.job(db, jobId);
      if (!job) throw new WharfError('not_found', { what: 'delivery job' });
      const totals = job.state === 'done' ? undefined : await fanoutStore.rangeTotals(db, jobId);
      return {
        jobId,
        messageId: job.message_id,
        state: job.state,
        planned: job.planned === null ? null : Number(job.planned),
        delivered: totals ? totals.rows : Number(job.delivered),
        ranges: { done: totals ? totals.done : job.ranges_total, total: job.ranges_total },
        createdAt: Number(job.created_at),
        finishedAt: job.finished_at === null ? null : Number(job.finished_at),
      };
    },

    /** Registers a hook run in the transaction that marks a job done. Returns its removal. */
    onJobFinished(hook: JobFinishedHook): () => void {
      hooks.add(hook);
      return () => hooks.delete(hook);
    },

    /** For the workers. */
    hooks: (): JobFinishedHook[] => [...hooks],
  };
}

export type FanoutService = ReturnType<typeof fanoutService>;
