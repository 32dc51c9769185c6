import type { Kysely } from 'kysely';

/**
 * Custom menus of official accounts. One table for the default menu and the conditional ones:
 * `menu/get` answers both, `menu/delete` removes both, and a click names a `menuid` of either.
 * Menus are read whole and replaced whole (WeChat has no edit API), so buttons are JSON.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('oa_menus')
    .addColumn('menuid', 'bigint', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) =>
      c.notNull().references('official_accounts.id').onDelete('cascade'),
    )
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('buttons', 'text', (c) => c.notNull())
    .addColumn('matchrule', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('oa_menus_account')
    .on('oa_menus')
    .columns(['account_id', 'kind', 'created_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('oa_menus').execute();
}
