import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { type SqliteDatabase, SqliteDialect, type SqliteStatement, sql } from 'kysely';
import type { StoreDialect } from './dialect.ts';

/** Distinct SQL texts kept prepared; batch writes of varying row counts make texts without end. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely's SQLite driver prepares every query again (`prepare(sql)` on each call), which costs as
 * much as running it. This keeps prepared statements per SQL text, least recently used dropped.
 * `iterate` (Kysely's `stream()`) gets a fresh statement: a cached one being iterated is "busy"
 * and could not serve the same text meanwhile.
 */
export function cachingStatements(db: Database.Database, size = STATEMENT_CACHE_SIZE): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => {
      cache.clear();
      db.close();
    },
    prepare(sql: string): SqliteStatement {
      const hit = cache.get(sql);
      if (hit) {
        cache.delete(sql);
        cache.set(sql, hit);
        return hit;
      }
      const statement = db.prepare(sql);
      const cached: SqliteStatement = {
        reader: statement.reader,
        all: (parameters) => statement.all(parameters as unknown[]),
        run: (parameters) => statement.run(parameters as unknown[]),
        iterate: (parameters) => db.prepare(sql).iterate(parameters as unknown[]),
      };
      cache.set(sql, cached);
      if (cache.size > size) cache.delete(cache.keys().next().value as string);
      return cached;
    },
  };
}

/** SQLite in one file (or `:memory:`), WAL mode so readers never wait for the writer. */
export function sqliteDialect(file: string): StoreDialect {
  return {
    name: 'sqlite',
    // SQLite's default SQLITE_MAX_VARIABLE_NUMBER is 32766 since 3.32.
    maxParamsPerStatement: 30_000,
    lockForUpdate: (query) => query,
    lockSkippingLocked: (query) => query,
    cheapConflictSkip: true,
    fanoutBatchRows: 50_000,
    isUniqueViolation: (error) =>
      /^SQLITE_CONSTRAINT_(UNIQUE|PRIMARYKEY)$/.test(String((error as { code?: unknown })?.code)),
    // Kysely's transaction() issues a deferred BEGIN; one connection, so this holds it throughout.
    writeTransaction: (db, work) =>
      db.connection().execute(async (connection) => {
        await sql`begin immediate`.execute(connection);
        try {
          const result = await work(connection);
          await sql`commit`.execute(connection);
          return result;
        } catch (error) {
          await sql`rollback`.execute(connection).catch(() => {});
          throw error;
        }
      }),
    createKyselyDialect() {
      if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
      const db = new Database(file);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
      return new SqliteDialect({ database: cachingStatements(db) });
    },
  };
}
