import { WharfError } from '../../errors/wharf-error.ts';
import type { Db } from '../../store/database.ts';
import { type BroadcastService, periodStart } from '../oa-messages/broadcast.service.ts';
import { oaMessagesStore } from '../oa-messages/oa-messages.store.ts';
import type { TagsService } from '../oa-messages/tags.service.ts';
import type { OfficialAccountsService } from '../official-accounts/official-accounts.service.ts';
import type { OfficialAccountRow } from '../official-accounts/official-accounts.store.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import { oaConsoleStore } from './oa-console.store.ts';

const HISTORY = 50;

/** Tag-name refusals belong to the form's name field. */
async function atName<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof WharfError && error.code.startsWith('oa_tag_name'))
      throw new WharfError(error.code, error.params, 'name');
    throw error;
  }
}

/**
 * The console's face of an account's followers, tags and broadcasts: the account's admin only,
 * and every write through the services the WeChat face uses (the same rules and errcodes).
 */
export function oaConsoleService(deps: {
  db: Db;
  accounts: OfficialAccountsService;
  tags: TagsService;
  broadcast: BroadcastService;
  settings: SettingsService;
  clock: () => number;
}) {
  const { accounts, tags, broadcast, settings, clock } = deps;
  const store = oaConsoleStore(deps.db);

  async function quota(account: OfficialAccountRow) {
    const service = account.type === 'service';
    const limit = await settings.get(service ? 'broadcast.servicePerMonth' : 'broadcast.subscriptionPerDay');
    const used = await oaMessagesStore.massSince(deps.db, account.id, periodStart(clock(), account.type));
    return { limit, used, remaining: Math.max(0, limit - used), period: service ? 'month' : 'day' } as const;
  }

  return {
    async followers(userId: string, id: string, query: { search?: string; page: number; size: number }) {
      const account = await accounts.administered(userId, id);
      const search = query.search?.trim();
      const found = await store.followers(account.id, {
        ...(search ? { search } : {}),
        offset: (query.page - 1) * query.size,
        limit: query.size,
      });
      return {
        total: found.total,
        page: query.page,
        size: query.size,
        items: found.rows.map((row) => ({
          openid: row.openid,
          nickname: row.nickname,
          remark: row.remark,
          subscribedAt: Number(row.subscribed_at),
          tagIds: row.tagIds,
        })),
      };
    },

    async tags(userId: string, id: string) {
      const account = await accounts.administered(userId, id);
      return (await tags.list(account.id)).tags;
    },
    async createTag(userId: string, id: string, name: string) {
      const account = await accounts.administered(userId, id);
      return (await atName(() => tags.create(account.id, name))).tag;
    },
    async renameTag(userId: string, id: string, tagId: number, name: string) {
      const account = await accounts.administered(userId, id);
      await atName(() => tags.rename(account.id, tagId, name));
    },
    async removeTag(userId: string, id: string, tagId: number) {
      const account = await accounts.administered(userId, id);
      await tags.remove(account.id, tagId);
    },
    async setTagged(userId: string, id: string, tagId: number, openids: string[], tagged: boolean) {
      const account = await accounts.administered(userId, id);
      if (tagged) await tags.tagUsers(account.id, tagId, openids);
      else await tags.untagUsers(account.id, tagId, openids);
    },

    async broadcasts(userId: string, id: string) {
      const account = await accounts.administered(userId, id);
      const rows = await store.broadcasts(account.id, HISTORY);
      return {
        quota: await quota(account),
        items: rows.map((row) => {
          const asked = JSON.parse(row.audience) as { to?: string; tagId?: number };
          const body = JSON.parse(row.body) as { msgtype?: string; content?: string };
          return {
            msgId: String(row.msg_id),
            createdAt: Number(row.created_at),
            to:
              asked.to === 'tag'
                ? ('tag' as const)
                : asked.to === 'list'
                  ? ('list' as const)
                  : ('all' as const),
            tagId: asked.tagId ?? null,
            msgtype: body.msgtype ?? '',
            text: body.content ?? '',
            // A broadcast without a job was written at once.
            status: row.state && row.state !== 'done' ? ('sending' as const) : ('done' as const),
            planned: row.planned === null || row.planned === undefined ? null : Number(row.planned),
            delivered: Number(row.delivered ?? 0),
          };
        }),
      };
    },

    /** A text broadcast to every follower or to a tag, as `mass/sendall` (the quota and its 45028). */
    async sendText(userId: string, id: string, input: { content: string; tagId?: number }) {
      const account = await accounts.administered(userId, id);
      const filter =
        input.tagId === undefined ? { is_to_all: true } : { is_to_all: false, tag_id: input.tagId };
      const sent = await broadcast.sendAll(account, {
        filter,
        msgtype: 'text',
        text: { content: input.content },
      });
      return { msgId: String(sent.msg_id) };
    },
  };
}

export type OaConsoleService = ReturnType<typeof oaConsoleService>;
