import type { Kysely } from 'kysely';

/**
 * Images sent in chats: the blob (content-addressed, in the blob store), who sent how many bytes
 * when (each user's daily budget), served to the chat's members only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('chat_images')
    .addColumn('message_id', 'text', (c) => c.primaryKey().references('messages.id').onDelete('cascade'))
    .addColumn('chat_id', 'text', (c) => c.notNull().references('chats.id').onDelete('cascade'))
    .addColumn('blob', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('sender_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('chat_images_blob').on('chat_images').columns(['chat_id', 'blob']).execute();
  await db.schema
    .createIndex('chat_images_sender')
    .on('chat_images')
    .columns(['sender_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('chat_images').execute();
}
