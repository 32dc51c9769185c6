import type { Kysely } from 'kysely';

/**
 * A mini program's business domains (业务域名, WeChat's `/wxa/setwebviewdomain`): the sites its
 * `<web-view>` may show. A JSON array of `https://host` entries, as `request_domains` is.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('mini_programs')
    .addColumn('webview_domains', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('mini_programs').dropColumn('webview_domains').execute();
}
