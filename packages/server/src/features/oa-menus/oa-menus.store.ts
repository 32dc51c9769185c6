import type { Selectable } from 'kysely';
import type { Db } from '../../store/database.ts';
import type { StoreDialect } from '../../store/dialects/dialect.ts';
import { transactional } from '../../store/transactional.ts';
import { appendEvent } from '../events/events.store.ts';
import type { OaMenuTables } from './oa-menus.tables.ts';

export type OaMenuRow = Selectable<OaMenuTables['oa_menus']>;

export function oaMenusStore(db: Db, dialect: StoreDialect) {
  return transactional(db, (db) => queries(db, dialect));
}

function queries(db: Db, dialect: StoreDialect) {
  return {
    /** The account's menus: the default first, then conditional ones newest first (WeChat's match order). */
    async menus(accountId: string): Promise<OaMenuRow[]> {
      const rows = await db
        .selectFrom('oa_menus')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('created_at', 'desc')
        .orderBy('menuid', 'desc')
        .execute();
      return [...rows.filter((r) => r.kind === 'default'), ...rows.filter((r) => r.kind === 'conditional')];
    },
    byMenuid(menuid: number): Promise<OaMenuRow | undefined> {
      return db.selectFrom('oa_menus').selectAll().where('menuid', '=', menuid).executeTakeFirst();
    },
    async insert(row: OaMenuRow): Promise<void> {
      await db.insertInto('oa_menus').values(row).execute();
    },
    async deleteKind(accountId: string, kind: OaMenuRow['kind']): Promise<number> {
      const result = await db
        .deleteFrom('oa_menus')
        .where('account_id', '=', accountId)
        .where('kind', '=', kind)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async deleteAll(accountId: string): Promise<number> {
      const result = await db.deleteFrom('oa_menus').where('account_id', '=', accountId).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async deleteConditional(accountId: string, menuid: number): Promise<boolean> {
      const result = await db
        .deleteFrom('oa_menus')
        .where('account_id', '=', accountId)
        .where('menuid', '=', menuid)
        .where('kind', '=', 'conditional')
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async countConditional(accountId: string): Promise<number> {
      const row = await db
        .selectFrom('oa_menus')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('account_id', '=', accountId)
        .where('kind', '=', 'conditional')
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    /** Serialises menu changes of one account (one default menu, the conditional cap). */
    async lockAccount(accountId: string): Promise<void> {
      await dialect
        .lockForUpdate(db.selectFrom('official_accounts').select('id').where('id', '=', accountId))
        .execute();
    },
    /**
     * What a conditional menu is matched against for one follower: their tags with this account
     * and the profile fields WeChat matches (sex, region, language). Undefined when not a follower.
     */
    async audience(accountId: string, by: { userId: string } | { openid: string } | { username: string }) {
      let query = db
        .selectFrom('followers')
        .innerJoin('end_users', 'end_users.id', 'followers.user_id')
        .select([
          'followers.user_id',
          'followers.openid',
          'end_users.sex',
          'end_users.country',
          'end_users.province',
          'end_users.city',
          'end_users.language',
        ])
        .where('followers.account_id', '=', accountId);
      if ('userId' in by) query = query.where('followers.user_id', '=', by.userId);
      else if ('openid' in by) query = query.where('followers.openid', '=', by.openid);
      else query = query.where('end_users.username', '=', by.username);
      const follower = await query.executeTakeFirst();
      if (!follower) return undefined;
      const tags = await db
        .selectFrom('follower_tags')
        .select('tag_id')
        .where('account_id', '=', accountId)
        .where('user_id', '=', follower.user_id)
        .execute();
      return { ...follower, tagIds: tags.map((t) => Number(t.tag_id)) };
    },
    /** Records a push for the account's server in the caller's transaction (the outbox). */
    appendEvent(event: { appid: string; type: string; payload: Record<string, unknown>; at: number }) {
      return appendEvent(db, event);
    },
  };
}

export type OaMenusStore = ReturnType<typeof oaMenusStore>;
export type OaMenuQueries = ReturnType<typeof queries>;
