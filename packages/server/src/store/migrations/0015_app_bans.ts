import type { Kysely } from 'kysely';

/** Mini programs an admin has banned: a banned app cannot be linked or unlinked (89013). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('app_bans')
    .addColumn('app_id', 'text', (c) => c.primaryKey().references('mini_programs.id').onDelete('cascade'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('banned_by', 'text', (c) => c.notNull())
    .addColumn('banned_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('app_bans').execute();
}
