import type { Kysely } from 'kysely';

/**
 * Links between official accounts and mini programs. A link waits for two confirmations (the
 * account's admin: status 12, then the mini program's admin: status 2) before it holds
 * (status 1); a refusal leaves status 3 on record. Unlinking deletes the row; an unlink asked
 * for through the WeChat API waits for the account's admin (`unlink_requested`).
 * `oa_link_history` counts new links per month, unlinked ones included.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('oa_links')
    .addColumn('account_id', 'text', (c) =>
      c.notNull().references('official_accounts.id').onDelete('cascade'),
    )
    .addColumn('app_id', 'text', (c) => c.notNull().references('mini_programs.id').onDelete('cascade'))
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('same_subject', 'integer', (c) => c.notNull())
    .addColumn('notify_users', 'integer', (c) => c.notNull())
    .addColumn('show_profile', 'integer', (c) => c.notNull())
    .addColumn('unlink_requested', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('requested_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('oa_links_pk', ['account_id', 'app_id'])
    .execute();
  await db.schema.createIndex('oa_links_app').on('oa_links').column('app_id').execute();
  await db.schema
    .createTable('oa_link_history')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('oa_link_history_account')
    .on('oa_link_history')
    .columns(['account_id', 'requested_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('oa_link_history').execute();
  await db.schema.dropTable('oa_links').execute();
}
