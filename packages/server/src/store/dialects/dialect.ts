import type { Dialect as KyselyDialect } from 'kysely';
import type { NoticeTransport } from '../../cluster/notices.ts';

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
}

/** A query that can take row locks where the database has them. */
export interface Lockable<T> {
  forUpdate(): T;
}
