import type { Selectable } from 'kysely';
import type { Db } from '../../store/database.ts';
import type { StoreDialect } from '../../store/dialects/dialect.ts';
import { transactional } from '../../store/transactional.ts';
import type { LinkStatus, LinkTables } from './links.tables.ts';

export type LinkRow = Selectable<LinkTables['oa_links']>;

export function linksStore(db: Db, dialect: StoreDialect) {
  return transactional(db, (db) => queries(db, dialect));
}

function queries(db: Db, dialect: StoreDialect) {
  const withApp = () =>
    db
      .selectFrom('oa_links')
      .innerJoin('mini_programs', 'mini_programs.id', 'oa_links.app_id')
      .innerJoin('official_accounts', 'official_accounts.id', 'oa_links.account_id')
      .selectAll('oa_links')
      .select([
        'mini_programs.appid',
        'mini_programs.original_id as app_original_id',
        'mini_programs.name as app_name',
        'mini_programs.icon as app_icon',
        'mini_programs.owner_user_id as app_owner',
        'mini_programs.status as app_status',
        'official_accounts.appid as account_appid',
        'official_accounts.name as account_name',
        'official_accounts.owner_user_id as account_owner',
      ]);
  return {
    /** The connection (or transaction) these queries run on, for work other features add to it. */
    db,
    /** Serialises link changes of one account (its quota counts), and of one mini program. */
    async lock(accountId: string, appId: string): Promise<void> {
      await dialect
        .lockForUpdate(db.selectFrom('official_accounts').select('id').where('id', '=', accountId))
        .execute();
      await dialect
        .lockForUpdate(db.selectFrom('mini_programs').select('id').where('id', '=', appId))
        .execute();
    },
    get(accountId: string, appId: string) {
      return withApp()
        .where('oa_links.account_id', '=', accountId)
        .where('oa_links.app_id', '=', appId)
        .executeTakeFirst();
    },
    forAccount(accountId: string) {
      return withApp()
        .where('oa_links.account_id', '=', accountId)
        .orderBy('oa_links.requested_at')
        .execute();
    },
    forMiniProgram(appId: string) {
      return withApp().where('oa_links.app_id', '=', appId).orderBy('oa_links.requested_at').execute();
    },
    /** Links waiting for this user: as the account's admin (12, unlink asked) or the mini program's (2). */
    awaiting(userId: string) {
      return withApp()
        .where((eb) =>
          eb.or([
            eb.and([eb('oa_links.status', '=', 12), eb('official_accounts.owner_user_id', '=', userId)]),
            eb.and([
              eb('oa_links.unlink_requested', '=', 1),
              eb('official_accounts.owner_user_id', '=', userId),
            ]),
            eb.and([eb('oa_links.status', '=', 2), eb('mini_programs.owner_user_id', '=', userId)]),
          ]),
        )
        .orderBy('oa_links.requested_at')
        .execute();
    },
    /** Links holding or waiting, of one account, by same or other subject (refused ones don't count). */
    async countForAccount(accountId: string, sameSubject: boolean): Promise<number> {
      const row = await db
        .selectFrom('oa_links')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('account_id', '=', accountId)
        .where('same_subject', '=', sameSubject ? 1 : 0)
        .where('status', '!=', 3)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async countForMiniProgram(appId: string): Promise<number> {
      const row = await db
        .selectFrom('oa_links')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('app_id', '=', appId)
        .where('status', '!=', 3)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async requestedSince(accountId: string, since: number): Promise<number> {
      const row = await db
        .selectFrom('oa_link_history')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('account_id', '=', accountId)
        .where('requested_at', '>=', since)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    /** A new request, replacing a refused one. */
    async upsert(row: LinkRow): Promise<void> {
      await db
        .deleteFrom('oa_links')
        .where('account_id', '=', row.account_id)
        .where('app_id', '=', row.app_id)
        .execute();
      await db.insertInto('oa_links').values(row).execute();
      await db
        .insertInto('oa_link_history')
        .values({ account_id: row.account_id, app_id: row.app_id, requested_at: row.requested_at })
        .execute();
    },
    /** Moves a link from one status to another; false when it was not in `from` any more (a race). */
    async move(
      accountId: string,
      appId: string,
      from: LinkStatus,
      to: LinkStatus,
      at: number,
    ): Promise<boolean> {
      const result = await db
        .updateTable('oa_links')
        .set({ status: to, updated_at: at })
        .where('account_id', '=', accountId)
        .where('app_id', '=', appId)
        .where('status', '=', from)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async setUnlinkRequested(
      accountId: string,
      appId: string,
      requested: boolean,
      at: number,
    ): Promise<void> {
      await db
        .updateTable('oa_links')
        .set({ unlink_requested: requested ? 1 : 0, updated_at: at })
        .where('account_id', '=', accountId)
        .where('app_id', '=', appId)
        .execute();
    },
    async remove(accountId: string, appId: string): Promise<void> {
      await db
        .deleteFrom('oa_links')
        .where('account_id', '=', accountId)
        .where('app_id', '=', appId)
        .execute();
    },
    async banned(appId: string): Promise<boolean> {
      return (
        (await db.selectFrom('app_bans').select('app_id').where('app_id', '=', appId).executeTakeFirst()) !==
        undefined
      );
    },
    async ban(row: { app_id: string; reason: string; banned_by: string; banned_at: number }): Promise<void> {
      await db
        .insertInto('app_bans')
        .values(row)
        .onConflict((oc) =>
          oc
            .column('app_id')
            .doUpdateSet({ reason: row.reason, banned_by: row.banned_by, banned_at: row.banned_at }),
        )
        .execute();
    },
    async unban(appId: string): Promise<void> {
      await db.deleteFrom('app_bans').where('app_id', '=', appId).execute();
    },
    /** Links (held or waiting) of every mini program this person administers. */
    async countForAppOwner(userId: string): Promise<number> {
      const row = await db
        .selectFrom('oa_links')
        .innerJoin('mini_programs', 'mini_programs.id', 'oa_links.app_id')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('mini_programs.owner_user_id', '=', userId)
        .where('oa_links.status', '!=', 3)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    appByAppid(appid: string) {
      return db
        .selectFrom('mini_programs')
        .innerJoin('subjects', 'subjects.id', 'mini_programs.subject_id')
        .select([
          'mini_programs.id',
          'mini_programs.appid',
          'mini_programs.owner_user_id',
          'mini_programs.status',
          'subjects.type as subject_type',
          'subjects.id_number',
        ])
        .where('mini_programs.appid', '=', appid)
        .executeTakeFirst();
    },
    subjectOfAccount(accountId: string) {
      return db
        .selectFrom('official_accounts')
        .innerJoin('subjects', 'subjects.id', 'official_accounts.subject_id')
        .select(['subjects.type', 'subjects.id_number'])
        .where('official_accounts.id', '=', accountId)
        .executeTakeFirst();
    },
  };
}

export type LinksStore = ReturnType<typeof linksStore>;
export type LinkQueries = ReturnType<typeof queries>;
export type LinkView = Awaited<ReturnType<LinkQueries['forAccount']>>[number];
