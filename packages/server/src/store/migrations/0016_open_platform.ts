import type { Kysely } from 'kysely';

/**
 * Open-platform accounts and what is bound to them (mini programs, official accounts, mobile
 * apps), mobile apps and their credentials, mini program login codes, the mini program's users
 * (openid, session key) and platform-wide login blocks (jscode2session's 40226).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('open_accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('open_appid', 'text', (c) => c.notNull().unique())
    .addColumn('subject_id', 'text', (c) => c.notNull().references('subjects.id'))
    .addColumn('owner_user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('creator_appid', 'text')
    .addColumn('verified', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('open_accounts_owner').on('open_accounts').column('owner_user_id').execute();
  await db.schema
    .createTable('open_bindings')
    .addColumn('appid', 'text', (c) => c.primaryKey())
    .addColumn('open_account_id', 'text', (c) =>
      c.notNull().references('open_accounts.id').onDelete('cascade'),
    )
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('bound_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('open_bindings_account')
    .on('open_bindings')
    .columns(['open_account_id', 'kind'])
    .execute();
  await db.schema
    .createTable('mobile_apps')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('appid', 'text', (c) => c.notNull().unique())
    .addColumn('open_account_id', 'text', (c) => c.notNull().references('open_accounts.id'))
    .addColumn('subject_id', 'text', (c) => c.notNull().references('subjects.id'))
    .addColumn('owner_user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('bundle_id', 'text', (c) => c.notNull())
    .addColumn('signature', 'text')
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('mobile_apps_owner').on('mobile_apps').column('owner_user_id').execute();
  await db.schema
    .createTable('mp_users')
    .addColumn('appid', 'text', (c) => c.notNull())
    .addColumn('end_user_id', 'text', (c) => c.notNull().references('end_users.id').onDelete('cascade'))
    .addColumn('openid', 'text', (c) => c.notNull())
    .addColumn('unionid', 'text')
    .addColumn('session_key', 'text', (c) => c.notNull())
    .addColumn('session_at', 'bigint', (c) => c.notNull())
    .addColumn('first_seen_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('mp_users_pk', ['appid', 'end_user_id'])
    .execute();
  await db.schema
    .createIndex('mp_users_openid')
    .on('mp_users')
    .columns(['appid', 'openid'])
    .unique()
    .execute();
  await db.schema
    .createTable('mp_login_codes')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('appid', 'text', (c) => c.notNull())
    .addColumn('end_user_id', 'text', (c) => c.notNull().references('end_users.id').onDelete('cascade'))
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
  await db.schema.createIndex('mp_login_codes_expiry').on('mp_login_codes').column('expires_at').execute();
  await db.schema
    .createTable('login_blocks')
    .addColumn('end_user_id', 'text', (c) => c.primaryKey().references('end_users.id').onDelete('cascade'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('blocked_by', 'text', (c) => c.notNull())
    .addColumn('blocked_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'login_blocks',
    'mp_login_codes',
    'mp_users',
    'mobile_apps',
    'open_bindings',
    'open_accounts',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
