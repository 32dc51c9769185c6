import type { Kysely } from 'kysely';

/**
 * An operator can stop offering a category without deleting it: apps already in it keep it (and
 * their reviews), new choices of it are refused.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('categories')
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('categories').dropColumn('disabled').execute();
}
