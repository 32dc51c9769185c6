import type { Kysely } from 'kysely';

/**
 * Official accounts and the people who follow them. End users are the client's accounts,
 * separate from developer accounts (`users`): a follower is never a developer by accident.
 * A follower's openid is derived from the account and the user (stable across unfollow and
 * follow again, as WeChat's), and stored so `/cgi-bin/user/*` and pushes look it up by index.
 * Unfollowing deletes the row: the fan-out reads `followers` by (account_id, user_id) keyset.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('official_accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('appid', 'text', (c) => c.notNull().unique())
    .addColumn('original_id', 'text', (c) => c.notNull().unique())
    .addColumn('owner_user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('subject_id', 'text', (c) => c.notNull().references('subjects.id'))
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('intro', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('secret_hash', 'text')
    .addColumn('ip_allowlist', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('official_accounts_owner')
    .on('official_accounts')
    .column('owner_user_id')
    .execute();
  await db.schema
    .createIndex('official_accounts_subject')
    .on('official_accounts')
    .column('subject_id')
    .execute();

  await db.schema
    .createTable('end_users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('nickname', 'text', (c) => c.notNull())
    .addColumn('sex', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('language', 'text', (c) => c.notNull().defaultTo('zh_CN'))
    .addColumn('country', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('province', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('city', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('headimgurl', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('end_user_sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('end_users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('end_user_sessions_user').on('end_user_sessions').column('user_id').execute();

  await db.schema
    .createTable('followers')
    .addColumn('account_id', 'text', (c) =>
      c.notNull().references('official_accounts.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'text', (c) => c.notNull().references('end_users.id').onDelete('cascade'))
    .addColumn('openid', 'text', (c) => c.notNull())
    .addColumn('subscribed_at', 'bigint', (c) => c.notNull())
    .addColumn('subscribe_scene', 'text', (c) => c.notNull().defaultTo('ADD_SCENE_SEARCH'))
    .addColumn('remark', 'text', (c) => c.notNull().defaultTo(''))
    .addPrimaryKeyConstraint('followers_pk', ['account_id', 'user_id'])
    .addUniqueConstraint('followers_openid', ['account_id', 'openid'])
    .execute();
  await db.schema.createIndex('followers_user').on('followers').column('user_id').execute();

  await db.schema
    .createTable('oa_tags')
    .addColumn('account_id', 'text', (c) =>
      c.notNull().references('official_accounts.id').onDelete('cascade'),
    )
    .addColumn('id', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('oa_tags_pk', ['account_id', 'id'])
    .addUniqueConstraint('oa_tags_name', ['account_id', 'name'])
    .execute();
  await db.schema
    .createTable('follower_tags')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('tag_id', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('follower_tags_pk', ['account_id', 'tag_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('follower_tags_user')
    .on('follower_tags')
    .columns(['account_id', 'user_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'follower_tags',
    'oa_tags',
    'followers',
    'end_user_sessions',
    'end_users',
    'official_accounts',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
