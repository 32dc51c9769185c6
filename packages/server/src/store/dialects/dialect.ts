import type { Dialect as KyselyDialect } from 'kysely';
import type { NoticeTransport } from '../../cluster/notices.ts';
import type { Db } from '../database.ts';

/**
 * What differs between the two databases, by role. Features never branch on the dialect;
 * they ask this seam. Add a dialect by filling in this contract.
 */
export interface StoreDialect {
  readonly name: 'sqlite' | 'postgres';
  /** The Kysely dialect that talks to the database. */
  createKyselyDialect(): KyselyDialect;
  /** Rows per INSERT for bulk writes: SQLite caps bound parameters lower than PostgreSQL. */
  readonly maxParamsPerStatement: number;
  /** Runs once after connecting (pragmas, type parsers). */
  afterConnect?(): Promise<void>;
  /**
   * Row locks for read-check-write rules (quotas). PostgreSQL takes `FOR UPDATE`;
   * SQLite has one writer at a time, so its transactions are already serial.
   */
  lockForUpdate<T extends Lockable<T>>(query: T): T;
  /**
   * How cluster notices reach other nodes sharing this database; none when one database is one
   * node (SQLite: one file, one process).
   */
  noticeTransport?(): NoticeTransport;
  /**
   * Runs `work` in a transaction that holds the write lock from its first statement. SQLite:
   * `BEGIN IMMEDIATE` (a deferred transaction that reads first can fail with SQLITE_BUSY_SNAPSHOT
   * once another writer exists, e.g. the CLI); PostgreSQL: an ordinary transaction, row locks do the rest.
   */
  writeTransaction<T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T>;
  /**
   * Row locks that pass over rows another transaction holds instead of waiting for them, so
   * several nodes can take different work items at once: PostgreSQL `FOR UPDATE SKIP LOCKED`;
   * SQLite as is (one writer at a time, inside `writeTransaction`).
   */
  lockSkippingLocked<T extends SkipLockable<T>>(query: T): T;
  /** Whether an error is a violated unique key or primary key. */
  isUniqueViolation(error: unknown): boolean;
  /**
   * Whether `ON CONFLICT DO NOTHING` is nearly free on a large `INSERT … SELECT`. SQLite: no
   * measurable cost. PostgreSQL: about twice the server CPU and one more WAL record per row
   * (../shared/reference/fan-out.md), so bulk writes insert plainly and retry with it on a conflict.
   */
  readonly cheapConflictSkip: boolean;
  /** Recipients written per fan-out transaction (measured: SQLite best at 50k, PostgreSQL at 10k). */
  readonly fanoutBatchRows: number;
}

/** A query that can take row locks where the database has them. */
export interface Lockable<T> {
  forUpdate(): T;
}

/** A query that can take row locks and pass over locked rows where the database has them. */
export interface SkipLockable<T> {
  forUpdate(): T;
  skipLocked(): T;
}
