import { randomBytes } from 'node:crypto';
import type { Db } from '../src/store/database.ts';

/**
 * Bulk fixtures for the delivery engine: an official account (with the developer and subject its
 * foreign keys need) and end users following it, written with multi-row INSERTs, not through
 * the services, so 100,000 or 1,000,000 followers take seconds.
 */
export async function officialAccount(db: Db, name = `oa${randomBytes(4).toString('hex')}`): Promise<string> {
  const at = Date.now();
  const userId = `u_${name}`;
  const subjectId = `s_${name}`;
  const accountId = `oa_${name}`;
  await db
    .insertInto('users')
    .values({
      id: userId,
      email: `${name}@example.com`,
      password_hash: 'x',
      role: 'developer',
      display_name: name,
      created_at: at,
    })
    .execute();
  await db
    .insertInto('subjects')
    .values({
      id: subjectId,
      user_id: userId,
      type: 'enterprise',
      name,
      id_number: `id-${name}`,
      status: 'verified',
      decided_by: 'builtin',
      reason: null,
      created_at: at,
      decided_at: at,
    })
    .execute();
  await db
    .insertInto('official_accounts')
    .values({
      id: accountId,
      appid: `wx${name}`,
      original_id: `gh_${name}`,
      owner_user_id: userId,
      subject_id: subjectId,
      name,
      type: 'service',
      intro: '',
      secret_hash: null,
      ip_allowlist: '[]',
      created_at: at,
      updated_at: at,
    })
    .execute();
  return accountId;
}

/** Random ids like the product's (`eu_` + base64url): mixed case, `-` and `_`, so text order is exercised. */
export const endUserId = () => `eu_${randomBytes(12).toString('base64url')}`;

/** `count` new end users, in chunks per statement. Returns their ids. */
export async function endUsers(db: Db, count: number, perStatement = 2500): Promise<string[]> {
  const ids: string[] = [];
  const at = Date.now();
  for (let done = 0; done < count; done += perStatement) {
    const part = Array.from({ length: Math.min(perStatement, count - done) }, endUserId);
    await db
      .insertInto('end_users')
      .values(
        part.map((id) => ({
          id,
          username: id,
          password_hash: 'x',
          nickname: 'n',
          sex: 0,
          language: 'zh_CN',
          country: '',
          province: '',
          city: '',
          headimgurl: '',
          created_at: at,
        })),
      )
      .execute();
    ids.push(...part);
  }
  return ids;
}

/** Makes the users follow the account. */
export async function follow(db: Db, accountId: string, userIds: readonly string[], perStatement = 5000) {
  const at = Date.now();
  for (let i = 0; i < userIds.length; i += perStatement) {
    await db
      .insertInto('followers')
      .values(
        userIds.slice(i, i + perStatement).map((user_id) => ({
          account_id: accountId,
          user_id,
          openid: `o${user_id}`,
          subscribed_at: at,
          subscribe_scene: 'ADD_SCENE_SEARCH',
          remark: '',
        })),
      )
      .execute();
  }
}

/** `count` new end users following the account, in one transaction. */
export async function followers(db: Db, accountId: string, count: number): Promise<string[]> {
  return db.transaction().execute(async (tx) => {
    const ids = await endUsers(tx, count);
    await follow(tx, accountId, ids);
    return ids;
  });
}

/** Every delivery of a message: rows, distinct users, and the users of `expected` with none. */
export async function deliveryCounts(db: Db, messageId: string, expected: readonly string[]) {
  const rows = await db
    .selectFrom('deliveries')
    .select('user_id')
    .where('message_id', '=', messageId)
    .execute();
  const got = new Set(rows.map((r) => r.user_id));
  return {
    rows: rows.length,
    distinct: got.size,
    missing: expected.filter((id) => !got.has(id)).length,
  };
}
