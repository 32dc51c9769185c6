import type { Kysely } from 'kysely';
import type { MpMessageTables } from '../../features/mp-messages/mp-messages.tables.ts';
import { LIBRARY_SEED } from '../../features/mp-messages/template-library.ts';

/**
 * End users of the client as testers of a mini program (`/wxa/bind_tester` naming a client
 * username), and the mini programs' subscription / template library as rows admins edit,
 * seeded with the titles that were fixed in code before.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('mp_end_user_testers')
    .addColumn('app_id', 'text', (c) => c.notNull().references('mini_programs.id').onDelete('cascade'))
    .addColumn('end_user_id', 'text', (c) => c.notNull().references('end_users.id').onDelete('cascade'))
    .addColumn('userstr', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('mp_end_user_testers_pk', ['app_id', 'end_user_id'])
    .execute();
  await db.schema
    .createIndex('mp_end_user_testers_user')
    .on('mp_end_user_testers')
    .column('end_user_id')
    .execute();
  await db.schema
    .createTable('mp_library_titles')
    .addColumn('tid', 'integer', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('type', 'integer', (c) => c.notNull())
    .addColumn('category_id', 'integer', (c) => c.notNull())
    .addColumn('keywords', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await (db as unknown as Kysely<Pick<MpMessageTables, 'mp_library_titles'>>)
    .insertInto('mp_library_titles')
    .values(
      LIBRARY_SEED.map((t) => ({
        tid: t.tid,
        title: t.title,
        type: t.type,
        category_id: t.categoryId,
        keywords: JSON.stringify(t.keywords),
        updated_at: 0,
      })),
    )
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('mp_library_titles').execute();
  await db.schema.dropTable('mp_end_user_testers').execute();
}
