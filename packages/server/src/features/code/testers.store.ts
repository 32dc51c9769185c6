import type { Selectable } from 'kysely';
import type { Db } from '../../store/database.ts';
import type { StoreDialect } from '../../store/dialects/dialect.ts';
import { transactional } from '../../store/transactional.ts';
import type { TesterTables } from './testers.tables.ts';

export type EndUserTesterRow = Selectable<TesterTables['mp_end_user_testers']>;

/** The only SQL of end-user testers: client users who may open a mini program's trial version. */
export function testersStore(db: Db, dialect: StoreDialect) {
  return transactional(db, (db) => queries(db, dialect));
}

function queries(db: Db, dialect: StoreDialect) {
  return {
    /** The app's end-user testers with their client usernames, oldest first. */
    list(appId: string) {
      return db
        .selectFrom('mp_end_user_testers')
        .innerJoin('end_users', 'end_users.id', 'mp_end_user_testers.end_user_id')
        .select([
          'mp_end_user_testers.end_user_id',
          'mp_end_user_testers.userstr',
          'mp_end_user_testers.created_at',
          'end_users.username',
          'end_users.nickname',
        ])
        .where('mp_end_user_testers.app_id', '=', appId)
        .orderBy('mp_end_user_testers.created_at')
        .execute();
    },

    async isTester(appId: string, endUserId: string): Promise<boolean> {
      const row = await db
        .selectFrom('mp_end_user_testers')
        .select('userstr')
        .where('app_id', '=', appId)
        .where('end_user_id', '=', endUserId)
        .executeTakeFirst();
      return row !== undefined;
    },

    /** Every tester of the app, platform accounts (members and pending invitations) and end users. */
    async appTesterCount(appId: string): Promise<number> {
      const members = await db
        .selectFrom('mini_program_members')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('app_id', '=', appId)
        .where('role', '=', 'tester')
        .executeTakeFirst();
      const pending = await db
        .selectFrom('member_invitations')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('app_id', '=', appId)
        .where('role', '=', 'tester')
        .executeTakeFirst();
      const endUsers = await db
        .selectFrom('mp_end_user_testers')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('app_id', '=', appId)
        .executeTakeFirst();
      return Number(members?.n ?? 0) + Number(pending?.n ?? 0) + Number(endUsers?.n ?? 0);
    },

    /** How many mini programs this end user tests (WeChat caps it per person: 85003). */
    async appsOf(endUserId: string): Promise<number> {
      const row = await db
        .selectFrom('mp_end_user_testers')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('end_user_id', '=', endUserId)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    /** Serialises bindings into one app, so the tester limit holds under concurrency. */
    async lockApp(appId: string): Promise<void> {
      await dialect
        .lockForUpdate(db.selectFrom('mini_programs').select('id').where('id', '=', appId))
        .execute();
    },

    /** False when the end user already tests the app. */
    async add(row: EndUserTesterRow): Promise<boolean> {
      const result = await db
        .insertInto('mp_end_user_testers')
        .values(row)
        .onConflict((oc) => oc.columns(['app_id', 'end_user_id']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
    },

    async remove(appId: string, endUserId: string): Promise<boolean> {
      const result = await db
        .deleteFrom('mp_end_user_testers')
        .where('app_id', '=', appId)
        .where('end_user_id', '=', endUserId)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}

export type TestersStore = ReturnType<typeof testersStore>;
