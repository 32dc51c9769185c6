import type { Fanout } from '../../delivery/fanout/fanout.feature.ts';
import type { PushService } from '../../delivery/push/push.service.ts';
import type { PassiveReply } from '../../delivery/push/reply.ts';
import { WharfError } from '../../errors/wharf-error.ts';
import { sortableId } from '../../security/secrets.ts';
import type { Db } from '../../store/database.ts';
import { type OfficialAccountsService, seconds } from '../official-accounts/official-accounts.service.ts';
import type { OfficialAccountRow } from '../official-accounts/official-accounts.store.ts';
import { newMsgId } from './msg-id.ts';
import { oaMessagesStore as store } from './oa-messages.store.ts';
import type { UserMessageType, WindowKind } from './oa-messages.tables.ts';

/** WeChat's customer-service windows. */
export const WINDOWS: Record<WindowKind, { ms: number; allowed: number }> = {
  message: { ms: 48 * 3600 * 1000, allowed: 5 },
  event: { ms: 60 * 1000, allowed: 3 },
};

export type UserMessageInput =
  | { type: 'text'; content: string }
  | { type: 'image'; mediaId: string; picUrl: string }
  | { type: 'location'; latitude: number; longitude: number; scale: number; label: string };

export interface ConversationEntry {
  id: string;
  from: 'user' | 'account';
  kind: string;
  body: Record<string, unknown>;
  at: number;
}

export interface ConversationsDeps {
  db: Db;
  /** Stores a follower's image as the account's temporary medium; answers its media_id. */
  storeImage: (accountId: string, bytes: Uint8Array) => Promise<string>;
  accounts: OfficialAccountsService;
  push: Pick<PushService, 'enqueue' | 'kick'>;
  delivery: Pick<Fanout, 'post'>;
  clock: () => number;
}

/**
 * An end user's conversation with an official account: what the user sends is pushed to the
 * account's server as WeChat's XML and opens the customer-service window; the server's passive
 * replies, and whatever the account sends the user, come back through the delivery engine.
 */
export function conversationsService(deps: ConversationsDeps) {
  const { db, accounts, clock } = deps;

  async function following(userId: string, appid: string) {
    const account = await accounts.byAppid(appid);
    const follower = await accounts.follower(account.id, userId);
    if (!follower) throw new WharfError('oa_not_following');
    return { account, follower };
  }

  /** Opens (or renews) a window unless a longer one is open already. */
  async function openWindow(tx: Db, accountId: string, userId: string, kind: WindowKind): Promise<void> {
    const now = clock();
    const spec = WINDOWS[kind];
    const current = await store.window(tx, accountId, userId);
    if (current && current.kind === 'message' && kind === 'event' && current.expires_at > now) return;
    await store.setWindow(tx, {
      account_id: accountId,
      user_id: userId,
      kind,
      expires_at: now + spec.ms,
      allowed: spec.allowed,
    });
  }

  function pushFields(
    account: OfficialAccountRow,
    openid: string,
    msgId: string,
    input: UserMessageInput,
    now: number,
  ) {
    const head = {
      ToUserName: account.original_id,
      FromUserName: openid,
      CreateTime: seconds(now),
      MsgType: input.type,
    };
    if (input.type === 'text') return { ...head, Content: input.content, MsgId: msgId };
    if (input.type === 'image')
      return { ...head, PicUrl: input.picUrl, MediaId: input.mediaId, MsgId: msgId };
    return {
      ...head,
      Location_X: input.latitude,
      Location_Y: input.longitude,
      Scale: input.scale,
      Label: input.label,
      MsgId: msgId,
    };
  }

  return {
    openWindow,

    /** A follower's message to the account: stored, pushed to its server, window opened. */
    async send(
      userId: string,
      appid: string,
      message: UserMessageInput | { type: 'image'; bytes: Uint8Array },
      origin = '',
    ): Promise<{ msgId: string; at: number }> {
      const { account, follower } = await following(userId, appid);
      let input: UserMessageInput;
      if ('bytes' in message) {
        // Stored as the account's temporary medium: its server fetches PicUrl or calls media/get.
        const mediaId = await deps.storeImage(account.id, message.bytes);
        input = { type: 'image', mediaId, picUrl: `${origin}/api/v1/media/${mediaId}` };
      } else input = message;
      const now = clock();
      const msgId = newMsgId(now);
      const type: UserMessageType = input.type;
      await db.transaction().execute(async (tx) => {
        await store.insertUserMessage(tx, {
          id: sortableId('um'),
          account_id: account.id,
          user_id: userId,
          msg_id: msgId,
          type,
          body: JSON.stringify(input),
          created_at: now,
        });
        await openWindow(tx, account.id, userId, 'message');
        await deps.push.enqueue(tx, account.appid, pushFields(account, follower.openid, msgId, input, now));
      });
      deps.push.kick();
      return { msgId, at: now };
    },

    /** Both sides of the conversation, newest first (before `before`, `limit` entries). */
    async conversation(userId: string, appid: string, options: { before?: number; limit?: number } = {}) {
      const account = await accounts.byAppid(appid);
      const before = options.before ?? Number.MAX_SAFE_INTEGER;
      const limit = Math.min(options.limit ?? 50, 100);
      const [mine, theirs] = await Promise.all([
        store.userMessages(db, account.id, userId, before, limit),
        store.accountMessages(db, account.id, userId, before, limit),
      ]);
      const entries: ConversationEntry[] = [
        ...mine.map((row) => ({
          id: row.id,
          from: 'user' as const,
          kind: row.type,
          body: JSON.parse(row.body) as Record<string, unknown>,
          at: Number(row.created_at),
        })),
        ...theirs.map((row) => ({
          id: row.id,
          from: 'account' as const,
          kind: row.kind,
          body: JSON.parse(row.body) as Record<string, unknown>,
          at: Number(row.created_at),
        })),
      ];
      return entries.sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1)).slice(0, limit);
    },

    /** A passive reply from the account's server: into the user's conversation. */
    async deliverReply(event: { appid: string; toOpenid: string }, reply: PassiveReply): Promise<void> {
      const account = await accounts.byAppid(event.appid).catch(() => undefined);
      // Mini program servers' replies have no conversation here.
      if (!account) return;
      const follower = await accounts.followerByOpenid(account.id, event.toOpenid);
      if (!follower) return;
      const { toUserName: _to, fromUserName: _from, createTime: _time, ...content } = reply;
      await deps.delivery.post({
        senderAccountId: account.id,
        kind: 'reply',
        body: content,
        audience: { users: [follower.user_id] },
      });
    },
  };
}

export type ConversationsService = ReturnType<typeof conversationsService>;
