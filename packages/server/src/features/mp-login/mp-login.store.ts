import type { Selectable } from 'kysely';
import type { Db } from '../../store/database.ts';
import { transactional } from '../../store/transactional.ts';
import type { MpLoginTables } from './mp-login.tables.ts';

export type MpUserRow = Selectable<MpLoginTables['mp_users']>;
export type LoginCodeRow = Selectable<MpLoginTables['mp_login_codes']>;

export function mpLoginStore(db: Db) {
  return transactional(db, queries);
}

function queries(db: Db) {
  return {
    miniProgram(appid: string) {
      return db
        .selectFrom('mini_programs')
        .select(['id', 'appid', 'secret_hash'])
        .where('appid', '=', appid)
        .executeTakeFirst();
    },
    user(appid: string, endUserId: string): Promise<MpUserRow | undefined> {
      return db
        .selectFrom('mp_users')
        .selectAll()
        .where('appid', '=', appid)
        .where('end_user_id', '=', endUserId)
        .executeTakeFirst();
    },
    byOpenid(appid: string, openid: string): Promise<MpUserRow | undefined> {
      return db
        .selectFrom('mp_users')
        .selectAll()
        .where('appid', '=', appid)
        .where('openid', '=', openid)
        .executeTakeFirst();
    },
    /** Adds the user; a racing first login of the same user leaves the row that won. */
    async insertUser(row: MpUserRow): Promise<void> {
      await db
        .insertInto('mp_users')
        .values(row)
        .onConflict((oc) => oc.columns(['appid', 'end_user_id']).doNothing())
        .execute();
    },
    async updateUser(appid: string, endUserId: string, patch: Partial<MpUserRow>): Promise<void> {
      await db
        .updateTable('mp_users')
        .set(patch)
        .where('appid', '=', appid)
        .where('end_user_id', '=', endUserId)
        .execute();
    },
    async insertCode(row: LoginCodeRow): Promise<void> {
      await db.insertInto('mp_login_codes').values(row).execute();
    },
    code(codeHash: string): Promise<LoginCodeRow | undefined> {
      return db.selectFrom('mp_login_codes').selectAll().where('code_hash', '=', codeHash).executeTakeFirst();
    },
    /** Marks the code used; false when another call used it first (one redemption, ever). */
    async useCode(codeHash: string, at: number): Promise<boolean> {
      const result = await db
        .updateTable('mp_login_codes')
        .set({ used_at: at })
        .where('code_hash', '=', codeHash)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    /** Codes past their lifetime and a day of grace (a reused code within it still answers 40163). */
    async pruneCodes(before: number): Promise<void> {
      await db.deleteFrom('mp_login_codes').where('expires_at', '<', before).execute();
    },
    async blocked(endUserId: string): Promise<boolean> {
      const row = await db
        .selectFrom('login_blocks')
        .select('end_user_id')
        .where('end_user_id', '=', endUserId)
        .executeTakeFirst();
      return row !== undefined;
    },
    async block(row: Selectable<MpLoginTables['login_blocks']>): Promise<void> {
      await db
        .insertInto('login_blocks')
        .values(row)
        .onConflict((oc) =>
          oc
            .column('end_user_id')
            .doUpdateSet({ reason: row.reason, blocked_by: row.blocked_by, blocked_at: row.blocked_at }),
        )
        .execute();
    },
    async unblock(endUserId: string): Promise<void> {
      await db.deleteFrom('login_blocks').where('end_user_id', '=', endUserId).execute();
    },
  };
}

export type MpLoginStore = ReturnType<typeof mpLoginStore>;
