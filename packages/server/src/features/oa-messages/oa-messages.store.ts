import type { Selectable } from 'kysely';
import type { Db } from '../../store/database.ts';
import type { OaMessageTables, WindowKind } from './oa-messages.tables.ts';

export type UserMessageRow = Selectable<OaMessageTables['oa_user_messages']>;
export type MediaRow = Selectable<OaMessageTables['oa_media']>;
export type MassSendRow = Selectable<OaMessageTables['oa_mass_sends']>;

/** Queries on whatever connection or transaction `db` is: callers pass their transaction. */
export const oaMessagesStore = {
  async insertUserMessage(db: Db, row: UserMessageRow): Promise<void> {
    await db.insertInto('oa_user_messages').values(row).execute();
  },

  /** The user's side of a conversation, newest first, before a time. */
  userMessages(db: Db, accountId: string, userId: string, before: number, limit: number) {
    return db
      .selectFrom('oa_user_messages')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('user_id', '=', userId)
      .where('created_at', '<', before)
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute();
  },

  /** The account's side: what it sent this user (the user's inbox, this sender only), newest first. */
  accountMessages(db: Db, accountId: string, userId: string, before: number, limit: number) {
    return db
      .selectFrom('deliveries')
      .innerJoin('messages', 'messages.id', 'deliveries.message_id')
      .select(['messages.id', 'messages.kind', 'messages.body', 'deliveries.created_at'])
      .where('deliveries.user_id', '=', userId)
      .where('messages.sender_account_id', '=', accountId)
      .where('deliveries.created_at', '<', before)
      .orderBy('deliveries.created_at', 'desc')
      .limit(limit)
      .execute();
  },

  window(db: Db, accountId: string, userId: string) {
    return db
      .selectFrom('oa_service_windows')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
  },

  async setWindow(
    db: Db,
    row: { account_id: string; user_id: string; kind: WindowKind; expires_at: number; allowed: number },
  ): Promise<void> {
    await db
      .insertInto('oa_service_windows')
      .values({ ...row, used: 0 })
      .onConflict((oc) =>
        oc.columns(['account_id', 'user_id']).doUpdateSet({
          kind: row.kind,
          expires_at: row.expires_at,
          allowed: row.allowed,
          used: 0,
        }),
      )
      .execute();
  },

  /** Takes one message of an open window; false when none is left (a race lost, or used up). */
  async consumeWindow(db: Db, accountId: string, userId: string, now: number): Promise<boolean> {
    const result = await db
      .updateTable('oa_service_windows')
      .set((eb) => ({ used: eb('used', '+', 1) }))
      .where('account_id', '=', accountId)
      .where('user_id', '=', userId)
      .where('expires_at', '>', now)
      .whereRef('used', '<', 'allowed')
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  },

  async insertMedia(db: Db, row: MediaRow): Promise<void> {
    await db.insertInto('oa_media').values(row).execute();
  },

  media(db: Db, accountId: string, id: string, now: number) {
    return db
      .selectFrom('oa_media')
      .selectAll()
      .where('id', '=', id)
      .where('account_id', '=', accountId)
      .where('expires_at', '>', now)
      .executeTakeFirst();
  },

  mediaById(db: Db, id: string, now: number) {
    return db
      .selectFrom('oa_media')
      .selectAll()
      .where('id', '=', id)
      .where('expires_at', '>', now)
      .executeTakeFirst();
  },

  async insertMassSend(db: Db, row: MassSendRow): Promise<void> {
    await db.insertInto('oa_mass_sends').values(row).execute();
  },

  massByClientId(db: Db, accountId: string, clientMsgId: string, since: number) {
    return db
      .selectFrom('oa_mass_sends')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('client_msg_id', '=', clientMsgId)
      .where('created_at', '>=', since)
      .executeTakeFirst();
  },

  massByMessage(db: Db, messageId: string) {
    return db.selectFrom('oa_mass_sends').selectAll().where('message_id', '=', messageId).executeTakeFirst();
  },

  massByMsgId(db: Db, accountId: string, msgId: string) {
    return db
      .selectFrom('oa_mass_sends')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('msg_id', '=', msgId)
      .executeTakeFirst();
  },

  async massSince(db: Db, accountId: string, since: number): Promise<number> {
    const row = await db
      .selectFrom('oa_mass_sends')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_id', '=', accountId)
      .where('created_at', '>=', since)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },
};
