import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteDialect } from 'kysely';
import type { StoreDialect } from './dialect.ts';

/** SQLite in one file (or `:memory:`), WAL mode so readers never wait for the writer. */
export function sqliteDialect(file: string): StoreDialect {
  return {
    name: 'sqlite',
    // SQLite's default SQLITE_MAX_VARIABLE_NUMBER is 32766 since 3.32.
    maxParamsPerStatement: 30_000,
    lockForUpdate: (query) => query,
    createKyselyDialect() {
      if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
      const db = new Database(file);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
      return new SqliteDialect({ database: db });
    },
  };
}
