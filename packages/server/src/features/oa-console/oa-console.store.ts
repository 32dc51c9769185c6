import { sql } from 'kysely';
import type { Db } from '../../store/database.ts';
import { containing } from '../../store/like.ts';

/** What the console reads of an account's audience and broadcasts, beyond WeChat's own lists. */
export function oaConsoleStore(db: Db) {
  return {
    /** A page of followers, newest first, matching a nickname or openid fragment when given. */
    async followers(accountId: string, query: { search?: string; offset: number; limit: number }) {
      let base = db
        .selectFrom('followers')
        .innerJoin('end_users', 'end_users.id', 'followers.user_id')
        .where('followers.account_id', '=', accountId);
      if (query.search) {
        const pattern = containing(query.search.toLowerCase());
        base = base.where((eb) =>
          eb.or([
            eb(sql`lower(end_users.nickname)`, 'like', pattern),
            eb(sql`lower(followers.openid)`, 'like', pattern),
          ]),
        );
      }
      const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
      const rows = await base
        .select([
          'followers.user_id',
          'followers.openid',
          'followers.subscribed_at',
          'followers.remark',
          'end_users.nickname',
        ])
        .orderBy('followers.subscribed_at', 'desc')
        .orderBy('followers.openid')
        .offset(query.offset)
        .limit(query.limit)
        .execute();
      const tags = rows.length
        ? await db
            .selectFrom('follower_tags')
            .select(['user_id', 'tag_id'])
            .where('account_id', '=', accountId)
            .where(
              'user_id',
              'in',
              rows.map((row) => row.user_id),
            )
            .orderBy('tag_id')
            .execute()
        : [];
      return {
        total: Number(total?.n ?? 0),
        rows: rows.map((row) => ({
          ...row,
          tagIds: tags.filter((tag) => tag.user_id === row.user_id).map((tag) => tag.tag_id),
        })),
      };
    },

    /** The account's broadcasts, newest first, with their message and their job's counts. */
    broadcasts(accountId: string, limit: number) {
      return db
        .selectFrom('oa_mass_sends')
        .innerJoin('messages', 'messages.id', 'oa_mass_sends.message_id')
        .leftJoin('delivery_jobs', 'delivery_jobs.id', 'oa_mass_sends.job_id')
        .select([
          'oa_mass_sends.msg_id',
          'oa_mass_sends.audience',
          'oa_mass_sends.created_at',
          'messages.body',
          'delivery_jobs.state',
          'delivery_jobs.planned',
          // Small audiences are written at once, without a job: the inbox rows are the count either way.
          (eb) =>
            eb
              .selectFrom('deliveries')
              .select((inner) => inner.fn.countAll<number>().as('n'))
              .whereRef('deliveries.message_id', '=', 'oa_mass_sends.message_id')
              .as('delivered'),
        ])
        .where('oa_mass_sends.account_id', '=', accountId)
        .orderBy('oa_mass_sends.created_at', 'desc')
        .orderBy('oa_mass_sends.msg_id', 'desc')
        .limit(limit)
        .execute();
    },
  };
}

export type OaConsoleStore = ReturnType<typeof oaConsoleStore>;
