import type { Kysely } from 'kysely';

/**
 * Membership needs the invitee's consent: an owner's invitation (native, or `/wxa/bind_tester`)
 * waits here until the invitee accepts or declines; only then does a member row exist. The row
 * holds what the inviter typed (`invitee`: an email, lower-cased, or a user id), never a link to
 * an account, so nothing about the account shows before it consents. `userstr` is the opaque
 * tester id `/wxa/bind_tester` answered with, carried to the member row on acceptance so
 * `/wxa/memberauth` and `/wxa/unbind_tester` keep using the value the developer's server stored.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('member_invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('app_id', 'text', (c) => c.notNull().references('mini_programs.id').onDelete('cascade'))
    .addColumn('invitee', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('userstr', 'text', (c) => c.notNull())
    .addColumn('invited_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('member_invitations_once', ['app_id', 'invitee', 'role'])
    .execute();
  await db.schema
    .createIndex('member_invitations_invitee')
    .on('member_invitations')
    .column('invitee')
    .execute();
  await db.schema.alterTable('mini_program_members').addColumn('userstr', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('mini_program_members').dropColumn('userstr').execute();
  await db.schema.dropTable('member_invitations').execute();
}
