import type { Selectable } from 'kysely';
import type { Db } from '../../store/database.ts';
import type { StoreDialect } from '../../store/dialects/dialect.ts';
import { transactional } from '../../store/transactional.ts';
import type { IdentityTables, SubjectStatus } from './identity.tables.ts';

export type SubjectRow = Selectable<IdentityTables['subjects']>;

export function identityStore(db: Db, dialect: StoreDialect) {
  return transactional(db, (db) => queries(db, dialect));
}

function queries(db: Db, dialect: StoreDialect) {
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
    /**
     * Serialises decisions on one number: two accounts verifying it at once must not both
     * become its holder. Every subject row with the number (ours is already inserted) is locked.
     */
    async lockNumber(idNumber: string): Promise<void> {
      await dialect
        .lockForUpdate(
          // One order for every taker, so two decisions cannot deadlock on each other's rows.
          db.selectFrom('subjects').select('id').where('id_number', '=', idNumber).orderBy('id'),
        )
        .execute();
    },
    /** Verified subjects with this number: they fix which person, and which accounts, hold it. */
    verifiedByNumber(idNumber: string): Promise<SubjectRow[]> {
      return db
        .selectFrom('subjects')
        .selectAll()
        .where('id_number', '=', idNumber)
        .where('status', '=', 'verified')
        .orderBy('decided_at')
        .execute();
    },
    async decide(
      id: string,
      status: SubjectStatus,
      by: string | null,
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
