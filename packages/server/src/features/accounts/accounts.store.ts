import type { Selectable } from 'kysely';
import type { Db } from '../../store/database.ts';
import type { AccountTables, Role } from './accounts.tables.ts';

export type UserRow = Selectable<AccountTables['users']>;

export function accountsStore(db: Db) {
  return {
    async insertUser(user: UserRow): Promise<void> {
      await db.insertInto('users').values(user).execute();
    },
    findUserByEmail(email: string): Promise<UserRow | undefined> {
      return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
    },
    findUserById(id: string): Promise<UserRow | undefined> {
      return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async setRole(id: string, role: Role): Promise<boolean> {
      const result = await db.updateTable('users').set({ role }).where('id', '=', id).executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async insertSession(session: Selectable<AccountTables['sessions']>): Promise<void> {
      await db.insertInto('sessions').values(session).execute();
    },
    findSession(tokenHash: string, now: number) {
      return db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .select(['users.id', 'users.email', 'users.role', 'users.display_name', 'sessions.csrf_token'])
        .where('sessions.token_hash', '=', tokenHash)
        .where('sessions.expires_at', '>', now)
        .executeTakeFirst();
    },
    async deleteSession(tokenHash: string): Promise<void> {
      await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
    },
  };
}

export type AccountsStore = ReturnType<typeof accountsStore>;
