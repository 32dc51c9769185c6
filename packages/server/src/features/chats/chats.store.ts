import type { Selectable } from 'kysely';
import type { Db } from '../../store/database.ts';
import type { ChatTables } from './chats.tables.ts';

export type ChatRow = Selectable<ChatTables['chats']>;
export type ShareTicketRow = Selectable<ChatTables['chat_share_tickets']>;

export interface ChatCursor {
  createdAt: number;
  messageId: string;
}

/** A chat as its list shows it: the row, when the reader joined, and its newest message. */
export interface ChatListRow extends ChatRow {
  joined_at: number;
  last_kind: string | null;
  last_body: string | null;
}

export interface ChatMessageRow {
  message_id: string;
  created_at: number;
  body: string;
}

/** The only SQL of the chats. Each function takes the connection or the transaction to run on. */
export const chatsStore = {
  async insertChat(db: Db, chat: ChatRow): Promise<void> {
    await db.insertInto('chats').values(chat).execute();
  },

  async insertMembers(db: Db, chatId: string, userIds: readonly string[], at: number): Promise<void> {
    if (userIds.length === 0) return;
    await db
      .insertInto('chat_members')
      .values(userIds.map((user_id) => ({ chat_id: chatId, user_id, joined_at: at })))
      .onConflict((oc) => oc.columns(['chat_id', 'user_id']).doNothing())
      .execute();
  },

  direct(db: Db, key: string): Promise<ChatRow | undefined> {
    return db.selectFrom('chats').selectAll().where('direct_key', '=', key).executeTakeFirst();
  },

  /** The chat if `userId` is one of its members, with when they joined. */
  chatOf(db: Db, chatId: string, userId: string) {
    return db
      .selectFrom('chats')
      .innerJoin('chat_members as cm', 'cm.chat_id', 'chats.id')
      .selectAll('chats')
      .select('cm.joined_at')
      .where('chats.id', '=', chatId)
      .where('cm.user_id', '=', userId)
      .executeTakeFirst();
  },

  async memberIds(db: Db, chatId: string): Promise<string[]> {
    const rows = await db
      .selectFrom('chat_members')
      .select('user_id')
      .where('chat_id', '=', chatId)
      .execute();
    return rows.map((row) => row.user_id);
  },

  members(db: Db, chatIds: readonly string[]) {
    if (chatIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('chat_members as cm')
      .innerJoin('end_users as u', 'u.id', 'cm.user_id')
      .select(['cm.chat_id', 'u.id', 'u.username', 'u.nickname', 'cm.joined_at'])
      .where('cm.chat_id', 'in', chatIds)
      .orderBy('cm.joined_at')
      .orderBy('u.id')
      .execute();
  },

  async memberCounts(db: Db, chatIds: readonly string[]): Promise<Map<string, number>> {
    if (chatIds.length === 0) return new Map();
    const rows = await db
      .selectFrom('chat_members')
      .select(['chat_id', (eb) => eb.fn.countAll<number | string>().as('n')])
      .where('chat_id', 'in', chatIds)
      .groupBy('chat_id')
      .execute();
    return new Map(rows.map((row) => [row.chat_id, Number(row.n)]));
  },

  /** The user's chats, the one with the newest message first. */
  chatsOf(db: Db, userId: string, limit: number): Promise<ChatListRow[]> {
    return db
      .selectFrom('chat_members as cm')
      .innerJoin('chats', 'chats.id', 'cm.chat_id')
      .leftJoin('messages as m', 'm.id', 'chats.last_message_id')
      .selectAll('chats')
      .select(['cm.joined_at', 'm.kind as last_kind', 'm.body as last_body'])
      .where('cm.user_id', '=', userId)
      .orderBy('chats.last_at', 'desc')
      .orderBy('chats.id')
      .limit(limit)
      .execute();
  },

  usersByUsername(db: Db, usernames: readonly string[]) {
    if (usernames.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('end_users')
      .select(['id', 'username', 'nickname'])
      .where('username', 'in', usernames)
      .execute();
  },

  async insertMessage(
    db: Db,
    row: { chat_id: string; message_id: string; sender_id: string; created_at: number },
  ): Promise<void> {
    await db.insertInto('chat_messages').values(row).execute();
    await db
      .updateTable('chats')
      .set({ last_message_id: row.message_id, last_at: row.created_at })
      .where('id', '=', row.chat_id)
      .execute();
  },

  /** A page of a chat's messages, newest first, from `since` (when the reader joined) on. */
  page(
    db: Db,
    chatId: string,
    options: { since: number; before?: ChatCursor; limit: number },
  ): Promise<ChatMessageRow[]> {
    let query = db
      .selectFrom('chat_messages as cm')
      .innerJoin('messages as m', 'm.id', 'cm.message_id')
      .select(['cm.message_id', 'cm.created_at', 'm.body'])
      .where('cm.chat_id', '=', chatId)
      .where('cm.created_at', '>=', options.since);
    const { before } = options;
    if (before) {
      query = query.where((eb) =>
        eb(eb.refTuple('cm.created_at', 'cm.message_id'), '<', eb.tuple(before.createdAt, before.messageId)),
      );
    }
    return query
      .orderBy('cm.created_at', 'desc')
      .orderBy('cm.message_id', 'desc')
      .limit(options.limit)
      .execute();
  },

  async insertTicket(db: Db, row: ShareTicketRow): Promise<void> {
    await db.insertInto('chat_share_tickets').values(row).execute();
  },

  ticket(db: Db, ticket: string): Promise<ShareTicketRow | undefined> {
    return db.selectFrom('chat_share_tickets').selectAll().where('ticket', '=', ticket).executeTakeFirst();
  },

  async insertThumb(db: Db, row: { chat_id: string; blob: string; content_type: string }): Promise<void> {
    await db
      .insertInto('chat_thumbs')
      .values(row)
      .onConflict((oc) => oc.columns(['chat_id', 'blob']).doNothing())
      .execute();
  },

  thumb(db: Db, chatId: string, blob: string) {
    return db
      .selectFrom('chat_thumbs')
      .select(['blob', 'content_type'])
      .where('chat_id', '=', chatId)
      .where('blob', '=', blob)
      .executeTakeFirst();
  },

  async insertImage(db: Db, row: ChatTables['chat_images']): Promise<void> {
    await db.insertInto('chat_images').values(row).execute();
  },

  image(db: Db, chatId: string, blob: string) {
    return db
      .selectFrom('chat_images')
      .select(['blob', 'content_type'])
      .where('chat_id', '=', chatId)
      .where('blob', '=', blob)
      .executeTakeFirst();
  },

  /** Bytes of images the user sent since `since`, in every chat. */
  async imageBytesSince(db: Db, senderId: string, since: number): Promise<number> {
    const row = await db
      .selectFrom('chat_images')
      .select((eb) => eb.fn.sum<number | string | null>('size').as('total'))
      .where('sender_id', '=', senderId)
      .where('created_at', '>=', since)
      .executeTakeFirst();
    return Number(row?.total ?? 0);
  },

  /** A mini program a card can name: by AppID (shares from mini programs) or original id (apps). */
  miniProgram(db: Db, by: { appid: string } | { originalId: string }) {
    const query = db.selectFrom('mini_programs').select(['id', 'appid', 'name', 'original_id']);
    return (
      'appid' in by ? query.where('appid', '=', by.appid) : query.where('original_id', '=', by.originalId)
    ).executeTakeFirst();
  },
};
