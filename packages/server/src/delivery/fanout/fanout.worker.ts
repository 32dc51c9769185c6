import { performance } from 'node:perf_hooks';
import type { Notices } from '../../cluster/notices.ts';
import type { Db } from '../../store/database.ts';
import type { StoreDialect } from '../../store/dialects/dialect.ts';
import { INBOX_CHANNEL, type InboxNotice, JOBS_CHANNEL, type JobFinishedHook } from './fanout.service.ts';
import { fanoutStore, type JobRow, type LockableQuery, type RangeRow } from './fanout.store.ts';

export interface WorkerOptions {
  /** Recipients per range, one transaction each (default: the dialect's measured best). */
  batchRows?: number;
  /** Time one job may take before the next open job gets its turn (default 500 ms). */
  budgetMs?: number;
  /** How often an idle worker looks for jobs it was not told about (default 1000 ms). */
  pollMs?: number;
  /** Jobs looked at per round (default 20). */
  jobsPerRound?: number;
  onError?: (error: unknown) => void;
}

type RangeOutcome = { range: RangeRow; rows: number } | 'none';

/**
 * One node's fan-out worker. Each round it takes the open jobs oldest first and gives each up to
 * `budgetMs` of ranges, so a million-follower job shares the node with later, smaller ones, and
 * yields to the event loop between ranges so requests keep being served. On PostgreSQL every
 * node runs one and they split a job's ranges between them (SKIP LOCKED); on SQLite there is one.
 */
export function fanoutWorker(deps: {
  db: Db;
  dialect: StoreDialect;
  notices: Notices;
  clock: () => number;
  hooks: () => JobFinishedHook[];
  options?: WorkerOptions;
}) {
  const { db, dialect, notices, clock } = deps;
  const batchRows = deps.options?.batchRows ?? dialect.fanoutBatchRows;
  const budgetMs = deps.options?.budgetMs ?? 500;
  const pollMs = deps.options?.pollMs ?? 1000;
  const jobsPerRound = deps.options?.jobsPerRound ?? 20;
  const onError = deps.options?.onError ?? ((error) => console.error('fan-out worker:', error));
  const skipLocked = <Q extends LockableQuery<Q>>(query: Q): Q => dialect.lockSkippingLocked(query);

  let running: Promise<void> | undefined;
  let stopping = false;
  let wake: (() => void) | undefined;
  let woken = false;
  let unsubscribe: (() => void) | undefined;

  const nap = (ms: number) =>
    new Promise<void>((resolve) => {
      if (woken || stopping) {
        woken = false;
        resolve();
        return;
      }
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        woken = false;
        resolve();
      }
      wake = done;
    });
  const poke = () => {
    woken = true;
    wake?.();
  };
  const yieldToRequests = () => new Promise<void>((resolve) => setImmediate(resolve));

  /** Splits the audience into ranges of `batchRows` ids, once; another node planning it is passed over. */
  async function plan(jobId: string): Promise<void> {
    await dialect.writeTransaction(db, async (tx) => {
      const job = await fanoutStore.lockedJob(tx, jobId, skipLocked);
      if (job?.state !== 'planning') return;
      const ranges: RangeRow[] = [];
      let lo = '';
      let planned = 0;
      for (;;) {
        const hi = await fanoutStore.boundaryAfter(tx, job, lo, batchRows);
        if (hi === undefined) {
          planned += await fanoutStore.countAfter(tx, job, lo);
          // The last range has no upper bound: followers who join while the job runs are included.
          ranges.push({ id: ranges.length, lo, hi: null });
          break;
        }
        ranges.push({ id: ranges.length, lo, hi });
        planned += batchRows;
        lo = hi;
      }
      await fanoutStore.insertRanges(tx, jobId, ranges, Math.floor(dialect.maxParamsPerStatement / 6));
      await fanoutStore.markRunning(tx, jobId, planned, ranges.length, clock());
    });
  }

  /** Claims one open range and writes it; rows and the range's `done` commit together. */
  async function writeRange(job: JobRow, skipDuplicates = dialect.cheapConflictSkip) {
    return dialect.writeTransaction(db, async (tx): Promise<RangeOutcome> => {
      const range = await fanoutStore.claimRange(tx, job.id, skipLocked);
      if (!range) return 'none';
      const rows = await fanoutStore.fillRange(tx, job, job.message_id, range, clock(), skipDuplicates);
      await fanoutStore.closeRange(tx, job.id, range.id, rows);
      return { range, rows };
    });
  }

  /**
   * PostgreSQL inserts plainly (ON CONFLICT there costs about as much as the insert). A conflict
   * means rows someone else wrote for this message, never a done range again (its rows and flag
   * committed together); the failed transaction rolled back, and the range is written once more
   * skipping what is there.
   */
  async function nextRange(job: JobRow): Promise<RangeOutcome> {
    try {
      return await writeRange(job);
    } catch (error) {
      if (!dialect.isUniqueViolation(error)) throw error;
      return writeRange(job, true);
    }
  }

  /** Marks the job done if no range is open, running the finish hooks in the same transaction. */
  async function finish(jobId: string): Promise<boolean> {
    return dialect.writeTransaction(db, async (tx) => {
      const job = await fanoutStore.lockedJob(tx, jobId, skipLocked);
      if (job?.state !== 'running') return false;
      const totals = await fanoutStore.rangeTotals(tx, jobId);
      // A range another node holds is open: "nothing left to claim" is not "done".
      if (totals.open > 0) return false;
      const message = await fanoutStore.message(tx, job.message_id);
      const at = clock();
      await fanoutStore.markDone(tx, jobId, totals.rows, at);
      for (const hook of deps.hooks()) {
        await hook(
          tx,
          {
            id: job.id,
            messageId: job.message_id,
            senderAccountId: message?.sender_account_id ?? null,
            kind: message?.kind ?? 'text',
            source: job.source,
            accountId: job.account_id,
            tagId: job.tag_id,
            createdAt: Number(job.created_at),
            finishedAt: at,
          },
          { planned: Number(job.planned ?? 0), delivered: totals.rows },
        );
      }
      return true;
    });
  }

  /** One job's turn: plan it if new, then ranges until its budget is spent or none is left to claim. */
  async function turn(jobId: string, state: string, halt: () => boolean = () => stopping): Promise<boolean> {
    if (state === 'planning') await plan(jobId);
    const job = await fanoutStore.job(db, jobId);
    if (job?.state !== 'running') return false;
    const deadline = performance.now() + budgetMs;
    let worked = false;
    while (!halt()) {
      const outcome = await nextRange(job);
      if (outcome === 'none') {
        await finish(jobId);
        return worked;
      }
      worked = true;
      const notice: InboxNotice = { m: job.message_id, lo: outcome.range.lo, hi: outcome.range.hi };
      await notices.publish(INBOX_CHANNEL, JSON.stringify(notice));
      if (performance.now() >= deadline) return worked;
      await yieldToRequests();
    }
    return worked;
  }

  /** Jobs whose last turn failed (a finish hook, a database error) wait before their next, doubling to a minute. */
  const failing = new Map<string, { until: number; failures: number }>();

  async function loop(): Promise<void> {
    while (!stopping) {
      let worked = false;
      try {
        for (const job of await fanoutStore.openJobs(db, jobsPerRound)) {
          if (stopping) break;
          const failed = failing.get(job.id);
          if (failed && failed.until > Date.now()) continue;
          try {
            if (await turn(job.id, job.state)) worked = true;
            failing.delete(job.id);
          } catch (error) {
            // One job's failure must not hold back the jobs after it in the round.
            if (stopping) break;
            onError(error);
            const failures = (failed?.failures ?? 0) + 1;
            failing.set(job.id, { failures, until: Date.now() + Math.min(pollMs * 2 ** failures, 60_000) });
          }
        }
      } catch (error) {
        if (!stopping) onError(error);
      }
      if (failing.size > 1000) failing.clear();
      if (!worked) await nap(pollMs);
      else await yieldToRequests();
    }
  }

  return {
    /** Starts the loop (idempotent); a notice on `delivery.jobs` from any node wakes it. */
    start(): void {
      if (running) return;
      stopping = false;
      unsubscribe = notices.subscribe(JOBS_CHANNEL, poke);
      running = loop();
    },
    /** Lets the range in progress commit, then stops. */
    async stop(): Promise<void> {
      stopping = true;
      unsubscribe?.();
      unsubscribe = undefined;
      wake?.();
      await running;
      running = undefined;
    },
    /** Runs the open jobs to the end in this call (tests, the bench): no loop, no budget. */
    async drain(): Promise<void> {
      for (;;) {
        const jobs = await fanoutStore.openJobs(db, jobsPerRound);
        let progressed = false;
        for (const job of jobs) if (await turn(job.id, job.state, () => false)) progressed = true;
        const open = await fanoutStore.openJobs(db, 1);
        if (open.length === 0 || !progressed) return;
      }
    },
  };
}

export type FanoutWorker = ReturnType<typeof fanoutWorker>;
