import type { Kysely } from 'kysely';

/**
 * Conversations between end users: one-to-one and group chats, their members, the index of each
 * chat's messages (the messages themselves and their inbox rows live in the delivery engine's
 * `messages` / `deliveries`), the shareTickets of cards shared into groups, and the thumbnails
 * apps attach to their cards.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('chats')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    // The two user ids of a one-to-one chat, sorted: two people have one such chat.
    .addColumn('direct_key', 'text', (c) => c.unique())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_message_id', 'text')
    .addColumn('last_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('chat_members')
    .addColumn('chat_id', 'text', (c) => c.notNull().references('chats.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('end_users.id').onDelete('cascade'))
    .addColumn('joined_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('chat_members_pk', ['chat_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('chat_members_user')
    .on('chat_members')
    .columns(['user_id', 'chat_id'])
    .execute();
  await db.schema
    .createTable('chat_messages')
    .addColumn('chat_id', 'text', (c) => c.notNull().references('chats.id').onDelete('cascade'))
    .addColumn('message_id', 'text', (c) => c.notNull().references('messages.id').onDelete('cascade'))
    .addColumn('sender_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('chat_messages_pk', ['chat_id', 'message_id'])
    .execute();
  await db.schema
    .createIndex('chat_messages_page')
    .on('chat_messages')
    .columns(['chat_id', 'created_at', 'message_id'])
    .execute();
  await db.schema
    .createTable('chat_share_tickets')
    .addColumn('ticket', 'text', (c) => c.primaryKey())
    .addColumn('chat_id', 'text', (c) => c.notNull().references('chats.id').onDelete('cascade'))
    .addColumn('appid', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('chat_thumbs')
    .addColumn('chat_id', 'text', (c) => c.notNull().references('chats.id').onDelete('cascade'))
    .addColumn('blob', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('chat_thumbs_pk', ['chat_id', 'blob'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['chat_thumbs', 'chat_share_tickets', 'chat_messages', 'chat_members', 'chats']) {
    await db.schema.dropTable(table).execute();
  }
}
