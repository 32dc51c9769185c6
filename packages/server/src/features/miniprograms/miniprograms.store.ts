import type { Selectable } from 'kysely';
import type { Db } from '../../store/database.ts';
import type { StoreDialect } from '../../store/dialects/dialect.ts';
import { transactional } from '../../store/transactional.ts';
import type { MemberRole, MiniProgramTables } from './miniprograms.tables.ts';

export type MiniProgramRow = Selectable<MiniProgramTables['mini_programs']>;

export function miniProgramsStore(db: Db, dialect: StoreDialect) {
  return transactional(db, (db) => queries(db, dialect));
}

function queries(db: Db, dialect: StoreDialect) {
  return {
    /** Serialises quota decisions for one person: their account and every subject with their number. */
    async lockIdentity(userId: string, idNumber: string): Promise<void> {
      await dialect.lockForUpdate(db.selectFrom('users').select('id').where('id', '=', userId)).execute();
      await dialect
        .lockForUpdate(db.selectFrom('subjects').select('id').where('id_number', '=', idNumber))
        .execute();
    },

    /** Individual mini programs held by this account or by anyone verified with this ID number. */
    async countIndividual(userId: string, idNumber: string): Promise<number> {
      const row = await db
        .selectFrom('mini_programs')
        .innerJoin('subjects', 'subjects.id', 'mini_programs.subject_id')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('subjects.type', '=', 'individual')
        .where((eb) =>
          eb.or([eb('mini_programs.owner_user_id', '=', userId), eb('subjects.id_number', '=', idNumber)]),
        )
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    async countOrganisation(creditCode: string): Promise<number> {
      const row = await db
        .selectFrom('mini_programs')
        .innerJoin('subjects', 'subjects.id', 'mini_programs.subject_id')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('subjects.type', '!=', 'individual')
        .where('subjects.id_number', '=', creditCode)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    async insert(row: MiniProgramRow): Promise<void> {
      await db.insertInto('mini_programs').values(row).execute();
    },

    findById(id: string): Promise<MiniProgramRow | undefined> {
      return db.selectFrom('mini_programs').selectAll().where('id', '=', id).executeTakeFirst();
    },

    findByAppid(appid: string): Promise<MiniProgramRow | undefined> {
      return db.selectFrom('mini_programs').selectAll().where('appid', '=', appid).executeTakeFirst();
    },

    findByName(name: string): Promise<MiniProgramRow | undefined> {
      return db.selectFrom('mini_programs').selectAll().where('name', '=', name).executeTakeFirst();
    },

    /** Apps the user owns or is a member of. */
    listForUser(userId: string): Promise<MiniProgramRow[]> {
      return db
        .selectFrom('mini_programs')
        .selectAll()
        .where((eb) =>
          eb.or([
            eb('owner_user_id', '=', userId),
            eb(
              'id',
              'in',
              eb.selectFrom('mini_program_members').select('app_id').where('user_id', '=', userId),
            ),
          ]),
        )
        .orderBy('created_at')
        .execute();
    },

    async update(id: string, patch: Partial<Omit<MiniProgramRow, 'id'>>): Promise<void> {
      await db.updateTable('mini_programs').set(patch).where('id', '=', id).execute();
    },

    categories(appId: string) {
      return db
        .selectFrom('mini_program_categories')
        .select(['first_id', 'second_id', 'qualification'])
        .where('app_id', '=', appId)
        .orderBy('first_id')
        .orderBy('second_id')
        .execute();
    },

    async replaceCategories(
      appId: string,
      pairs: Array<{ firstId: number; secondId: number; qualification: string | null }>,
    ): Promise<void> {
      await db.deleteFrom('mini_program_categories').where('app_id', '=', appId).execute();
      if (pairs.length === 0) return;
      await db
        .insertInto('mini_program_categories')
        .values(
          pairs.map((p) => ({
            app_id: appId,
            first_id: p.firstId,
            second_id: p.secondId,
            qualification: p.qualification,
          })),
        )
        .execute();
    },

    members(appId: string) {
      return db
        .selectFrom('mini_program_members')
        .innerJoin('users', 'users.id', 'mini_program_members.user_id')
        .select([
          'users.id',
          'users.email',
          'users.display_name',
          'mini_program_members.role',
          'mini_program_members.created_at',
        ])
        .where('mini_program_members.app_id', '=', appId)
        .orderBy('mini_program_members.created_at')
        .execute();
    },

    async memberRoles(appId: string, userId: string): Promise<MemberRole[]> {
      const rows = await db
        .selectFrom('mini_program_members')
        .select('role')
        .where('app_id', '=', appId)
        .where('user_id', '=', userId)
        .execute();
      return rows.map((r) => r.role);
    },

    async addMember(appId: string, userId: string, role: MemberRole, now: number): Promise<boolean> {
      const result = await db
        .insertInto('mini_program_members')
        .values({ app_id: appId, user_id: userId, role, created_at: now })
        .onConflict((oc) => oc.columns(['app_id', 'user_id', 'role']).doNothing())
        .executeTakeFirst();
      return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
    },

    async removeMember(appId: string, userId: string, role: MemberRole): Promise<boolean> {
      const result = await db
        .deleteFrom('mini_program_members')
        .where('app_id', '=', appId)
        .where('user_id', '=', userId)
        .where('role', '=', role)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}

export type MiniProgramsStore = ReturnType<typeof miniProgramsStore>;
