import type { Kysely } from 'kysely';

/**
 * Phased release (WeChat's 分阶段发布, `/wxa/grayrelease`): a passed version served to a share of
 * users while the previous release serves the rest. Also a revision on each app's code slot, so
 * a console tab acting on a state it no longer sees is told so instead of overwriting it, and
 * the reviewer's screenshot of a rejected audit.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('code_gray_plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('app_id', 'text', (c) => c.notNull().references('mini_programs.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('version_id', 'text', (c) => c.notNull().references('code_versions.id'))
    .addColumn('base_version_id', 'text', (c) => c.notNull().references('code_versions.id'))
    .addColumn('auditid', 'bigint', (c) => c.notNull())
    .addColumn('gray_percentage', 'integer', (c) => c.notNull())
    .addColumn('support_debuger_first', 'integer', (c) => c.notNull())
    .addColumn('support_experiencer_first', 'integer', (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull())
    // Equal to app_id while the plan runs, else null: the unique index allows one running plan.
    .addColumn('running', 'text', (c) => c.unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('code_gray_plans_app_seq', ['app_id', 'seq'])
    .execute();
  await db.schema.createIndex('code_gray_plans_version').on('code_gray_plans').column('version_id').execute();
  await db.schema
    .alterTable('code_slots')
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('code_audits').addColumn('screenshot', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('code_audits').dropColumn('screenshot').execute();
  await db.schema.alterTable('code_slots').dropColumn('revision').execute();
  await db.schema.dropTable('code_gray_plans').execute();
}
