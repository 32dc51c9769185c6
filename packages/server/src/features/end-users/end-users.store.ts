import type { Selectable } from 'kysely';
import type { Db } from '../../store/database.ts';
import type { EndUserTables } from './end-users.tables.ts';

export type EndUserRow = Selectable<EndUserTables['end_users']>;

/** Rows per multi-row insert when the demo creates users in bulk (SQLite allows 32,766 parameters). */
const INSERT_BATCH = 500;

export function endUsersStore(db: Db) {
  return {
    async insert(users: EndUserRow[]): Promise<void> {
      for (let i = 0; i < users.length; i += INSERT_BATCH) {
        await db
          .insertInto('end_users')
          .values(users.slice(i, i + INSERT_BATCH))
          .execute();
      }
    },
    byUsername(username: string): Promise<EndUserRow | undefined> {
      return db.selectFrom('end_users').selectAll().where('username', '=', username).executeTakeFirst();
    },
    byId(id: string): Promise<EndUserRow | undefined> {
      return db.selectFrom('end_users').selectAll().where('id', '=', id).executeTakeFirst();
    },
    byIds(ids: string[]): Promise<EndUserRow[]> {
      if (ids.length === 0) return Promise.resolve([]);
      return db.selectFrom('end_users').selectAll().where('id', 'in', ids).execute();
    },
    async insertSession(session: Selectable<EndUserTables['end_user_sessions']>): Promise<void> {
      await db.insertInto('end_user_sessions').values(session).execute();
    },
    findSession(tokenHash: string, now: number) {
      return db
        .selectFrom('end_user_sessions')
        .innerJoin('end_users', 'end_users.id', 'end_user_sessions.user_id')
        .select(['end_users.id', 'end_users.username', 'end_users.nickname', 'end_user_sessions.csrf_token'])
        .where('end_user_sessions.token_hash', '=', tokenHash)
        .where('end_user_sessions.expires_at', '>', now)
        .executeTakeFirst();
    },
    async deleteSession(tokenHash: string): Promise<void> {
      await db.deleteFrom('end_user_sessions').where('token_hash', '=', tokenHash).execute();
    },
  };
}

export type EndUsersStore = ReturnType<typeof endUsersStore>;
