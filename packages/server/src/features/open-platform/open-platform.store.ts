import type { Selectable } from 'kysely';
import type { Db } from '../../store/database.ts';
import type { StoreDialect } from '../../store/dialects/dialect.ts';
import { transactional } from '../../store/transactional.ts';
import type { BoundKind, OpenPlatformTables } from './open-platform.tables.ts';

export type OpenAccountRow = Selectable<OpenPlatformTables['open_accounts']>;
export type BindingRow = Selectable<OpenPlatformTables['open_bindings']>;
export type MobileAppRow = Selectable<OpenPlatformTables['mobile_apps']>;

/** Any app an open-platform account can bind, with what "same subject" compares. */
export interface BindableApp {
  kind: BoundKind;
  appid: string;
  name: string | null;
  ownerUserId: string;
  subjectId: string;
  subjectType: string;
  subjectNumber: string;
}

export function openPlatformStore(db: Db, dialect: StoreDialect) {
  return transactional(db, (db) => queries(db, dialect));
}

function queries(db: Db, dialect: StoreDialect) {
  const subjectOf = async (subjectId: string) =>
    db
      .selectFrom('subjects')
      .select(['type', 'id_number'])
      .where('id', '=', subjectId)
      .executeTakeFirstOrThrow();

  return {
    async insertAccount(row: OpenAccountRow): Promise<void> {
      await db.insertInto('open_accounts').values(row).execute();
    },
    accountByOpenAppid(openAppid: string): Promise<OpenAccountRow | undefined> {
      return db
        .selectFrom('open_accounts')
        .selectAll()
        .where('open_appid', '=', openAppid)
        .executeTakeFirst();
    },
    accountById(id: string): Promise<OpenAccountRow | undefined> {
      return db.selectFrom('open_accounts').selectAll().where('id', '=', id).executeTakeFirst();
    },
    accountsOwnedBy(userId: string): Promise<OpenAccountRow[]> {
      return db
        .selectFrom('open_accounts')
        .selectAll()
        .where('owner_user_id', '=', userId)
        .orderBy('created_at')
        .execute();
    },
    /** An account made by `/cgi-bin/open/create` becomes verified (its owner's act in the console). */
    async markVerified(id: string): Promise<boolean> {
      const result = await db
        .updateTable('open_accounts')
        .set({ verified: 1 })
        .where('id', '=', id)
        .where('verified', '=', 0)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    /** Serialises binds to one open-platform account, so racing binds cannot pass its caps together. */
    async lockAccount(id: string): Promise<void> {
      await dialect.lockForUpdate(db.selectFrom('open_accounts').select('id').where('id', '=', id)).execute();
    },

    binding(appid: string): Promise<BindingRow | undefined> {
      return db.selectFrom('open_bindings').selectAll().where('appid', '=', appid).executeTakeFirst();
    },
    bindings(openAccountId: string): Promise<BindingRow[]> {
      return db
        .selectFrom('open_bindings')
        .selectAll()
        .where('open_account_id', '=', openAccountId)
        .orderBy('bound_at')
        .orderBy('appid')
        .execute();
    },
    /** Binds; false when the app is bound already (to this or another account). */
    async bind(row: BindingRow): Promise<boolean> {
      const result = await db
        .insertInto('open_bindings')
        .values(row)
        .onConflict((oc) => oc.column('appid').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
    },
    async unbind(appid: string, openAccountId: string): Promise<boolean> {
      const result = await db
        .deleteFrom('open_bindings')
        .where('appid', '=', appid)
        .where('open_account_id', '=', openAccountId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    /** The open-platform account an app is bound to, by its appid: what unionids are keyed by. */
    async openAppidOf(appid: string): Promise<string | undefined> {
      const row = await db
        .selectFrom('open_bindings')
        .innerJoin('open_accounts', 'open_accounts.id', 'open_bindings.open_account_id')
        .select('open_accounts.open_appid')
        .where('open_bindings.appid', '=', appid)
        .executeTakeFirst();
      return row?.open_appid;
    },

    /** A mini program, official account or mobile app by appid, whichever holds it. */
    async app(appid: string): Promise<BindableApp | undefined> {
      const columns = ['appid', 'name', 'owner_user_id', 'subject_id'] as const;
      let kind: BoundKind = 'miniprogram';
      let found:
        | { appid: string; name: string | null; owner_user_id: string; subject_id: string }
        | undefined = await db
        .selectFrom('mini_programs')
        .select(columns)
        .where('appid', '=', appid)
        .executeTakeFirst();
      if (!found) {
        kind = 'official_account';
        found = await db
          .selectFrom('official_accounts')
          .select(columns)
          .where('appid', '=', appid)
          .executeTakeFirst();
      }
      if (!found) {
        kind = 'mobile_app';
        found = await db
          .selectFrom('mobile_apps')
          .select(columns)
          .where('appid', '=', appid)
          .executeTakeFirst();
      }
      if (!found) return undefined;
      const subject = await subjectOf(found.subject_id);
      return {
        kind,
        appid: found.appid,
        name: found.name,
        ownerUserId: found.owner_user_id,
        subjectId: found.subject_id,
        subjectType: subject.type,
        subjectNumber: subject.id_number,
      };
    },
    subjectOf,

    async insertMobileApp(row: MobileAppRow): Promise<void> {
      await db.insertInto('mobile_apps').values(row).execute();
    },
    mobileApp(appid: string): Promise<MobileAppRow | undefined> {
      return db.selectFrom('mobile_apps').selectAll().where('appid', '=', appid).executeTakeFirst();
    },
    mobileAppsOf(openAccountId: string): Promise<MobileAppRow[]> {
      return db
        .selectFrom('mobile_apps')
        .selectAll()
        .where('open_account_id', '=', openAccountId)
        .orderBy('created_at')
        .execute();
    },
    async updateMobileApp(id: string, patch: Partial<MobileAppRow>): Promise<void> {
      await db.updateTable('mobile_apps').set(patch).where('id', '=', id).execute();
    },
  };
}

export type OpenPlatformStore = ReturnType<typeof openPlatformStore>;
export type OpenPlatformQueries = ReturnType<typeof queries>;
