import { WharfError } from '../../errors/wharf-error.ts';
import type { Db } from '../../store/database.ts';
import { isOpenid } from '../official-accounts/openid.ts';

/** WeChat's tag rules: ids from 100, at most 100 tags, 20 per user, names ≤ 30 bytes. */
const FIRST_TAG_ID = 100;
const MAX_TAGS = 100;
const MAX_TAGS_PER_USER = 20;
const MAX_NAME_BYTES = 30;
const MAX_BATCH = 50;

/** An account's tags of followers (`/cgi-bin/tags/*`), as broadcast and conditional menus need them. */
export function tagsService(deps: { db: Db }) {
  const { db } = deps;

  function checkName(name: unknown): string {
    if (typeof name !== 'string' || name.trim() === '') throw new WharfError('oa_tag_name_invalid');
    if (Buffer.byteLength(name, 'utf8') > MAX_NAME_BYTES) throw new WharfError('oa_tag_name_too_long');
    return name.trim();
  }

  async function tag(tx: Db, accountId: string, id: unknown) {
    const row =
      typeof id === 'number' && Number.isInteger(id)
        ? await tx
            .selectFrom('oa_tags')
            .selectAll()
            .where('account_id', '=', accountId)
            .where('id', '=', id)
            .executeTakeFirst()
        : undefined;
    if (!row) throw new WharfError('oa_tag_invalid');
    return row;
  }

  async function userIds(tx: Db, accountId: string, openids: unknown): Promise<string[]> {
    if (!Array.isArray(openids) || openids.length === 0 || openids.length > MAX_BATCH) {
      throw new WharfError('oa_openid_list_size', { limit: MAX_BATCH });
    }
    if (!openids.every((o) => typeof o === 'string' && isOpenid(o)))
      throw new WharfError('oa_invalid_openid');
    const rows = await tx
      .selectFrom('followers')
      .select(['openid', 'user_id'])
      .where('account_id', '=', accountId)
      .where('openid', 'in', openids as string[])
      .execute();
    if (rows.length !== new Set(openids).size) throw new WharfError('oa_invalid_openid');
    return rows.map((row) => row.user_id);
  }

  return {
    tag: (accountId: string, id: unknown) => tag(db, accountId, id),

    async create(accountId: string, rawName: unknown) {
      const name = checkName(rawName);
      return db.transaction().execute(async (tx) => {
        const tags = await tx
          .selectFrom('oa_tags')
          .select(['id', 'name'])
          .where('account_id', '=', accountId)
          .execute();
        if (tags.some((t) => t.name === name)) throw new WharfError('oa_tag_name_taken');
        if (tags.length >= MAX_TAGS) throw new WharfError('oa_tag_count');
        const id = Math.max(FIRST_TAG_ID - 1, ...tags.map((t) => t.id)) + 1;
        await tx.insertInto('oa_tags').values({ account_id: accountId, id, name }).execute();
        return { tag: { id, name } };
      });
    },

    async list(accountId: string) {
      const rows = await db
        .selectFrom('oa_tags')
        .leftJoin('follower_tags', (join) =>
          join
            .onRef('follower_tags.account_id', '=', 'oa_tags.account_id')
            .onRef('follower_tags.tag_id', '=', 'oa_tags.id'),
        )
        .select([
          'oa_tags.id',
          'oa_tags.name',
          (eb) => eb.fn.count<number>('follower_tags.user_id').as('count'),
        ])
        .where('oa_tags.account_id', '=', accountId)
        .groupBy(['oa_tags.id', 'oa_tags.name'])
        .orderBy('oa_tags.id')
        .execute();
      return { tags: rows.map((row) => ({ id: row.id, name: row.name, count: Number(row.count) })) };
    },

    async rename(accountId: string, id: unknown, rawName: unknown) {
      const name = checkName(rawName);
      await db.transaction().execute(async (tx) => {
        const row = await tag(tx, accountId, id);
        const clash = await tx
          .selectFrom('oa_tags')
          .select('id')
          .where('account_id', '=', accountId)
          .where('name', '=', name)
          .executeTakeFirst();
        if (clash && clash.id !== row.id) throw new WharfError('oa_tag_name_taken');
        await tx
          .updateTable('oa_tags')
          .set({ name })
          .where('account_id', '=', accountId)
          .where('id', '=', row.id)
          .execute();
      });
    },

    async remove(accountId: string, id: unknown) {
      await db.transaction().execute(async (tx) => {
        const row = await tag(tx, accountId, id);
        await tx
          .deleteFrom('follower_tags')
          .where('account_id', '=', accountId)
          .where('tag_id', '=', row.id)
          .execute();
        await tx.deleteFrom('oa_tags').where('account_id', '=', accountId).where('id', '=', row.id).execute();
      });
    },

    async tagUsers(accountId: string, id: unknown, openids: unknown) {
      await db.transaction().execute(async (tx) => {
        const row = await tag(tx, accountId, id);
        const users = await userIds(tx, accountId, openids);
        const counts = await tx
          .selectFrom('follower_tags')
          .select(['user_id', (eb) => eb.fn.countAll<number>().as('n')])
          .where('account_id', '=', accountId)
          .where('user_id', 'in', users)
          .where('tag_id', '!=', row.id)
          .groupBy('user_id')
          .execute();
        if (counts.some((c) => Number(c.n) >= MAX_TAGS_PER_USER)) throw new WharfError('oa_user_tag_count');
        await tx
          .insertInto('follower_tags')
          .values(users.map((user_id) => ({ account_id: accountId, tag_id: row.id, user_id })))
          .onConflict((oc) => oc.columns(['account_id', 'tag_id', 'user_id']).doNothing())
          .execute();
      });
    },

    async untagUsers(accountId: string, id: unknown, openids: unknown) {
      await db.transaction().execute(async (tx) => {
        const row = await tag(tx, accountId, id);
        const users = await userIds(tx, accountId, openids);
        await tx
          .deleteFrom('follower_tags')
          .where('account_id', '=', accountId)
          .where('tag_id', '=', row.id)
          .where('user_id', 'in', users)
          .execute();
      });
    },

    async tagsOf(accountId: string, openid: unknown) {
      if (typeof openid !== 'string' || !isOpenid(openid)) throw new WharfError('oa_invalid_openid');
      const rows = await db
        .selectFrom('follower_tags')
        .innerJoin('followers', (join) =>
          join
            .onRef('followers.account_id', '=', 'follower_tags.account_id')
            .onRef('followers.user_id', '=', 'follower_tags.user_id'),
        )
        .select('follower_tags.tag_id')
        .where('follower_tags.account_id', '=', accountId)
        .where('followers.openid', '=', openid)
        .orderBy('follower_tags.tag_id')
        .execute();
      return { tagid_list: rows.map((row) => row.tag_id) };
    },

    /** `/cgi-bin/user/tag/get`: a tag's followers, 10,000 a page, in openid order. */
    async members(accountId: string, id: unknown, next: string) {
      const row = await tag(db, accountId, id);
      const rows = await db
        .selectFrom('follower_tags')
        .innerJoin('followers', (join) =>
          join
            .onRef('followers.account_id', '=', 'follower_tags.account_id')
            .onRef('followers.user_id', '=', 'follower_tags.user_id'),
        )
        .select('followers.openid')
        .where('follower_tags.account_id', '=', accountId)
        .where('follower_tags.tag_id', '=', row.id)
        .where('followers.openid', '>', next)
        .orderBy('followers.openid')
        .limit(10_000)
        .execute();
      const openids = rows.map((r) => r.openid);
      return { count: openids.length, data: { openid: openids }, next_openid: openids.at(-1) ?? '' };
    },
  };
}

export type TagsService = ReturnType<typeof tagsService>;
