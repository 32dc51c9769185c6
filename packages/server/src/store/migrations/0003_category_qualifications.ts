import type { Kysely } from 'kysely';

/** The qualification document a mini program attaches to a category that requires one (a blob's sha256). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('mini_program_categories').addColumn('qualification', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('mini_program_categories').dropColumn('qualification').execute();
}
