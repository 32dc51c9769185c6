import type { Kysely } from 'kysely';

/**
 * A mini program taken out of service by its own admin (WeChat's 暂停服务设置,
 * `/wxa/change_visitstatus` with `close`): no launch opens it until `open`, whatever card, menu,
 * code or list leads there. An operator's takedown is the existing ban (`app_bans`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('mp_visit_closures')
    .addColumn('app_id', 'text', (c) => c.primaryKey().references('mini_programs.id').onDelete('cascade'))
    // `user:<id>` from the console, `api` from the WeChat-compatible face.
    .addColumn('closed_by', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('mp_visit_closures').execute();
}
