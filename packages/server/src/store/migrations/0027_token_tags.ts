import type { Kysely } from 'kysely';

/**
 * Tokens minted since carry a MAC (features/tokens/token-tags.ts). Those minted before are marked
 * untagged, so a node knows until when an untagged token may still be live and must be looked up.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('access_tokens')
    .addColumn('tagged', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('access_tokens').dropColumn('tagged').execute();
}
