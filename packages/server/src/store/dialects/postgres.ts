import { PostgresDialect } from 'kysely';
import pg from 'pg';
import type { StoreDialect } from './dialect.ts';

// int8 (COUNT, BIGINT columns) arrives as a string by default; our values fit in a JS number.
pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));

export function postgresDialect(connectionString: string, poolSize = 10): StoreDialect {
  let pool: pg.Pool | undefined;
  return {
    name: 'postgres',
    // PostgreSQL's wire protocol allows 65535 bind parameters per statement.
    maxParamsPerStatement: 60_000,
    lockForUpdate: (query) => query.forUpdate(),
    createKyselyDialect() {
      pool = new pg.Pool({ connectionString, max: poolSize });
      // Without a listener, a server restart under an idle client crashes the process.
      pool.on('error', () => {});
      return new PostgresDialect({ pool });
    },
  };
}
