import type { Kysely } from 'kysely';

// Types chosen to mean the same on both dialects: text ids, bigint unix-ms times,
// integer 0/1 flags, JSON as text.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('subjects')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('id_number', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('reason', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('decided_at', 'bigint')
    .execute();
  await db.schema.createIndex('subjects_user').on('subjects').column('user_id').execute();
  await db.schema.createIndex('subjects_id_number').on('subjects').columns(['id_number', 'status']).execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('categories')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('parent_id', 'integer', (c) => c.references('categories.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('open_to_individual', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('needs_qualification', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('mini_programs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('appid', 'text', (c) => c.notNull().unique())
    .addColumn('original_id', 'text', (c) => c.notNull().unique())
    .addColumn('owner_user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('subject_id', 'text', (c) => c.notNull().references('subjects.id'))
    .addColumn('name', 'text', (c) => c.unique())
    .addColumn('intro', 'text')
    .addColumn('icon', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('secret_hash', 'text')
    .addColumn('ip_allowlist', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('request_domains', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('mini_programs_owner').on('mini_programs').column('owner_user_id').execute();
  await db.schema.createIndex('mini_programs_subject').on('mini_programs').column('subject_id').execute();

  await db.schema
    .createTable('mini_program_categories')
    .addColumn('app_id', 'text', (c) => c.notNull().references('mini_programs.id').onDelete('cascade'))
    .addColumn('first_id', 'integer', (c) => c.notNull())
    .addColumn('second_id', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('mini_program_categories_pk', ['app_id', 'first_id', 'second_id'])
    .execute();

  await db.schema
    .createTable('mini_program_members')
    .addColumn('app_id', 'text', (c) => c.notNull().references('mini_programs.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('mini_program_members_pk', ['app_id', 'user_id', 'role'])
    .execute();

  await db.schema
    .createTable('access_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('appid', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('replaced_at', 'bigint')
    .addColumn('sealed', 'text')
    .execute();
  await db.schema.createIndex('access_tokens_app').on('access_tokens').columns(['appid', 'kind']).execute();

  await db.schema
    .createTable('api_calls')
    .addColumn('appid', 'text', (c) => c.notNull())
    .addColumn('api', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('api_calls_pk', ['appid', 'api', 'day'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'api_calls',
    'access_tokens',
    'mini_program_members',
    'mini_program_categories',
    'mini_programs',
    'categories',
    'settings',
    'subjects',
    'sessions',
    'users',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
