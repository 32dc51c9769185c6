import { createHash } from 'node:crypto';
import { PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import pg from 'pg';
import { postgresTransport } from '../../cluster/postgres-transport.ts';
import { HOT_QUERY_MARK } from '../precompiled.ts';
import type { StoreDialect } from './dialect.ts';

// int8 (COUNT, BIGINT columns) arrives as a string by default; our values fit in a JS number.
pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));

/**
 * Hot queries (precompiled, marked) run as named statements: PostgreSQL parses and plans them once
 * per pooled connection instead of on every call. Only marked texts are named, so the set of names
 * is the fixed set of precompiled queries (each connection keeps one server-side statement per
 * name); a name is derived from its text, so one name never stands for two texts.
 */
function namedStatements(pool: pg.Pool): PostgresPool {
  const names = new Map<string, string>();
  const nameOf = (text: string) => {
    let name = names.get(text);
    if (!name) {
      name = `w_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
      names.set(text, name);
    }
    return name;
  };
  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      return {
        query: ((text: unknown, values?: unknown[]) =>
          typeof text === 'string' && text.startsWith(HOT_QUERY_MARK)
            ? client.query({ name: nameOf(text), text, values })
            : client.query(text as string, values)) as unknown as PostgresPoolClient['query'],
        release: () => client.release(),
      };
    },
    end: () => pool.end(),
  };
}

export function postgresDialect(connectionString: string, poolSize = 10): StoreDialect {
  let pool: pg.Pool | undefined;
  return {
    name: 'postgres',
    // PostgreSQL's wire protocol allows 65535 bind parameters per statement.
    maxParamsPerStatement: 60_000,
    lockForUpdate: (query) => query.forUpdate(),
    lockSkippingLocked: (query) => query.forUpdate().skipLocked(),
    cheapConflictSkip: false,
    fanoutBatchRows: 10_000,
    isUniqueViolation: (error) => (error as { code?: unknown })?.code === '23505',
    writeTransaction: (db, work) => db.transaction().execute(work),
    createKyselyDialect() {
      pool = new pg.Pool({ connectionString, max: poolSize });
      // Without a listener, a server restart under an idle client crashes the process; a client
      // checked out when the server goes away emits on itself, not on the pool (its query is
      // rejected all the same, and answered 503 as a database outage).
      pool.on('error', () => {});
      pool.on('connect', (client) => client.on('error', () => {}));
      return new PostgresDialect({ pool: namedStatements(pool) });
    },
    noticeTransport: () => postgresTransport(connectionString),
  };
}
