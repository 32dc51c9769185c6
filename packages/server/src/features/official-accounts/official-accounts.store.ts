import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Db } from '../../store/database.ts';
import type { StoreDialect } from '../../store/dialects/dialect.ts';
import { containing } from '../../store/like.ts';
import { transactional } from '../../store/transactional.ts';
import { appendEvent } from '../events/events.store.ts';
import type { OfficialAccountTables } from './official-accounts.tables.ts';

export type OfficialAccountRow = Selectable<OfficialAccountTables['official_accounts']>;
export type FollowerRow = Selectable<OfficialAccountTables['followers']>;

export function officialAccountsStore(db: Db, dialect: StoreDialect) {
  return transactional(db, (db) => queries(db, dialect));
}

function queries(db: Db, dialect: StoreDialect) {
  return {
    /** The connection (or transaction) these queries run on, for work other features add to it. */
    db,
    async insert(row: OfficialAccountRow): Promise<void> {
      await db.insertInto('official_accounts').values(row).execute();
    },
    byId(id: string): Promise<OfficialAccountRow | undefined> {
      return db.selectFrom('official_accounts').selectAll().where('id', '=', id).executeTakeFirst();
    },
    byAppid(appid: string): Promise<OfficialAccountRow | undefined> {
      return db.selectFrom('official_accounts').selectAll().where('appid', '=', appid).executeTakeFirst();
    },
    byName(name: string): Promise<OfficialAccountRow | undefined> {
      return db.selectFrom('official_accounts').selectAll().where('name', '=', name).executeTakeFirst();
    },
    listForOwner(userId: string): Promise<OfficialAccountRow[]> {
      return db
        .selectFrom('official_accounts')
        .selectAll()
        .where('owner_user_id', '=', userId)
        .orderBy('created_at')
        .execute();
    },
    /** Accounts whose name contains the text, for the client's search. */
    search(text: string, limit: number): Promise<OfficialAccountRow[]> {
      return db
        .selectFrom('official_accounts')
        .selectAll()
        .where(sql`lower(name)`, 'like', containing(text.toLowerCase()))
        .orderBy('name')
        .limit(limit)
        .execute();
    },
    async update(id: string, patch: Partial<OfficialAccountRow>): Promise<void> {
      await db.updateTable('official_accounts').set(patch).where('id', '=', id).execute();
    },
    /** Serialises creation for one subject, so two racing requests cannot both pass the quota. */
    async lockSubject(subjectId: string): Promise<void> {
      await dialect
        .lockForUpdate(db.selectFrom('subjects').select('id').where('id', '=', subjectId))
        .execute();
    },
    async countForSubjectNumber(idNumber: string): Promise<number> {
      const row = await db
        .selectFrom('official_accounts')
        .innerJoin('subjects', 'subjects.id', 'official_accounts.subject_id')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('subjects.id_number', '=', idNumber)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** Adds the follower; false when already following (nothing changes then). */
    async follow(row: FollowerRow): Promise<boolean> {
      const result = await db
        .insertInto('followers')
        .values(row)
        .onConflict((oc) => oc.columns(['account_id', 'user_id']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
    },
    async unfollow(accountId: string, userId: string): Promise<FollowerRow | undefined> {
      const row = await db
        .selectFrom('followers')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      if (!row) return undefined;
      await db
        .deleteFrom('followers')
        .where('account_id', '=', accountId)
        .where('user_id', '=', userId)
        .execute();
      await db
        .deleteFrom('follower_tags')
        .where('account_id', '=', accountId)
        .where('user_id', '=', userId)
        .execute();
      return row;
    },
    follower(accountId: string, userId: string): Promise<FollowerRow | undefined> {
      return db
        .selectFrom('followers')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
    },
    followerByOpenid(accountId: string, openid: string): Promise<FollowerRow | undefined> {
      return db
        .selectFrom('followers')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('openid', '=', openid)
        .executeTakeFirst();
    },
    /** The remark the account keeps for a follower (`user/info/updateremark`); false when not a follower. */
    async setRemark(accountId: string, openid: string, remark: string): Promise<boolean> {
      const result = await db
        .updateTable('followers')
        .set({ remark })
        .where('account_id', '=', accountId)
        .where('openid', '=', openid)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    followersByOpenids(accountId: string, openids: string[]): Promise<FollowerRow[]> {
      if (openids.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('followers')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('openid', 'in', openids)
        .execute();
    },
    /** A page of openids in openid order, after `after` (WeChat's `next_openid`). */
    async openidPage(accountId: string, after: string, limit: number): Promise<string[]> {
      const rows = await db
        .selectFrom('followers')
        .select('openid')
        .where('account_id', '=', accountId)
        .where('openid', '>', after)
        .orderBy('openid')
        .limit(limit)
        .execute();
      return rows.map((row) => row.openid);
    },
    async followerCount(accountId: string): Promise<number> {
      const row = await db
        .selectFrom('followers')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('account_id', '=', accountId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    /** The accounts a user follows, for the client's conversation list. */
    followedBy(userId: string) {
      return db
        .selectFrom('followers')
        .innerJoin('official_accounts', 'official_accounts.id', 'followers.account_id')
        .select([
          'official_accounts.id',
          'official_accounts.appid',
          'official_accounts.name',
          'official_accounts.type',
          'official_accounts.intro',
          'followers.openid',
          'followers.subscribed_at',
        ])
        .where('followers.user_id', '=', userId)
        .orderBy('official_accounts.name')
        .execute();
    },
    /** Records a push for the account's server in the caller's transaction (the outbox). */
    appendEvent(event: {
      appid: string;
      type: string;
      payload: Record<string, unknown>;
      at: number;
      openid?: string | null;
    }) {
      return appendEvent(db, event);
    },
    tagIdsOf(accountId: string, userIds: string[]) {
      if (userIds.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('follower_tags')
        .select(['user_id', 'tag_id'])
        .where('account_id', '=', accountId)
        .where('user_id', 'in', userIds)
        .execute();
    },
  };
}

export type OfficialAccountsStore = ReturnType<typeof officialAccountsStore>;
export type OfficialAccountQueries = ReturnType<typeof queries>;
