import { type Kysely, sql } from 'kysely';

/**
 * Email activation, as on WeChat's platform: an account signed up on the public route works once
 * the link mailed to it is opened. Accounts made before this migration count as activated.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('activated_at', 'bigint').execute();
  await sql`update users set activated_at = created_at`.execute(db);
  await db.schema
    .createTable('email_activations')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    // The link itself, kept only when no mail server sends it (the demo, tests): admins read it.
    .addColumn('link', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
  await db.schema.createIndex('email_activations_user').on('email_activations').column('user_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('email_activations').execute();
  await db.schema.alterTable('users').dropColumn('activated_at').execute();
}
