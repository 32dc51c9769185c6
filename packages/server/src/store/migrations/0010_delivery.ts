import { type Kysely, sql } from 'kysely';

/**
 * The delivery engine: one stored message, one `deliveries` row per recipient (a user's inbox is
 * its rows by (user_id, created_at)), and the durable jobs that write those rows in large batches.
 *
 * `deliveries` has no foreign keys on purpose: a fan-out writes a million rows, and a per-row
 * check against `messages` and `end_users` would cost about as much as the row itself (on
 * PostgreSQL each is a trigger call). Every row comes from `followers` (which has the keys) or from
 * a caller's list, in the transaction that stored the message; inbox reads join `messages`.
 *
 * A job's audience is split into ranges of user ids (lo exclusive, hi inclusive, NULL hi = no
 * upper bound) when a worker first takes it; a range's rows and its `done` flag commit together,
 * so a crash resumes at the first open range and UNIQUE(message_id, user_id) guards the rest.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sender_account_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('messages_sender')
    .on('messages')
    .columns(['sender_account_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('deliveries')
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('deliveries_message_user', ['message_id', 'user_id'])
    .execute();
  // The inbox, newest first; message_id breaks ties within one millisecond for keyset paging.
  await db.schema
    .createIndex('deliveries_user_created')
    .on('deliveries')
    .columns(['user_id', 'created_at', 'message_id'])
    .execute();

  await db.schema
    .createTable('delivery_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('message_id', 'text', (c) => c.notNull().unique())
    // 'followers' (of account_id), 'tag' (account_id + tag_id), 'users' (delivery_targets rows).
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text')
    .addColumn('tag_id', 'integer')
    // 'planning' → 'running' → 'done'.
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('planned', 'bigint')
    .addColumn('delivered', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('ranges_total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('delivery_jobs_open')
    .on('delivery_jobs')
    .columns(['created_at'])
    .where(sql.ref('state'), '<>', 'done')
    .execute();

  await db.schema
    .createTable('delivery_ranges')
    .addColumn('job_id', 'text', (c) => c.notNull().references('delivery_jobs.id').onDelete('cascade'))
    .addColumn('id', 'integer', (c) => c.notNull())
    .addColumn('lo', 'text', (c) => c.notNull())
    .addColumn('hi', 'text')
    .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rows', 'bigint', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('delivery_ranges_pk', ['job_id', 'id'])
    .execute();
  await db.schema
    .createIndex('delivery_ranges_open')
    .on('delivery_ranges')
    .columns(['job_id', 'id'])
    .where(sql.ref('done'), '=', 0)
    .execute();

  // The recipients of a job whose audience is a long list of users (short lists go inline).
  await db.schema
    .createTable('delivery_targets')
    .addColumn('job_id', 'text', (c) => c.notNull().references('delivery_jobs.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('delivery_targets_pk', ['job_id', 'user_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['delivery_targets', 'delivery_ranges', 'delivery_jobs', 'deliveries', 'messages']) {
    await db.schema.dropTable(table).execute();
  }
}
