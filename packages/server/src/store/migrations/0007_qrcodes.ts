import type { Kysely } from 'kysely';

// Mini program codes, their rendered images, ordinary-link QR rules and the rules' version row.
// Same type rules as 0001: text ids, bigint unix-ms, integer flags, JSON as text.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('qr_codes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('app_id', 'text', (c) => c.notNull().references('mini_programs.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('env_version', 'text', (c) => c.notNull())
    .addColumn('page', 'text', (c) => c.notNull())
    .addColumn('query', 'text', (c) => c.notNull())
    .addColumn('scene', 'text', (c) => c.notNull())
    .addColumn('counted', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('qr_codes_app_counted').on('qr_codes').columns(['app_id', 'counted']).execute();

  await db.schema
    .createTable('qr_code_images')
    .addColumn('render_key', 'text', (c) => c.primaryKey())
    .addColumn('code_id', 'text', (c) => c.notNull().references('qr_codes.id').onDelete('cascade'))
    .addColumn('blob_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('qr_jump_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('app_id', 'text', (c) => c.notNull().references('mini_programs.id').onDelete('cascade'))
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('rest', 'text', (c) => c.notNull())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('permit_sub_rule', 'integer', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('open_version', 'integer', (c) => c.notNull())
    .addColumn('debug_urls', 'text', (c) => c.notNull())
    .addColumn('state', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('qr_jump_rules_prefix', ['site', 'rest'])
    .execute();
  await db.schema.createIndex('qr_jump_rules_app').on('qr_jump_rules').column('app_id').execute();

  await db.schema
    .createTable('qr_jump_apps')
    .addColumn('app_id', 'text', (c) => c.primaryKey().references('mini_programs.id').onDelete('cascade'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_content', 'text', (c) => c.notNull())
    .addColumn('publish_month', 'text', (c) => c.notNull())
    .addColumn('publishes', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('qr_rules_version')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .execute();
  await db
    .insertInto('qr_rules_version' as never)
    .values({ id: 1, version: 0 } as never)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('qr_rules_version').execute();
  await db.schema.dropTable('qr_jump_apps').execute();
  await db.schema.dropTable('qr_jump_rules').execute();
  await db.schema.dropTable('qr_code_images').execute();
  await db.schema.dropTable('qr_codes').execute();
}
