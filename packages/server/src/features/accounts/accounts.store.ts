import type { Selectable } from 'kysely';
import type { Db } from '../../store/database.ts';
import { containing } from '../../store/like.ts';
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
    listUsers(emailContains: string | undefined, limit: number) {
      let query = db.selectFrom('users').selectAll().orderBy('created_at', 'desc').limit(limit);
      if (emailContains) {
        query = query.where('email', 'like', containing(emailContains));
      }
      return query.execute();
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
    async insertActivation(row: Selectable<AccountTables['email_activations']>): Promise<void> {
      await db.insertInto('email_activations').values(row).execute();
    },
    /** The mail server refused the link's mail: admins read the link instead. */
    async keepActivationLink(tokenHash: string, link: string): Promise<void> {
      await db.updateTable('email_activations').set({ link }).where('token_hash', '=', tokenHash).execute();
    },
    findActivation(tokenHash: string) {
      return db
        .selectFrom('email_activations')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
    },
    /** Marks the link used and the account activated, once: false when another request got there first. */
    async useActivation(tokenHash: string, userId: string, now: number): Promise<boolean> {
      return db.transaction().execute(async (tx) => {
        const used = await tx
          .updateTable('email_activations')
          .set({ used_at: now })
          .where('token_hash', '=', tokenHash)
          .where('used_at', 'is', null)
          .executeTakeFirst();
        if (used.numUpdatedRows === 0n) return false;
        await tx
          .updateTable('users')
          .set({ activated_at: now })
          .where('id', '=', userId)
          .where('activated_at', 'is', null)
          .execute();
        return true;
      });
    },
    /** The newest links first, with whether their account is activated (the admin page). */
    listActivations(limit: number) {
      return db
        .selectFrom('email_activations')
        .innerJoin('users', 'users.id', 'email_activations.user_id')
        .select([
          'email_activations.email',
          'email_activations.link',
          'email_activations.created_at',
          'email_activations.expires_at',
          'email_activations.used_at',
          'users.activated_at',
        ])
        .orderBy('email_activations.created_at', 'desc')
        .limit(limit)
        .execute();
    },
    async deleteSession(tokenHash: string): Promise<void> {
      await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
    },
  };
}

export type AccountsStore = ReturnType<typeof accountsStore>;
