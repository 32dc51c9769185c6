import { WharfError } from '../../errors/wharf-error.ts';
import type { Db } from '../../store/database.ts';
import { type BroadcastService, periodStart } from '../oa-messages/broadcast.service.ts';
import type { ConversationsService } from '../oa-messages/conversations.service.ts';
import type { CustomService } from '../oa-messages/custom.service.ts';
import { oaMessagesStore } from '../oa-messages/oa-messages.store.ts';
import type { TagsService } from '../oa-messages/tags.service.ts';
import type { OfficialAccountsService } from '../official-accounts/official-accounts.service.ts';
import type { OfficialAccountRow } from '../official-accounts/official-accounts.store.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import { oaConsoleStore } from './oa-console.store.ts';

const HISTORY = 50;

/** Refusals of a customer-service message that the console shows at the message box. */
const AT_CONTENT = new Set(['oa_outside_window', 'oa_window_used_up', 'oa_message_field']);

/** Refusals of an uploaded image that belong to the image field (a store outage does not). */
const AT_IMAGE = new Set(['oa_invalid_media_file', 'oa_media_too_large']);

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
  custom: CustomService;
  conversations: ConversationsService;
  settings: SettingsService;
  clock: () => number;
}) {
  const { accounts, tags, broadcast, settings, clock } = deps;

  /** The follower of an administered account, or 404: the openid names nobody here. */
  async function followerOf(userId: string, id: string, openid: string) {
    const account = await accounts.administered(userId, id);
    const follower = await accounts.followerByOpenid(account.id, openid);
    if (!follower) throw new WharfError('not_found', { what: 'follower' });
    return { account, follower };
  }

  /** The customer-service window now open for the follower, if any, with what is left of it. */
  async function windowOf(accountId: string, followerId: string) {
    const window = await oaMessagesStore.window(deps.db, accountId, followerId);
    const now = clock();
    if (!window || Number(window.expires_at) <= now) return null;
    return {
      kind: window.kind,
      expiresAt: Number(window.expires_at),
      remaining: Math.max(0, Number(window.allowed) - Number(window.used)),
    };
  }
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

    /** One follower as `user/info` gives them, with the customer-service window open now. */
    async follower(userId: string, id: string, openid: string) {
      const { account, follower } = await followerOf(userId, id, openid);
      const [info] = await accounts.userInfo(account.id, [openid], '');
      const user = info as Record<string, unknown>;
      return {
        openid,
        nickname: String(user.nickname ?? ''),
        remark: follower.remark,
        sex: Number(user.sex ?? 0),
        language: String(user.language ?? ''),
        country: String(user.country ?? ''),
        province: String(user.province ?? ''),
        city: String(user.city ?? ''),
        headimgurl: String(user.headimgurl ?? ''),
        subscribedAt: Number(follower.subscribed_at),
        subscribeScene: follower.subscribe_scene,
        tagIds: (user.tagid_list as number[] | undefined) ?? [],
        ...(typeof user.unionid === 'string' ? { unionid: user.unionid } : {}),
        window: await windowOf(account.id, follower.user_id),
      };
    },

    /** `user/info/updateremark` for the console (the same rule: shorter than 30 characters). */
    async setRemark(userId: string, id: string, openid: string, remark: string) {
      const { account } = await followerOf(userId, id, openid);
      await accounts.setRemark(account.id, openid, remark);
    },

    /** Both sides of the follower's conversation, newest first, and the window open now. */
    async conversation(userId: string, id: string, openid: string, options: { before?: number }) {
      const { account, follower } = await followerOf(userId, id, openid);
      const entries = await deps.conversations.conversation(follower.user_id, account.appid, {
        ...options,
        limit: HISTORY,
      });
      return { window: await windowOf(account.id, follower.user_id), entries };
    },

    /** A text customer-service message (`message/custom/send`): within the window, or its 45015 / 45047. */
    async sendMessage(userId: string, id: string, openid: string, content: string) {
      const { account } = await followerOf(userId, id, openid);
      try {
        await deps.custom.send(account.id, { touser: openid, msgtype: 'text', text: { content } });
      } catch (error) {
        if (error instanceof WharfError && AT_CONTENT.has(error.code))
          throw new WharfError(error.code, error.params, 'content');
        throw error;
      }
    },

    /** An image for a broadcast, stored as the account's temporary medium (`media/upload`, 3 days). */
    async uploadImage(userId: string, id: string, bytes: Uint8Array) {
      const account = await accounts.administered(userId, id);
      try {
        const uploaded = await deps.custom.upload(account.id, 'image', bytes);
        return { mediaId: uploaded.media_id, createdAt: uploaded.created_at * 1000 };
      } catch (error) {
        if (error instanceof WharfError && AT_IMAGE.has(error.code))
          throw new WharfError(error.code, error.params, 'image');
        throw error;
      }
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
          const body = JSON.parse(row.body) as { msgtype?: string; content?: string; mediaIds?: string[] };
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
            mediaIds: body.mediaIds ?? [],
            // A broadcast without a job was written at once.
            status: row.state && row.state !== 'done' ? ('sending' as const) : ('done' as const),
            planned: row.planned === null || row.planned === undefined ? null : Number(row.planned),
            delivered: Number(row.delivered ?? 0),
          };
        }),
      };
    },

    /**
     * A text or image broadcast to every follower or to a tag, as `mass/sendall` (the quota and
     * its 45028); an image is a medium uploaded first (`uploadImage`).
     */
    async send(
      userId: string,
      id: string,
      input: { msgtype?: 'text' | 'image'; content?: string; mediaId?: string; tagId?: number },
    ) {
      const account = await accounts.administered(userId, id);
      const filter =
        input.tagId === undefined ? { is_to_all: true } : { is_to_all: false, tag_id: input.tagId };
      const message =
        input.msgtype === 'image'
          ? { msgtype: 'image', images: { media_ids: input.mediaId ? [input.mediaId] : [] } }
          : { msgtype: 'text', text: { content: input.content ?? '' } };
      try {
        const sent = await broadcast.sendAll(account, { filter, ...message });
        return { msgId: String(sent.msg_id) };
      } catch (error) {
        if (error instanceof WharfError && error.code === 'oa_invalid_media_id')
          throw new WharfError(error.code, error.params, 'mediaId');
        if (error instanceof WharfError && error.code === 'oa_message_field')
          throw new WharfError(error.code, error.params, 'content');
        throw error;
      }
    },
  };
}

export type OaConsoleService = ReturnType<typeof oaConsoleService>;
