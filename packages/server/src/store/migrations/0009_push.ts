import type { Kysely } from 'kysely';

/**
 * Pushes to developer servers. `app_events` becomes the outbox: each row is pending until it is
 * delivered (or given up), claimed by one node at a time with a lease. `push_configs` holds each
 * app's server configuration (token and key sealed); `push_log` has one row per attempt.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // One column per statement: SQLite's ALTER TABLE adds one at a time.
  const columns: Array<[string, 'text' | 'integer' | 'bigint', unknown]> = [
    ['state', 'text', 'pending'],
    ['attempts', 'integer', 0],
    ['next_attempt_at', 'bigint', 0],
    ['claimed_by', 'text', null],
    ['claimed_until', 'bigint', null],
    ['openid', 'text', null],
  ];
  for (const [name, type, fallback] of columns) {
    await db.schema
      .alterTable('app_events')
      .addColumn(name, type, (c) => (fallback === null ? c : c.notNull().defaultTo(fallback)))
      .execute();
  }
  await db.schema
    .createIndex('app_events_push_due')
    .on('app_events')
    .columns(['state', 'next_attempt_at'])
    .execute();
  await db.schema
    .createIndex('app_events_push_order')
    .on('app_events')
    .columns(['appid', 'state', 'created_at', 'id'])
    .execute();

  await db.schema
    .createTable('push_configs')
    .addColumn('appid', 'text', (c) => c.primaryKey())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('token_sealed', 'text', (c) => c.notNull())
    .addColumn('aes_key_sealed', 'text')
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('push_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('appid', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('replay', 'integer', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('status', 'integer')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('excerpt', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('push_log_app').on('push_log').columns(['appid', 'at', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('push_log').execute();
  await db.schema.dropTable('push_configs').execute();
  await db.schema.dropIndex('app_events_push_order').execute();
  await db.schema.dropIndex('app_events_push_due').execute();
  for (const name of ['openid', 'claimed_until', 'claimed_by', 'next_attempt_at', 'attempts', 'state']) {
    await db.schema.alterTable('app_events').dropColumn(name).execute();
  }
}
