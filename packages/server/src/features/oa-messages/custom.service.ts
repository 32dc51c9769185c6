import type { BlobStore } from '../../blobs/blob-store.ts';
import type { Fanout } from '../../delivery/fanout/fanout.feature.ts';
import { WharfError } from '../../errors/wharf-error.ts';
import { randomToken } from '../../security/secrets.ts';
import type { Db } from '../../store/database.ts';
import { LINK_NOTICE_SCENE } from '../official-accounts/link-notice.ts';
import type { LinksService } from '../official-accounts/links.service.ts';
import type { OfficialAccountsService } from '../official-accounts/official-accounts.service.ts';
import { isOpenid } from '../official-accounts/openid.ts';
import { oaMessagesStore as store } from './oa-messages.store.ts';
import type { OaMessageTables } from './oa-messages.tables.ts';

type MediaType = OaMessageTables['oa_media']['type'];

/** WeChat's temporary media: 3 days; size caps per type. */
export const MEDIA_LIFETIME_MS = 3 * 24 * 3600 * 1000;
export const MEDIA_RULES: Record<MediaType, { maxBytes: number; types: RegExp }> = {
  image: { maxBytes: 10 * 1024 * 1024, types: /^image\/(png|jpeg|gif|bmp)$/ },
  thumb: { maxBytes: 64 * 1024, types: /^image\/jpeg$/ },
  voice: { maxBytes: 2 * 1024 * 1024, types: /^audio\/(amr|mpeg|mp3)$/ },
  video: { maxBytes: 10 * 1024 * 1024, types: /^video\/mp4$/ },
};

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const object = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
const bytes = (value: string) => Buffer.byteLength(value, 'utf8');

/** Sniffs what the bytes are, rather than trusting the uploader's content type. */
export function sniff(data: Uint8Array): string | undefined {
  const hex = Buffer.from(data.subarray(0, 8)).toString('hex');
  if (hex.startsWith('89504e470d0a1a0a')) return 'image/png';
  if (hex.startsWith('ffd8ff')) return 'image/jpeg';
  if (hex.startsWith('47494638')) return 'image/gif';
  if (hex.startsWith('424d')) return 'image/bmp';
  if (Buffer.from(data.subarray(0, 6)).toString('latin1') === '#!AMR\n') return 'audio/amr';
  if (hex.startsWith('494433') || hex.startsWith('fffb')) return 'audio/mpeg';
  if (Buffer.from(data.subarray(4, 8)).toString('latin1') === 'ftyp') return 'video/mp4';
  return undefined;
}

/** Customer-service messages (`/cgi-bin/message/custom/send`) and the temporary media they use. */
export function customService(deps: {
  db: Db;
  accounts: OfficialAccountsService;
  links: LinksService;
  delivery: Pick<Fanout, 'post'>;
  blobs: BlobStore;
  clock: () => number;
}) {
  const { db, clock } = deps;

  async function mediaOf(accountId: string, id: unknown, types: MediaType[]) {
    const row = typeof id === 'string' ? await store.media(db, accountId, id, clock()) : undefined;
    if (!row || !types.includes(row.type)) throw new WharfError('oa_invalid_media_id');
    return row;
  }

  /** Checks and normalises one message; nothing is sent from here. */
  async function content(accountId: string, msgtype: string, body: Record<string, unknown>) {
    const part = object(body[msgtype]);
    switch (msgtype) {
      case 'text': {
        const value = text(part.content);
        if (!value || bytes(value) > 2048)
          throw new WharfError('oa_message_field', { field: 'text.content' });
        return { content: value };
      }
      case 'image':
        return { mediaId: (await mediaOf(accountId, part.media_id, ['image'])).id };
      case 'link': {
        const [title, description, url, thumbUrl] = [
          part.title,
          part.description,
          part.url,
          part.thumb_url,
        ].map(text);
        if (!title || !url || !/^https?:\/\//.test(url))
          throw new WharfError('oa_message_field', { field: 'link.url' });
        return { title, description: description ?? '', url, thumbUrl: thumbUrl ?? '' };
      }
      case 'news': {
        const articles = Array.isArray(part.articles) ? part.articles.map(object) : [];
        // WeChat sends one article per customer-service news message since 2018.
        if (articles.length !== 1)
          throw new WharfError('oa_message_field', { field: 'news.articles (exactly 1)' });
        const [article] = articles as [Record<string, unknown>];
        const url = text(article.url);
        if (!text(article.title) || !url || !/^https?:\/\//.test(url))
          throw new WharfError('oa_message_field', { field: 'news.articles[0]' });
        return {
          articles: [
            {
              title: text(article.title),
              description: text(article.description) ?? '',
              url,
              picUrl: text(article.picurl) ?? '',
            },
          ],
        };
      }
      case 'miniprogrampage': {
        const [title, appid, pagepath] = [part.title, part.appid, part.pagepath].map(text);
        if (!title || !appid || pagepath === undefined)
          throw new WharfError('oa_message_field', { field: 'miniprogrampage' });
        await deps.links.checkTarget(accountId, appid, pagepath);
        const thumb = await mediaOf(accountId, part.thumb_media_id, ['image', 'thumb']);
        return { title, appid, pagepath, thumbMediaId: thumb.id, scene: LINK_NOTICE_SCENE };
      }
      default:
        throw new WharfError('oa_invalid_message_type');
    }
  }

  return {
    /** Sends within the user's window: 45015 outside it, 45047 past its count; all checks first. */
    async send(accountId: string, body: Record<string, unknown>): Promise<void> {
      const openid = text(body.touser) ?? '';
      if (!isOpenid(openid)) throw new WharfError('oa_invalid_openid');
      const follower = await deps.accounts.followerByOpenid(accountId, openid);
      if (!follower) throw new WharfError('oa_invalid_openid');
      const msgtype = text(body.msgtype) ?? '';
      const normalised = await content(accountId, msgtype, body);
      const now = clock();
      const window = await store.window(db, accountId, follower.user_id);
      if (!window || window.expires_at <= now) throw new WharfError('oa_outside_window');
      await db.transaction().execute(async (tx) => {
        if (!(await store.consumeWindow(tx, accountId, follower.user_id, now)))
          throw new WharfError('oa_window_used_up');
        const posted = await deps.delivery.post(
          {
            senderAccountId: accountId,
            kind: 'custom',
            body: { msgtype, ...normalised },
            audience: { users: [follower.user_id] },
          },
          tx,
        );
        // Announced after commit below: the client told before the commit would read nothing.
        queueMicrotask(() => void posted.announce().catch(() => {}));
      });
    },

    /** `/cgi-bin/media/upload`: stored for three days under a fresh media_id. */
    async upload(
      accountId: string,
      type: string,
      data: Uint8Array,
    ): Promise<{ type: string; media_id: string; created_at: number }> {
      if (!(type in MEDIA_RULES)) throw new WharfError('oa_invalid_media_type');
      const rules = MEDIA_RULES[type as MediaType];
      const kind = sniff(data);
      if (data.length === 0 || !kind || !rules.types.test(kind))
        throw new WharfError('oa_invalid_media_file');
      if (data.length > rules.maxBytes) throw new WharfError('oa_media_too_large', { limit: rules.maxBytes });
      const now = clock();
      const row = {
        id: randomToken(36),
        account_id: accountId,
        type: type as MediaType,
        blob: await deps.blobs.put(data),
        content_type: kind,
        size: data.length,
        created_at: now,
        expires_at: now + MEDIA_LIFETIME_MS,
      };
      await store.insertMedia(db, row);
      return { type, media_id: row.id, created_at: Math.floor(now / 1000) };
    },

    /** The bytes of an unexpired medium: the account's own (`/cgi-bin/media/get`), or any (the client). */
    async media(id: string, accountId?: string): Promise<{ bytes: Uint8Array; contentType: string }> {
      const row = accountId
        ? await store.media(db, accountId, id, clock())
        : await store.mediaById(db, id, clock());
      const data = row && (await deps.blobs.get(row.blob));
      if (!row || !data) throw new WharfError('oa_invalid_media_id');
      return { bytes: data, contentType: row.content_type };
    },
  };
}

export type CustomService = ReturnType<typeof customService>;
