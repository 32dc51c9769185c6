import { Kysely } from 'kysely';
import type { StoreDialect } from './dialects/dialect.ts';
import { postgresDialect } from './dialects/postgres.ts';
import { sqliteDialect } from './dialects/sqlite.ts';
import type { Tables } from './tables.ts';

export type Db = Kysely<Tables>;

export interface Store {
  db: Db;
  dialect: StoreDialect;
  close(): Promise<void>;
}

/** `postgres://…` selects PostgreSQL; anything else is a SQLite file path (or `:memory:`). */
export function dialectFor(location: string): StoreDialect {
  return /^postgres(ql)?:\/\//.test(location) ? postgresDialect(location) : sqliteDialect(location);
}

export function openStore(location: string): Store {
  const dialect = dialectFor(location);
  const db = new Kysely<Tables>({ dialect: dialect.createKyselyDialect() });
  return {
    db,
    dialect,
    async close() {
      await db.destroy();
    },
  };
}
