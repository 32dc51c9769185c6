import type { Db } from '../../store/database.ts';

/** A place in an inbox: a delivery's time and its message id (ties inside one millisecond). */
export interface InboxCursor {
  createdAt: number;
  messageId: string;
}

export interface InboxRow {
  message_id: string;
  created_at: number;
  kind: string;
  body: string;
  sender_id: string | null;
  sender_appid: string | null;
  sender_name: string | null;
}

/** The only SQL of the inbox. */
export function inboxStore(db: Db) {
  return {
    /**
     * One page of a user's deliveries by the (user_id, created_at, message_id) index: newest
     * first, before `before` if given; or oldest first, after `after`.
     */
    page(
      userId: string,
      options: { before?: InboxCursor; after?: InboxCursor; limit: number },
    ): Promise<InboxRow[]> {
      let query = db
        .selectFrom('deliveries as d')
        .innerJoin('messages as m', 'm.id', 'd.message_id')
        .leftJoin('official_accounts as oa', 'oa.id', 'm.sender_account_id')
        .select([
          'd.message_id',
          'd.created_at',
          'm.kind',
          'm.body',
          'oa.id as sender_id',
          'oa.appid as sender_appid',
          'oa.name as sender_name',
        ])
        .where('d.user_id', '=', userId);
      const { before, after } = options;
      if (after) {
        query = query
          .where((eb) =>
            eb(eb.refTuple('d.created_at', 'd.message_id'), '>', eb.tuple(after.createdAt, after.messageId)),
          )
          .orderBy('d.created_at', 'asc')
          .orderBy('d.message_id', 'asc');
      } else {
        if (before) {
          query = query.where((eb) =>
            eb(
              eb.refTuple('d.created_at', 'd.message_id'),
              '<',
              eb.tuple(before.createdAt, before.messageId),
            ),
          );
        }
        query = query.orderBy('d.created_at', 'desc').orderBy('d.message_id', 'desc');
      }
      return query.limit(options.limit).execute();
    },

    /** Which of `userIds` received the message within (lo, hi] of its audience's ids. */
    async receivedIn(messageId: string, lo: string, hi: string | null, userIds: readonly string[]) {
      let query = db
        .selectFrom('deliveries')
        .select('user_id')
        .where('message_id', '=', messageId)
        .where('user_id', 'in', userIds)
        .where('user_id', '>', lo);
      if (hi !== null) query = query.where('user_id', '<=', hi);
      return (await query.execute()).map((row) => row.user_id);
    },
  };
}

export type InboxStore = ReturnType<typeof inboxStore>;
