import type { Fanout } from '../../delivery/fanout/fanout.feature.ts';
import { WharfError } from '../../errors/wharf-error.ts';
import type { Db } from '../../store/database.ts';
import type { StoreDialect } from '../../store/dialects/dialect.ts';
import { appendEvent } from '../events/events.store.ts';
import { seconds } from '../official-accounts/official-accounts.service.ts';
import type { OfficialAccountRow } from '../official-accounts/official-accounts.store.ts';
import { isOpenid } from '../official-accounts/openid.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import { newMsgId } from './msg-id.ts';
import { oaMessagesStore as store } from './oa-messages.store.ts';
import type { TagsService } from './tags.service.ts';

const DAY_MS = 24 * 3600 * 1000;
const MAX_CLIENT_MSG_ID_BYTES = 32;

const object = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** Where the quota's period began: today (subscription accounts) or this month (service accounts), UTC. */
export function periodStart(now: number, type: OfficialAccountRow['type']): number {
  const date = new Date(now);
  return type === 'service'
    ? Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1)
    : Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
}

/**
 * Broadcasts (`/cgi-bin/message/mass/sendall`, `mass/send`): one stored message and a fan-out,
 * within WeChat's quota (a subscription account 1 a day, a service account 4 a month), deduped
 * by `clientmsgid` for 24 hours; `MASSSENDJOBFINISH` reports the counts. Link notifications
 * never pass here, so they never touch the quota.
 */
export function broadcastService(deps: {
  db: Db;
  dialect: StoreDialect;
  delivery: Pick<Fanout, 'post' | 'onJobFinished'>;
  tags: TagsService;
  settings: SettingsService;
  mediaExists: (accountId: string, mediaId: string) => Promise<boolean>;
  clock: () => number;
}) {
  const { db, clock } = deps;

  async function content(account: OfficialAccountRow, body: Record<string, unknown>) {
    const msgtype = typeof body.msgtype === 'string' ? body.msgtype : '';
    const part = object(body[msgtype]);
    if (msgtype === 'text') {
      if (typeof part.content !== 'string' || part.content === '')
        throw new WharfError('oa_message_field', { field: 'text.content' });
      return { msgtype, content: part.content };
    }
    if (msgtype === 'image' || msgtype === 'voice') {
      const ids =
        msgtype === 'image' && Array.isArray(object(body.images).media_ids)
          ? (object(body.images).media_ids as unknown[])
          : [part.media_id];
      if (ids.length === 0) throw new WharfError('oa_invalid_media_id');
      for (const id of ids) {
        if (typeof id !== 'string' || !(await deps.mediaExists(account.id, id)))
          throw new WharfError('oa_invalid_media_id');
      }
      return { msgtype, mediaIds: ids as string[] };
    }
    throw new WharfError('oa_invalid_message_type');
  }

  async function quota(tx: Db, account: OfficialAccountRow, now: number): Promise<void> {
    const limit = await deps.settings.get(
      account.type === 'service' ? 'broadcast.servicePerMonth' : 'broadcast.subscriptionPerDay',
    );
    if ((await store.massSince(tx, account.id, periodStart(now, account.type))) >= limit) {
      throw new WharfError('oa_broadcast_quota', {
        limit,
        period: account.type === 'service' ? 'month' : 'day',
        periodZh: account.type === 'service' ? '月' : '天',
      });
    }
  }

  deps.delivery.onJobFinished(async (tx, job, counts) => {
    if (job.kind !== 'broadcast') return;
    const sent = await store.massByMessage(tx, job.messageId);
    if (!sent) return;
    const account = await tx
      .selectFrom('official_accounts')
      .selectAll()
      .where('id', '=', sent.account_id)
      .executeTakeFirst();
    if (!account) return;
    const asked = JSON.parse(sent.audience) as { total: number };
    await appendEvent(tx, {
      appid: account.appid,
      type: 'MASSSENDJOBFINISH',
      payload: {
        ToUserName: account.original_id,
        FromUserName: 'mphelper',
        CreateTime: seconds(job.finishedAt),
        MsgType: 'event',
        Event: 'MASSSENDJOBFINISH',
        MsgID: sent.msg_id,
        Status: 'send success',
        TotalCount: asked.total ?? counts.planned,
        FilterCount: counts.planned,
        SentCount: counts.delivered,
        ErrorCount: Math.max(0, counts.planned - counts.delivered),
      },
      at: job.finishedAt,
      openid: null,
    });
  });

  async function send(
    account: OfficialAccountRow,
    body: Record<string, unknown>,
    audience: { followersOf: string } | { tag: { accountId: string; tagId: number } } | { users: string[] },
    asked: Record<string, unknown>,
  ) {
    const clientMsgId = typeof body.clientmsgid === 'string' ? body.clientmsgid : undefined;
    if (clientMsgId !== undefined && Buffer.byteLength(clientMsgId, 'utf8') > MAX_CLIENT_MSG_ID_BYTES) {
      throw new WharfError('oa_client_msg_id_too_long');
    }
    const message = await content(account, body);
    const now = clock();
    const msgId = newMsgId(now);
    const posted = await db.transaction().execute(async (tx) => {
      // One broadcast at a time per account, so two racing calls cannot both fit the quota.
      await deps.dialect
        .lockForUpdate(tx.selectFrom('official_accounts').select('id').where('id', '=', account.id))
        .execute();
      if (clientMsgId !== undefined) {
        const earlier = await store.massByClientId(tx, account.id, clientMsgId, now - DAY_MS);
        if (earlier) throw new WharfError('oa_client_msg_id_repeated', { msg_id: earlier.msg_id });
      }
      await quota(tx, account, now);
      const result = await deps.delivery.post(
        { senderAccountId: account.id, kind: 'broadcast', body: message, audience },
        tx,
      );
      await store.insertMassSend(tx, {
        msg_id: msgId,
        account_id: account.id,
        message_id: result.messageId,
        job_id: result.jobId ?? null,
        client_msg_id: clientMsgId ?? null,
        audience: JSON.stringify(asked),
        created_at: now,
      });
      return result;
    });
    await posted.announce();
    return {
      errcode: 0,
      errmsg: 'send job submission success',
      msg_id: Number(msgId),
      msg_data_id: Number(msgId),
    };
  }

  return {
    async sendAll(account: OfficialAccountRow, body: Record<string, unknown>) {
      const filter = object(body.filter);
      const toAll = filter.is_to_all === true || filter.is_to_all === 'true' || filter.is_to_all === 1;
      if (toAll) return send(account, body, { followersOf: account.id }, { to: 'all', total: 0 });
      const tagId = typeof filter.tag_id === 'string' ? Number(filter.tag_id) : filter.tag_id;
      const tag = await deps.tags.tag(account.id, tagId).catch(() => {
        throw new WharfError('oa_broadcast_tag_invalid');
      });
      return send(
        account,
        body,
        { tag: { accountId: account.id, tagId: tag.id } },
        { to: 'tag', tagId: tag.id, total: 0 },
      );
    },

    /** To an openid list (2 to 10,000); openids that do not follow are filtered out, as WeChat does. */
    async sendToList(account: OfficialAccountRow, body: Record<string, unknown>) {
      const list = body.touser;
      if (!Array.isArray(list) || list.length < 2) throw new WharfError('oa_broadcast_too_few');
      if (list.length > 10_000) throw new WharfError('oa_openid_list_size', { limit: 10_000 });
      if (!list.every((o) => typeof o === 'string' && isOpenid(o))) throw new WharfError('oa_invalid_openid');
      const users: string[] = [];
      for (let i = 0; i < list.length; i += 500) {
        const rows = await db
          .selectFrom('followers')
          .select('user_id')
          .where('account_id', '=', account.id)
          .where('openid', 'in', list.slice(i, i + 500) as string[])
          .execute();
        users.push(...rows.map((row) => row.user_id));
      }
      return send(account, body, { users }, { to: 'list', total: list.length });
    },

    /** `/cgi-bin/message/mass/get`. */
    async status(account: OfficialAccountRow, msgId: unknown) {
      const id = typeof msgId === 'number' || typeof msgId === 'string' ? String(msgId) : '';
      const row = id ? await store.massByMsgId(db, account.id, id) : undefined;
      if (!row) throw new WharfError('oa_broadcast_not_found');
      const job = row.job_id
        ? await db.selectFrom('delivery_jobs').select('state').where('id', '=', row.job_id).executeTakeFirst()
        : undefined;
      return {
        msg_id: Number(row.msg_id),
        msg_status: !job || job.state === 'done' ? 'SEND_SUCCESS' : 'SENDING',
      };
    },
  };
}

export type BroadcastService = ReturnType<typeof broadcastService>;
