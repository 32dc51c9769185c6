import { type Selectable, sql } from 'kysely';
import type { Db } from '../../store/database.ts';
import type { StoreDialect } from '../../store/dialects/dialect.ts';
import { containing } from '../../store/like.ts';
import { transactional } from '../../store/transactional.ts';
import type { MemberRole, MiniProgramTables } from './miniprograms.tables.ts';

export type MiniProgramRow = Selectable<MiniProgramTables['mini_programs']>;

export function miniProgramsStore(db: Db, dialect: StoreDialect) {
  return transactional(db, (db) => queries(db, dialect));
}

function queries(db: Db, dialect: StoreDialect) {
  return {
    /** Mini programs with a release whose name holds `text` (case-insensitive), by name. */
    searchReleased(text: string, limit: number) {
      return (
        db
          .selectFrom('mini_programs')
          .innerJoin('code_slots', 'code_slots.app_id', 'mini_programs.id')
          .select(['mini_programs.appid', 'mini_programs.name', 'mini_programs.intro'])
          .where('code_slots.released_version_id', 'is not', null)
          // Out of service (closed by its admin, banned): not found, as WeChat hides it.
          .where((eb) =>
            eb.not(
              eb.or([
                eb.exists(
                  eb
                    .selectFrom('mp_visit_closures')
                    .select('app_id')
                    .whereRef('app_id', '=', 'mini_programs.id'),
                ),
                eb.exists(
                  eb.selectFrom('app_bans').select('app_id').whereRef('app_id', '=', 'mini_programs.id'),
                ),
              ]),
            ),
          )
          .where(sql`lower(mini_programs.name)`, 'like', containing(text.toLowerCase()))
          .orderBy('mini_programs.name')
          .limit(limit)
          .execute()
      );
    },

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

    async addMember(
      appId: string,
      userId: string,
      role: MemberRole,
      now: number,
      userstr: string | null,
    ): Promise<boolean> {
      const result = await db
        .insertInto('mini_program_members')
        .values({ app_id: appId, user_id: userId, role, created_at: now, userstr })
        .onConflict((oc) => oc.columns(['app_id', 'user_id', 'role']).doNothing())
        .executeTakeFirst();
      return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
    },

    /** How many apps the user holds this role in (WeChat caps them per person). */
    async roleCount(userId: string, role: MemberRole): Promise<number> {
      const row = await db
        .selectFrom('mini_program_members')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('user_id', '=', userId)
        .where('role', '=', role)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    /** Testers with the opaque id `/wxa/*` knows them by (null: members from before it was kept). */
    testers(appId: string) {
      return db
        .selectFrom('mini_program_members')
        .select(['user_id', 'userstr', 'created_at'])
        .where('app_id', '=', appId)
        .where('role', '=', 'tester')
        .orderBy('created_at')
        .execute();
    },

    userByEmailOrId(value: string) {
      return db
        .selectFrom('users')
        .select(['id', 'email'])
        .where((eb) => eb.or([eb('email', '=', value.toLowerCase()), eb('id', '=', value)]))
        .executeTakeFirst();
    },

    userById(id: string) {
      return db.selectFrom('users').select(['id', 'email']).where('id', '=', id).executeTakeFirst();
    },

    /** Serialises acceptances into one app, so the tester limit holds under concurrency. */
    async lockApp(appId: string): Promise<void> {
      await dialect
        .lockForUpdate(db.selectFrom('mini_programs').select('id').where('id', '=', appId))
        .execute();
    },

    /** Creates the invitation, or answers the pending one for the same invitee and role. */
    async createInvitation(row: InvitationRow): Promise<InvitationRow> {
      await db
        .insertInto('member_invitations')
        .values(row)
        .onConflict((oc) => oc.columns(['app_id', 'invitee', 'role']).doNothing())
        .execute();
      const stored = await db
        .selectFrom('member_invitations')
        .selectAll()
        .where('app_id', '=', row.app_id)
        .where('invitee', '=', row.invitee)
        .where('role', '=', row.role)
        .executeTakeFirst();
      return stored ?? row;
    },

    invitations(appId: string): Promise<InvitationRow[]> {
      return db
        .selectFrom('member_invitations')
        .selectAll()
        .where('app_id', '=', appId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
    },

    /** Invitations addressed to any of these (an account's email and id), with the app they are for. */
    invitationsFor(invitees: string[]) {
      return db
        .selectFrom('member_invitations')
        .innerJoin('mini_programs', 'mini_programs.id', 'member_invitations.app_id')
        .select([
          'member_invitations.id',
          'member_invitations.role',
          'member_invitations.created_at',
          'mini_programs.appid',
          'mini_programs.name',
        ])
        .where('member_invitations.invitee', 'in', invitees)
        .orderBy('member_invitations.created_at')
        .orderBy('member_invitations.id')
        .execute();
    },

    findInvitation(id: string): Promise<InvitationRow | undefined> {
      return db.selectFrom('member_invitations').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async deleteInvitation(id: string): Promise<boolean> {
      const result = await db.deleteFrom('member_invitations').where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
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
export type InvitationRow = Selectable<MiniProgramTables['member_invitations']>;
