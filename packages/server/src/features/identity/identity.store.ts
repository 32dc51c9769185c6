import type { Selectable } from 'kysely';
import type { Db } from '../../store/database.ts';
import type { IdentityTables, SubjectStatus } from './identity.tables.ts';

export type SubjectRow = Selectable<IdentityTables['subjects']>;

export function identityStore(db: Db) {
  return {
    async insert(subject: SubjectRow): Promise<void> {
      await db.insertInto('subjects').values(subject).execute();
    },
    findById(id: string): Promise<SubjectRow | undefined> {
      return db.selectFrom('subjects').selectAll().where('id', '=', id).executeTakeFirst();
    },
    listByUser(userId: string): Promise<SubjectRow[]> {
      return db
        .selectFrom('subjects')
        .selectAll()
        .where('user_id', '=', userId)
        .orderBy('created_at')
        .execute();
    },
    listByStatus(status: SubjectStatus): Promise<SubjectRow[]> {
      return db
        .selectFrom('subjects')
        .selectAll()
        .where('status', '=', status)
        .orderBy('created_at')
        .execute();
    },
    /** A verified subject with this number, if any: it fixes which person the number belongs to. */
    findVerifiedByNumber(idNumber: string): Promise<SubjectRow | undefined> {
      return db
        .selectFrom('subjects')
        .selectAll()
        .where('id_number', '=', idNumber)
        .where('status', '=', 'verified')
        .executeTakeFirst();
    },
    async decide(
      id: string,
      status: SubjectStatus,
      by: string,
      reason: string | null,
      now: number,
    ): Promise<void> {
      await db
        .updateTable('subjects')
        .set({ status, decided_by: by, reason, decided_at: now })
        .where('id', '=', id)
        .execute();
    },
  };
}

export type IdentityStore = ReturnType<typeof identityStore>;
