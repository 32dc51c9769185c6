import type { ColumnDefinitionBuilder, Kysely } from 'kysely';

/**
 * A mini program's own messages: form_ids and subscription consents, its message templates,
 * customer-service windows and conversations, and its temporary media. What reaches the user's
 * client (service notifications, the developer's replies) also goes through `messages` /
 * `deliveries`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const app = (c: ColumnDefinitionBuilder) => c.notNull().references('mini_programs.id').onDelete('cascade');
  const user = (c: ColumnDefinitionBuilder) => c.notNull().references('end_users.id').onDelete('cascade');
  await db.schema
    .createTable('mp_form_ids')
    .addColumn('form_id', 'text', (c) => c.primaryKey())
    .addColumn('app_id', 'text', app)
    .addColumn('user_id', 'text', user)
    .addColumn('openid', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('uses_left', 'integer', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('mp_form_ids_user')
    .on('mp_form_ids')
    .columns(['app_id', 'user_id', 'expires_at'])
    .execute();
  await db.schema
    .createTable('mp_subscriptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('app_id', 'text', app)
    .addColumn('user_id', 'text', user)
    .addColumn('openid', 'text', (c) => c.notNull())
    .addColumn('template_id', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('mp_subscriptions_openid')
    .on('mp_subscriptions')
    .columns(['app_id', 'openid', 'template_id'])
    .execute();
  await db.schema
    .createTable('mp_templates')
    .addColumn('template_id', 'text', (c) => c.primaryKey())
    .addColumn('app_id', 'text', app)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('tid', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('example', 'text', (c) => c.notNull())
    .addColumn('keywords', 'text', (c) => c.notNull())
    .addColumn('type', 'integer', (c) => c.notNull())
    .addColumn('scene_desc', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('mp_templates_app').on('mp_templates').columns(['app_id', 'kind']).execute();
  await db.schema
    .createTable('mp_service_windows')
    .addColumn('app_id', 'text', app)
    .addColumn('user_id', 'text', user)
    .addColumn('openid', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('allowed', 'integer', (c) => c.notNull())
    .addColumn('used', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('mp_service_windows_pk', ['app_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('mp_service_windows_openid')
    .on('mp_service_windows')
    .columns(['app_id', 'openid'])
    .execute();
  await db.schema
    .createTable('mp_cs_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('app_id', 'text', app)
    .addColumn('user_id', 'text', user)
    .addColumn('from', 'text', (c) => c.notNull())
    .addColumn('msgtype', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('msg_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('mp_cs_messages_conversation')
    .on('mp_cs_messages')
    .columns(['app_id', 'user_id', 'created_at'])
    .execute();
  await db.schema
    .createTable('mp_media')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('app_id', 'text', app)
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('blob', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'mp_media',
    'mp_cs_messages',
    'mp_service_windows',
    'mp_templates',
    'mp_subscriptions',
    'mp_form_ids',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
