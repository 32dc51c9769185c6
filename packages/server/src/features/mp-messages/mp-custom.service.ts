import type { BlobStore } from '../../blobs/blob-store.ts';
import type { Fanout } from '../../delivery/fanout/fanout.feature.ts';
import type { PushService } from '../../delivery/push/push.service.ts';
import { WharfError } from '../../errors/wharf-error.ts';
import { randomToken, sortableId } from '../../security/secrets.ts';
import type { Db } from '../../store/database.ts';
import { MEDIA_LIFETIME_MS, MEDIA_RULES, sniff } from '../oa-messages/custom.service.ts';
import { newMsgId } from '../oa-messages/msg-id.ts';
import { seconds } from '../official-accounts/official-accounts.service.ts';
import { isOpenid, openidFor } from '../official-accounts/openid.ts';
import { mpMessagesStore as store } from './mp-messages.store.ts';
import type { MpWindowKind } from './mp-messages.tables.ts';
import type { MiniProgramRef } from './mp-notifications.service.ts';
import { type EnvVersion, pagePath } from './version-pages.ts';

/** A mini program's customer-service windows (WeChat's): 5 messages in the 48 h after a user's message, 2 in the minute after entering. */
export const MP_WINDOWS: Record<MpWindowKind, { ms: number; allowed: number }> = {
  message: { ms: 48 * 3600 * 1000, allowed: 5 },
  event: { ms: 60 * 1000, allowed: 2 },
};
/** Launch scene of a card the mini program's customer service sent. */
export const CUSTOMER_SERVICE_CARD_SCENE = 1073;

export interface MiniProgramOrigin extends MiniProgramRef {
  original_id: string;
}

export interface CsEntry {
  id: string;
  from: 'user' | 'developer';
  kind: string;
  body: Record<string, unknown>;
  at: number;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const object = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
const field = (name: string) => new WharfError('oa_message_field', { field: name });

/**
 * Customer service of a mini program: the user enters the conversation (`<button
 * open-type="contact">`) and writes; both are pushed to the developer's server as WeChat's XML;
 * the developer answers with `/cgi-bin/message/custom/send` inside the windows the user opened.
 */
export function mpCustomService(deps: {
  db: Db;
  openidKey: string;
  push: Pick<PushService, 'enqueue' | 'kick'>;
  delivery: Pick<Fanout, 'post'>;
  blobs: BlobStore;
  pagesOf: (appid: string, target: EnvVersion) => Promise<string[] | undefined>;
  clock: () => number;
}) {
  const { db, clock } = deps;
  const openid = (app: MiniProgramRef, userId: string) => openidFor(deps.openidKey, app.appid, userId);

  /** Opens (or renews) a window, unless the 48-hour one is open and this is the shorter. */
  async function openWindow(tx: Db, app: MiniProgramRef, userId: string, kind: MpWindowKind) {
    const now = clock();
    const current = await store.window(tx, app.id, userId);
    if (current && current.kind === 'message' && kind === 'event' && current.expires_at > now) return;
    await store.setWindow(tx, {
      app_id: app.id,
      user_id: userId,
      openid: openid(app, userId),
      kind,
      expires_at: now + MP_WINDOWS[kind].ms,
      allowed: MP_WINDOWS[kind].allowed,
    });
  }

  async function mediaOf(appId: string, id: unknown) {
    const row = typeof id === 'string' ? await store.media(db, id, clock(), appId) : undefined;
    if (!row) throw new WharfError('oa_invalid_media_id');
    return row;
  }

  /** Checks and normalises the developer's message; nothing is sent from here. */
  async function content(app: MiniProgramRef, msgtype: string, body: Record<string, unknown>) {
    const part = object(body[msgtype]);
    switch (msgtype) {
      case 'text': {
        const value = text(part.content);
        if (!value || Buffer.byteLength(value) > 2048) throw field('text.content');
        return { content: value };
      }
      case 'image':
        return { mediaId: (await mediaOf(app.id, part.media_id)).id };
      case 'link': {
        const [title, description, url, thumbUrl] = [
          part.title,
          part.description,
          part.url,
          part.thumb_url,
        ].map(text);
        if (!title || !url || !/^https?:\/\//.test(url)) throw field('link.url');
        return { title, description: description ?? '', url, thumbUrl: thumbUrl ?? '' };
      }
      case 'miniprogrampage': {
        const title = text(part.title);
        const pagepath = text(part.pagepath);
        if (!title || pagepath === undefined) throw field('miniprogrampage');
        if (pagepath !== '' && !(await deps.pagesOf(app.appid, 'release'))?.includes(pagePath(pagepath)))
          throw new WharfError('oa_miniprogram_page_invalid', {
            reason: `${pagepath} is not a page of the released version`,
            reasonZh: `${pagepath} 不是已发布版本的页面`,
          });
        const thumb = await mediaOf(app.id, part.thumb_media_id);
        return {
          title,
          appid: app.appid,
          appName: app.name ?? '',
          pagepath,
          thumbMediaId: thumb.id,
          scene: CUSTOMER_SERVICE_CARD_SCENE,
        };
      }
      default:
        throw new WharfError('oa_invalid_message_type');
    }
  }

  return {
    /** The user opened the conversation: the one-minute window, and `user_enter_tempsession` pushed. */
    async enter(app: MiniProgramOrigin, userId: string, sessionFrom = ''): Promise<void> {
      const now = clock();
      await db.transaction().execute(async (tx) => {
        await openWindow(tx, app, userId, 'event');
        await deps.push.enqueue(tx, app.appid, {
          ToUserName: app.original_id,
          FromUserName: openid(app, userId),
          CreateTime: seconds(now),
          MsgType: 'event',
          Event: 'user_enter_tempsession',
          SessionFrom: sessionFrom,
        });
      });
      deps.push.kick();
    },

    /** A user's text to the mini program's customer service: stored, pushed, the 48-hour window opened. */
    async sendFromUser(app: MiniProgramOrigin, userId: string, content: string) {
      const now = clock();
      const msgId = newMsgId(now);
      await db.transaction().execute(async (tx) => {
        await store.insertCsMessage(tx, {
          id: sortableId('cs'),
          app_id: app.id,
          user_id: userId,
          from: 'user',
          msgtype: 'text',
          body: JSON.stringify({ content }),
          msg_id: msgId,
          created_at: now,
        });
        await openWindow(tx, app, userId, 'message');
        await deps.push.enqueue(tx, app.appid, {
          ToUserName: app.original_id,
          FromUserName: openid(app, userId),
          CreateTime: seconds(now),
          MsgType: 'text',
          Content: content,
          MsgId: msgId,
        });
      });
      deps.push.kick();
      return { msgId, at: now };
    },

    /** `/cgi-bin/message/custom/send` with the mini program's token: 45015 outside a window, 45047 past its count. */
    async send(app: MiniProgramRef, body: Record<string, unknown>): Promise<void> {
      const touser = text(body.touser) ?? '';
      const window = isOpenid(touser) ? await store.windowByOpenid(db, app.id, touser) : undefined;
      // Only someone who contacted the customer service is reachable: anyone else's openid is unknown here.
      if (!window) throw new WharfError('oa_invalid_openid');
      const msgtype = text(body.msgtype) ?? '';
      const normalised = await content(app, msgtype, body);
      const now = clock();
      if (window.expires_at <= now) throw new WharfError('oa_outside_window');
      const announce = await db.transaction().execute(async (tx) => {
        if (!(await store.useWindow(tx, app.id, window.user_id, now)))
          throw new WharfError('oa_window_used_up');
        await store.insertCsMessage(tx, {
          id: sortableId('cs'),
          app_id: app.id,
          user_id: window.user_id,
          from: 'developer',
          msgtype,
          body: JSON.stringify(normalised),
          msg_id: null,
          created_at: now,
        });
        const posted = await deps.delivery.post(
          {
            senderAccountId: null,
            kind: 'mp_custom',
            body: { appid: app.appid, appName: app.name ?? '', msgtype, ...normalised },
            audience: { users: [window.user_id] },
          },
          tx,
        );
        return posted.announce;
      });
      await announce();
    },

    /** Both sides of the user's conversation with the mini program's customer service, newest first. */
    async conversation(
      app: MiniProgramRef,
      userId: string,
      options: { before?: number; limit?: number } = {},
    ) {
      const rows = await store.csMessages(
        db,
        app.id,
        userId,
        options.before ?? Number.MAX_SAFE_INTEGER,
        Math.min(options.limit ?? 50, 100),
      );
      return rows.map(
        (row): CsEntry => ({
          id: row.id,
          from: row.from,
          kind: row.msgtype,
          body: JSON.parse(row.body) as Record<string, unknown>,
          at: Number(row.created_at),
        }),
      );
    },

    /** `/cgi-bin/media/upload` with the mini program's token (customerServiceMessage.uploadTempMedia): images, 3 days. */
    async upload(app: MiniProgramRef, type: string, data: Uint8Array) {
      if (type !== 'image') throw new WharfError('oa_invalid_media_type');
      const rules = MEDIA_RULES.image;
      const kind = sniff(data);
      if (data.length === 0 || !kind || !rules.types.test(kind))
        throw new WharfError('oa_invalid_media_file');
      if (data.length > rules.maxBytes) throw new WharfError('oa_media_too_large', { limit: rules.maxBytes });
      const now = clock();
      const row = {
        id: randomToken(36),
        app_id: app.id,
        type: 'image' as const,
        blob: await deps.blobs.put(data),
        content_type: kind,
        size: data.length,
        created_at: now,
        expires_at: now + MEDIA_LIFETIME_MS,
      };
      await store.insertMedia(db, row);
      return { type, media_id: row.id, created_at: seconds(now) };
    },

    /** An unexpired medium's bytes: the app's own (`media/get`), or any (the client, by its unguessable id). */
    async media(id: string, appId?: string): Promise<{ bytes: Uint8Array; contentType: string }> {
      const row = await store.media(db, id, clock(), appId);
      const data = row && (await deps.blobs.get(row.blob));
      if (!row || !data) throw new WharfError('oa_invalid_media_id');
      return { bytes: data, contentType: row.content_type };
    },
  };
}

export type MpCustomService = ReturnType<typeof mpCustomService>;
