import { type RawBuilder, type Selectable, sql } from 'kysely';
import type { Db } from '../../store/database.ts';
import type { DeliveryTables } from './fanout.tables.ts';

export type JobRow = Selectable<DeliveryTables['delivery_jobs']>;
export type MessageRow = Selectable<DeliveryTables['messages']>;
export interface RangeRow {
  id: number;
  lo: string;
  hi: string | null;
}
/** What the audience queries need to know about a job. */
export type JobAudience = Pick<JobRow, 'id' | 'source' | 'account_id' | 'tag_id'>;

/**
 * The FROM … WHERE of a job's audience, with its user id as `a.user_id`. A tag's members are
 * joined to `followers`: a tag row outlives an unfollow, a delivery must not.
 */
function audienceOf(job: JobAudience): RawBuilder<unknown> {
  switch (job.source) {
    case 'followers':
      return sql`followers a WHERE a.account_id = ${job.account_id}`;
    case 'tag':
      return sql`follower_tags a JOIN followers f ON f.account_id = a.account_id AND f.user_id = a.user_id
        WHERE a.account_id = ${job.account_id} AND a.tag_id = ${job.tag_id}`;
    case 'users':
      return sql`delivery_targets a WHERE a.job_id = ${job.id}`;
  }
}

/** Multi-row INSERTs of at most `perStatement` rows each. */
function chunks<T>(rows: readonly T[], perStatement: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += perStatement) out.push(rows.slice(i, i + perStatement));
  return out;
}

/** The only SQL of the fan-out. Every function takes the connection or transaction to run on. */
export const fanoutStore = {
  async insertMessage(db: Db, message: MessageRow): Promise<void> {
    await db.insertInto('messages').values(message).execute();
  },

  /** A short list of recipients written at once, duplicates skipped (a few rows: the cost is nil). */
  async insertDeliveries(
    db: Db,
    messageId: string,
    userIds: readonly string[],
    at: number,
    perStatement: number,
  ): Promise<number> {
    let written = 0;
    for (const part of chunks(userIds, perStatement)) {
      const result = await db
        .insertInto('deliveries')
        .values(part.map((user_id) => ({ message_id: messageId, user_id, created_at: at })))
        .onConflict((oc) => oc.columns(['message_id', 'user_id']).doNothing())
        .executeTakeFirst();
      written += Number(result.numInsertedOrUpdatedRows ?? 0);
    }
    return written;
  },

  async insertJob(db: Db, job: JobRow): Promise<void> {
    await db.insertInto('delivery_jobs').values(job).execute();
  },

  async insertTargets(
    db: Db,
    jobId: string,
    userIds: readonly string[],
    perStatement: number,
  ): Promise<void> {
    for (const part of chunks(userIds, perStatement)) {
      await db
        .insertInto('delivery_targets')
        .values(part.map((user_id) => ({ job_id: jobId, user_id })))
        .onConflict((oc) => oc.columns(['job_id', 'user_id']).doNothing())
        .execute();
    }
  },

  /** Jobs not done yet, oldest first. */
  openJobs(db: Db, limit: number): Promise<Array<Pick<JobRow, 'id' | 'state'>>> {
    return (
      db
        .selectFrom('delivery_jobs')
        .select(['id', 'state'])
        // A literal, not a parameter: SQLite uses a partial index only for a WHERE it can match as written.
        .where('state', '<>', sql.lit('done'))
        .orderBy('created_at')
        .limit(limit)
        .execute()
    );
  },

  job(db: Db, jobId: string): Promise<JobRow | undefined> {
    return db.selectFrom('delivery_jobs').selectAll().where('id', '=', jobId).executeTakeFirst();
  },

  message(db: Db, messageId: string): Promise<MessageRow | undefined> {
    return db.selectFrom('messages').selectAll().where('id', '=', messageId).executeTakeFirst();
  },

  /** The job row, locked; undefined if another transaction holds it (`lock` passes over locked rows). */
  lockedJob(db: Db, jobId: string, lock: <Q extends LockableQuery<Q>>(query: Q) => Q) {
    return lock(db.selectFrom('delivery_jobs').selectAll().where('id', '=', jobId)).executeTakeFirst();
  },

  /** The user id `size` places after `after` in the audience's order, if the audience reaches that far. */
  async boundaryAfter(db: Db, job: JobAudience, after: string, size: number): Promise<string | undefined> {
    const { rows } = await sql<{ user_id: string }>`SELECT a.user_id AS user_id FROM ${audienceOf(job)}
      AND a.user_id > ${after} ORDER BY a.user_id LIMIT 1 OFFSET ${size - 1}`.execute(db);
    return rows[0]?.user_id;
  },

  async countAfter(db: Db, job: JobAudience, after: string): Promise<number> {
    const { rows } = await sql<{ n: number | string }>`SELECT count(*) AS n FROM ${audienceOf(job)}
      AND a.user_id > ${after}`.execute(db);
    return Number(rows[0]?.n ?? 0);
  },

  async insertRanges(db: Db, jobId: string, ranges: RangeRow[], perStatement: number): Promise<void> {
    for (const part of chunks(ranges, perStatement)) {
      await db
        .insertInto('delivery_ranges')
        .values(part.map((r) => ({ job_id: jobId, id: r.id, lo: r.lo, hi: r.hi, done: 0, rows: 0 })))
        .execute();
    }
  },

  async markRunning(db: Db, jobId: string, planned: number, rangesTotal: number, at: number): Promise<void> {
    await db
      .updateTable('delivery_jobs')
      .set({ state: 'running', planned, ranges_total: rangesTotal, updated_at: at })
      .where('id', '=', jobId)
      .execute();
  },

  /** The first open range of the job (or the one numbered `id`), locked; others' locked ones passed over. */
  claimRange(
    db: Db,
    jobId: string,
    lock: <Q extends LockableQuery<Q>>(query: Q) => Q,
    id?: number,
  ): Promise<RangeRow | undefined> {
    let query = db
      .selectFrom('delivery_ranges')
      .select(['id', 'lo', 'hi'])
      .where('job_id', '=', jobId)
      .where('done', '=', sql.lit(0));
    if (id !== undefined) query = query.where('id', '=', id);
    return lock(query.orderBy('id').limit(1)).executeTakeFirst();
  },

  /**
   * Writes one range's deliveries with one INSERT … SELECT: no row travels to the server and back.
   * `skipDuplicates` adds ON CONFLICT DO NOTHING (free on SQLite, costly on PostgreSQL).
   */
  async fillRange(
    db: Db,
    job: JobAudience,
    messageId: string,
    range: RangeRow,
    at: number,
    skipDuplicates: boolean,
  ): Promise<number> {
    const upTo = range.hi === null ? sql`` : sql`AND a.user_id <= ${range.hi}`;
    const conflict = skipDuplicates ? sql`ON CONFLICT DO NOTHING` : sql``;
    const result = await sql`INSERT INTO deliveries (message_id, user_id, created_at)
      SELECT CAST(${messageId} AS text), a.user_id, CAST(${at} AS bigint) FROM ${audienceOf(job)}
      AND a.user_id > ${range.lo} ${upTo} ${conflict}`.execute(db);
    return Number(result.numAffectedRows ?? 0);
  },

  async closeRange(db: Db, jobId: string, id: number, rows: number): Promise<void> {
    await db
      .updateTable('delivery_ranges')
      .set({ done: 1, rows })
      .where('job_id', '=', jobId)
      .where('id', '=', id)
      .execute();
  },

  /** Ranges written and rows written so far, and ranges still open (held by a worker or not). */
  async rangeTotals(db: Db, jobId: string): Promise<{ done: number; open: number; rows: number }> {
    const row = await db
      .selectFrom('delivery_ranges')
      .select((eb) => [
        eb.fn.sum<number | string>(eb.case().when('done', '=', 1).then(1).else(0).end()).as('done'),
        eb.fn.sum<number | string>(eb.case().when('done', '=', 0).then(1).else(0).end()).as('open'),
        eb.fn.sum<number | string>('rows').as('rows'),
      ])
      .where('job_id', '=', jobId)
      .executeTakeFirst();
    return { done: Number(row?.done ?? 0), open: Number(row?.open ?? 0), rows: Number(row?.rows ?? 0) };
  },

  async markDone(db: Db, jobId: string, delivered: number, at: number): Promise<void> {
    await db
      .updateTable('delivery_jobs')
      .set({ state: 'done', delivered, updated_at: at, finished_at: at })
      .where('id', '=', jobId)
      .execute();
  },
};

/** A select that can take row locks (see StoreDialect.lockSkippingLocked). */
export interface LockableQuery<T> {
  forUpdate(): T;
  skipLocked(): T;
}
