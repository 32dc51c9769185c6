import { type Kysely, sql } from 'kysely';

/**
 * A mini program's other server domains, kept apart as WeChat's `/wxa/modify_domain` keeps them:
 * socket (`wsrequestdomain`), uploadFile and downloadFile domains, JSON arrays as
 * `request_domains` is. Until now uploads and downloads went to the request domains, so the
 * existing apps keep theirs there.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const column of ['socket_domains', 'upload_domains', 'download_domains'])
    await db.schema
      .alterTable('mini_programs')
      .addColumn(column, 'text', (c) => c.notNull().defaultTo('[]'))
      .execute();
  await sql`update mini_programs set upload_domains = request_domains, download_domains = request_domains`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const column of ['socket_domains', 'upload_domains', 'download_domains'])
    await db.schema.alterTable('mini_programs').dropColumn(column).execute();
}
