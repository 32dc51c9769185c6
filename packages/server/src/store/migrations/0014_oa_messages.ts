import type { Kysely } from 'kysely';

/**
 * What end users send to official accounts, the customer-service windows their actions open,
 * temporary media, and broadcasts (their quota and `clientmsgid` dedupe). What accounts send to
 * users lives in the delivery engine's `messages` / `deliveries`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('oa_user_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) =>
      c.notNull().references('official_accounts.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'text', (c) => c.notNull().references('end_users.id').onDelete('cascade'))
    .addColumn('msg_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('oa_user_messages_conversation')
    .on('oa_user_messages')
    .columns(['account_id', 'user_id', 'created_at'])
    .execute();
  await db.schema
    .createTable('oa_service_windows')
    .addColumn('account_id', 'text', (c) =>
      c.notNull().references('official_accounts.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'text', (c) => c.notNull().references('end_users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('allowed', 'integer', (c) => c.notNull())
    .addColumn('used', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('oa_service_windows_pk', ['account_id', 'user_id'])
    .execute();
  await db.schema
    .createTable('oa_media')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) =>
      c.notNull().references('official_accounts.id').onDelete('cascade'),
    )
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('blob', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('oa_media_account')
    .on('oa_media')
    .columns(['account_id', 'created_at'])
    .execute();
  await db.schema
    .createTable('oa_mass_sends')
    .addColumn('msg_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) =>
      c.notNull().references('official_accounts.id').onDelete('cascade'),
    )
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('job_id', 'text')
    .addColumn('client_msg_id', 'text')
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('oa_mass_sends_pk', ['account_id', 'msg_id'])
    .execute();
  await db.schema
    .createIndex('oa_mass_sends_account')
    .on('oa_mass_sends')
    .columns(['account_id', 'created_at'])
    .execute();
  await db.schema.createIndex('oa_mass_sends_message').on('oa_mass_sends').column('message_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['oa_mass_sends', 'oa_media', 'oa_service_windows', 'oa_user_messages']) {
    await db.schema.dropTable(table).execute();
  }
}
