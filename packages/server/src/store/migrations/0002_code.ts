import type { Kysely } from 'kysely';

// Code packages, versions, audits, releases, upload keys, and the generic app event log.
// Same type rules as 0001: text ids, bigint unix-ms, integer flags, JSON as text.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('upload_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('app_id', 'text', (c) => c.notNull().references('mini_programs.id').onDelete('cascade'))
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('ip_allowlist', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint')
    .execute();
  await db.schema.createIndex('upload_keys_app').on('upload_keys').column('app_id').execute();

  // One row per app once code exists: the pointers that release and revert move, and the row
  // that serialises them (locked FOR UPDATE on PostgreSQL).
  await db.schema
    .createTable('code_slots')
    .addColumn('app_id', 'text', (c) => c.primaryKey().references('mini_programs.id').onDelete('cascade'))
    .addColumn('next_seq', 'integer', (c) => c.notNull())
    .addColumn('trial_version_id', 'text')
    .addColumn('released_version_id', 'text')
    .addColumn('previous_version_id', 'text')
    .addColumn('reverted', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('code_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('app_id', 'text', (c) => c.notNull().references('mini_programs.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('user_version', 'text', (c) => c.notNull())
    .addColumn('user_desc', 'text', (c) => c.notNull())
    .addColumn('uploader', 'text', (c) => c.notNull())
    .addColumn('source_hash', 'text', (c) => c.notNull())
    .addColumn('built_hash', 'text', (c) => c.notNull())
    .addColumn('manifest', 'text', (c) => c.notNull())
    .addColumn('diagnostics', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('total_bytes', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('code_versions_app_seq', ['app_id', 'seq'])
    .execute();
  await db.schema
    .createIndex('code_versions_built')
    .on('code_versions')
    .columns(['app_id', 'built_hash'])
    .execute();

  // kind: 'source' (the uploaded files) or 'built' (what the runtime fetches); bytes live in blobs.
  await db.schema
    .createTable('code_files')
    .addColumn('version_id', 'text', (c) => c.notNull().references('code_versions.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('bytes', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('code_files_pk', ['version_id', 'kind', 'path'])
    .execute();

  await db.schema
    .createTable('code_audits')
    .addColumn('auditid', 'bigint', (c) => c.primaryKey())
    .addColumn('app_id', 'text', (c) => c.notNull().references('mini_programs.id').onDelete('cascade'))
    // Per-app order (assigned under the app's slot lock): clocks tie, sequences do not.
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('version_id', 'text', (c) => c.notNull().references('code_versions.id'))
    .addColumn('status', 'integer', (c) => c.notNull())
    // Equal to app_id while the audit is in flight (auditing or delayed), else null: the unique
    // index lets only one audit per app be in flight, on both databases, without partial indexes.
    .addColumn('in_flight', 'text', (c) => c.unique())
    .addColumn('item_list', 'text', (c) => c.notNull())
    .addColumn('feedback_info', 'text')
    .addColumn('version_desc', 'text')
    .addColumn('reason', 'text')
    .addColumn('item_reasons', 'text')
    .addColumn('reviewer_user_id', 'text')
    .addColumn('submitted_at', 'bigint', (c) => c.notNull())
    .addColumn('decided_at', 'bigint')
    .addColumn('released_at', 'bigint')
    .addUniqueConstraint('code_audits_app_seq', ['app_id', 'seq'])
    .execute();
  await db.schema.createIndex('code_audits_status').on('code_audits').column('status').execute();

  await db.schema
    .createTable('code_releases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('app_id', 'text', (c) => c.notNull().references('mini_programs.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('version_id', 'text', (c) => c.notNull().references('code_versions.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('auditid', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('code_releases_app_seq', ['app_id', 'seq'])
    .execute();

  // Generic: the push engine (official-accounts issue) consumes undelivered rows in order.
  await db.schema
    .createTable('app_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('appid', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('delivered_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('app_events_pending')
    .on('app_events')
    .columns(['delivered_at', 'created_at'])
    .execute();
  await db.schema.createIndex('app_events_app').on('app_events').columns(['appid', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'app_events',
    'code_releases',
    'code_audits',
    'code_files',
    'code_versions',
    'code_slots',
    'upload_keys',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
