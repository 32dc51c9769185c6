import { createHmac } from 'node:crypto';
import type { BlobStore } from '../../blobs/blob-store.ts';
import type { Fanout } from '../../delivery/fanout/fanout.feature.ts';
import { decodeCursor, encodeCursor } from '../../delivery/inbox/inbox.service.ts';
import { WharfError } from '../../errors/wharf-error.ts';
import { newId, randomToken } from '../../security/secrets.ts';
import type { Db } from '../../store/database.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import { type ChatRow, chatsStore as store } from './chats.store.ts';
import type { ChatKind } from './chats.tables.ts';
import { type CardEnv, type CardSource, cardPath, cardScene, type ShareCard } from './share-card.ts';

export interface ChatPerson {
  id: string;
  username: string;
  nickname: string;
}

/** What a chat message is: its inbox body (`kind: 'chat'`) and its entry in the chat's history. */
export interface ChatMessageBody {
  chatId: string;
  from: { id: string; nickname: string };
  type: 'text' | 'miniprogram' | 'image';
  text?: string;
  card?: ShareCard;
  /** An image sent in the chat, served to its members. */
  image?: { url: string; contentType: string; size: number };
}

export interface ChatEntry extends ChatMessageBody {
  id: string;
  cursor: string;
  at: number;
}

export interface ChatView {
  id: string;
  kind: ChatKind;
  /** The group's name, or the other person's nickname in a one-to-one chat. */
  name: string;
  memberCount: number;
  /** The other person of a one-to-one chat. */
  peer: ChatPerson | null;
  latest: ChatEntry | null;
  createdAt: number;
}

/** A card to post, before the chat decides its scene. */
export interface CardInput {
  source: CardSource;
  appid: string;
  title: string;
  description?: string;
  path: string;
  thumbUrl?: string | null;
  /** Bytes of a thumbnail to keep (an app's `thumbData`), checked by the caller. */
  thumb?: { bytes: Uint8Array; contentType: string };
  withShareTicket?: boolean;
  envVersion?: CardEnv;
  webpageUrl?: string;
  sharedBy?: { appid: string; name: string };
}

const LIST_MAX = 100;
const DAY_MS = 24 * 3600 * 1000;

/** One-to-one and group chats between end users; their messages ride the delivery engine to inboxes. */
export function chatsService(deps: {
  db: Db;
  delivery: Fanout;
  blobs: BlobStore;
  settings: SettingsService;
  /** Keys the open group ids (`openGId`): stable per mini program and group, unlinkable across apps. */
  openGIdKey: string;
  /** Whether two apps are bound to one open-platform account (features/open-platform). */
  sameOpenAccount(appidA: string, appidB: string): Promise<boolean>;
  clock: () => number;
}) {
  const { db, delivery, settings, clock } = deps;

  async function people(tx: Db, usernames: readonly string[], self: string): Promise<ChatPerson[]> {
    const wanted = [...new Set(usernames.map((name) => name.trim().toLowerCase()))];
    const found = await store.usersByUsername(tx, wanted);
    const missing = wanted.find((name) => !found.some((user) => user.username === name));
    if (missing !== undefined)
      throw new WharfError('chat_user_not_found', { username: missing }, 'usernames');
    return found.filter((user) => user.id !== self);
  }

  async function member(tx: Db, chatId: string, userId: string) {
    const chat = await store.chatOf(tx, chatId, userId);
    // A chat one is not in looks the same as one that does not exist.
    if (!chat) throw new WharfError('chat_not_found');
    return chat;
  }

  function entry(row: { message_id: string; created_at: number; body: string }): ChatEntry {
    const at = Number(row.created_at);
    return {
      id: row.message_id,
      cursor: encodeCursor({ createdAt: at, messageId: row.message_id }),
      at,
      ...(JSON.parse(row.body) as ChatMessageBody),
    };
  }

  async function views(
    userId: string,
    rows: Array<ChatRow & { joined_at: number; last_body?: string | null }>,
  ) {
    const ids = rows.map((row) => row.id);
    const counts = await store.memberCounts(db, ids);
    const direct = rows.filter((row) => row.kind === 'direct').map((row) => row.id);
    const peers = new Map(
      (await store.members(db, direct))
        .filter((m) => m.id !== userId)
        .map((m) => [m.chat_id, { id: m.id, username: m.username, nickname: m.nickname }]),
    );
    return rows.map((row): ChatView => {
      const peer = peers.get(row.id) ?? null;
      const lastAt = Number(row.last_at);
      const latest =
        row.last_message_id && row.last_body && lastAt >= Number(row.joined_at)
          ? entry({ message_id: row.last_message_id, created_at: lastAt, body: row.last_body })
          : null;
      return {
        id: row.id,
        kind: row.kind,
        name: row.kind === 'direct' ? (peer?.nickname ?? '') : row.name,
        memberCount: counts.get(row.id) ?? 0,
        peer,
        latest,
        createdAt: Number(row.created_at),
      };
    });
  }

  async function view(userId: string, chatId: string): Promise<ChatView> {
    const chat = await member(db, chatId, userId);
    const [one] = await views(userId, [{ ...chat, last_body: null }]);
    return one!;
  }

  async function groupLimit(): Promise<number> {
    return settings.get('chats.groupMembers');
  }

  /** Stores one message of a member and delivers it to every member's inbox (the sender's too). */
  async function post(
    userId: string,
    chatId: string,
    build: (chat: ChatRow) => Promise<Omit<ChatMessageBody, 'chatId' | 'from'>>,
    after?: (tx: Db, chat: ChatRow, messageId: string, at: number) => Promise<void>,
  ): Promise<ChatEntry> {
    const { posted, body, at } = await db.transaction().execute(async (tx) => {
      const chat = await member(tx, chatId, userId);
      const members = await store.members(tx, [chatId]);
      const from = { id: userId, nickname: members.find((m) => m.id === userId)?.nickname ?? '' };
      const body: ChatMessageBody = { chatId, from, ...(await build(chat)) };
      const posted = await delivery.post(
        {
          senderAccountId: null,
          kind: 'chat',
          body: { ...body },
          audience: { users: members.map((m) => m.id) },
        },
        tx,
      );
      const at = clock();
      await store.insertMessage(tx, {
        chat_id: chatId,
        message_id: posted.messageId,
        sender_id: userId,
        created_at: at,
      });
      await after?.(tx, chat, posted.messageId, at);
      return { posted, body, at };
    });
    await posted.announce();
    return {
      id: posted.messageId,
      cursor: encodeCursor({ createdAt: at, messageId: posted.messageId }),
      at,
      ...body,
    };
  }

  /** WeChat's open group id: the same for one group and one mini program, different across mini programs. */
  function openGId(appid: string, chatId: string): string {
    const mac = createHmac('sha256', deps.openGIdKey).update(`${appid}\n${chatId}`).digest('base64url');
    return `tG${mac.slice(0, 26)}`;
  }

  const service = {
    /** The one-to-one chat with `username`, created on first use. */
    async direct(userId: string, username: string): Promise<ChatView> {
      const chatId = await db.transaction().execute(async (tx) => {
        const [peer] = await people(tx, [username], userId);
        if (!peer) throw new WharfError('validation_failed', { field: 'username', reason: 'that is you' });
        const key = [userId, peer.id].sort().join('|');
        const existing = await store.direct(tx, key);
        if (existing) return existing.id;
        const now = clock();
        const id = newId('chat');
        await store.insertChat(tx, {
          id,
          kind: 'direct',
          name: '',
          direct_key: key,
          created_by: userId,
          created_at: now,
          last_message_id: null,
          last_at: now,
        });
        await store.insertMembers(tx, id, [userId, peer.id], now);
        return id;
      });
      return view(userId, chatId);
    },

    /** A new group of the user and the people named, within the operator's size limit. */
    async group(userId: string, input: { name: string; usernames: string[] }): Promise<ChatView> {
      const limit = await groupLimit();
      const chatId = await db.transaction().execute(async (tx) => {
        const others = await people(tx, input.usernames, userId);
        if (others.length === 0)
          throw new WharfError('validation_failed', { field: 'usernames', reason: 'name someone else' });
        if (others.length + 1 > limit) throw new WharfError('chat_group_full', { limit });
        const now = clock();
        const id = newId('chat');
        await store.insertChat(tx, {
          id,
          kind: 'group',
          name: input.name.trim(),
          direct_key: null,
          created_by: userId,
          created_at: now,
          last_message_id: null,
          last_at: now,
        });
        await store.insertMembers(tx, id, [userId, ...others.map((o) => o.id)], now);
        return id;
      });
      return view(userId, chatId);
    },

    /** Adds people to a group one is in; they see what is sent from now on. */
    async addMembers(userId: string, chatId: string, usernames: string[]): Promise<ChatView> {
      const limit = await groupLimit();
      await db.transaction().execute(async (tx) => {
        const chat = await member(tx, chatId, userId);
        if (chat.kind !== 'group') throw new WharfError('chat_not_group');
        const others = await people(tx, usernames, userId);
        const current = new Set(await store.memberIds(tx, chatId));
        const added = others.filter((o) => !current.has(o.id)).map((o) => o.id);
        if (current.size + added.length > limit) throw new WharfError('chat_group_full', { limit });
        await store.insertMembers(tx, chatId, added, clock());
      });
      return view(userId, chatId);
    },

    async list(userId: string): Promise<ChatView[]> {
      return views(userId, await store.chatsOf(db, userId, LIST_MAX));
    },

    async get(userId: string, chatId: string): Promise<ChatView & { members: ChatPerson[] }> {
      const chat = await view(userId, chatId);
      const members = (await store.members(db, [chatId])).map(({ id, username, nickname }) => ({
        id,
        username,
        nickname,
      }));
      return { ...chat, members };
    },

    /** A page of the chat, newest first; a member sees what was sent since they joined. */
    async messages(userId: string, chatId: string, options: { before?: string; limit?: number } = {}) {
      const chat = await member(db, chatId, userId);
      const limit = Math.min(Math.max(Math.trunc(options.limit ?? 30), 1), 100);
      const before = options.before === undefined ? undefined : decodeCursor(options.before, 'before');
      const rows = await store.page(db, chatId, { since: Number(chat.joined_at), before, limit });
      const items = rows.map(entry);
      return { items, next: items.length === limit ? (items.at(-1)?.cursor ?? null) : null };
    },

    sendText(userId: string, chatId: string, text: string): Promise<ChatEntry> {
      if (text.trim() === '') throw new WharfError('validation_failed', { field: 'text', reason: 'empty' });
      return post(userId, chatId, async () => ({ type: 'text', text }));
    },

    /**
     * An image (already checked: PNG or JPEG within the size limit) into a chat one is in,
     * within one's daily budget of image bytes; kept in the blob store as other uploads are.
     */
    async sendImage(
      userId: string,
      chatId: string,
      image: { bytes: Uint8Array; contentType: string },
    ): Promise<ChatEntry> {
      const limit = await settings.get('chats.imageBytesPerDay');
      const withinBudget = async (tx: Db) => {
        const sent = await store.imageBytesSince(tx, userId, clock() - DAY_MS);
        if (sent + image.bytes.length > limit)
          throw new WharfError('chat_image_budget', { limit: Math.floor(limit / 1024 / 1024) });
      };
      // Refused before any bytes are kept: a chat one is not in, a spent budget.
      await member(db, chatId, userId);
      await withinBudget(db);
      // Content-addressed and outside the transaction (a database blob store shares SQLite's one connection).
      const blob = await deps.blobs.put(image.bytes);
      const url = `/api/v1/client/chats/${chatId}/images/${blob}`;
      return post(
        userId,
        chatId,
        async () => ({
          type: 'image',
          image: { url, contentType: image.contentType, size: image.bytes.length },
        }),
        async (tx, _chat, messageId, at) => {
          // Again inside: two images sent at once cannot both pass one budget.
          await withinBudget(tx);
          await store.insertImage(tx, {
            message_id: messageId,
            chat_id: chatId,
            blob,
            content_type: image.contentType,
            size: image.bytes.length,
            sender_id: userId,
            created_at: at,
          });
        },
      );
    },

    async image(userId: string, chatId: string, blob: string) {
      await member(db, chatId, userId);
      const row = await store.image(db, chatId, blob);
      const bytes = row && (await deps.blobs.get(row.blob));
      if (!row || !bytes) throw new WharfError('not_found', { what: 'image' });
      return { bytes, contentType: row.content_type };
    },

    /**
     * A mini program card: a mini program's own share (`onShareAppMessage`) or an app's
     * (`WXMiniProgramObject`). Into a group with `withShareTicket`, the card carries a new
     * shareTicket that `wx.getShareInfo` resolves for the group's members.
     */
    async shareCard(userId: string, chatId: string, input: CardInput): Promise<ChatEntry> {
      const app = await store.miniProgram(db, { appid: input.appid });
      if (!app) throw new WharfError('chat_card_app_not_found', { appid: input.appid }, 'appid');
      // Content-addressed and outside the transaction (a database blob store shares SQLite's one connection).
      const blob = input.thumb ? await deps.blobs.put(input.thumb.bytes) : undefined;
      let ticket: string | undefined;
      return post(
        userId,
        chatId,
        async (chat) => {
          ticket = chat.kind === 'group' && input.withShareTicket ? randomToken(24) : undefined;
          const card: ShareCard = {
            source: input.source,
            appid: app.appid,
            appName: app.name ?? app.appid,
            // WeChat titles an untitled share with the mini program's name.
            title: input.title.trim() || (app.name ?? app.appid),
            description: input.description ?? '',
            path: cardPath(input.path),
            thumbUrl: blob ? `/api/v1/client/chats/${chatId}/thumbs/${blob}` : (input.thumbUrl ?? null),
            scene: cardScene(input.source, chat.kind, ticket !== undefined),
            envVersion: input.envVersion ?? 'release',
            ...(ticket ? { shareTicket: ticket } : {}),
            ...(input.webpageUrl ? { webpageUrl: input.webpageUrl } : {}),
            ...(input.sharedBy ? { sharedBy: input.sharedBy } : {}),
          };
          return { type: 'miniprogram', card };
        },
        async (tx, _chat, messageId, at) => {
          if (blob && input.thumb)
            await store.insertThumb(tx, { chat_id: chatId, blob, content_type: input.thumb.contentType });
          if (ticket)
            await store.insertTicket(tx, {
              ticket,
              chat_id: chatId,
              appid: app.appid,
              message_id: messageId,
              created_at: at,
            });
        },
      );
    },

    /**
     * A mobile app's share (OpenSDK `WXMiniProgramObject`), posted for its signed-in user: the
     * mini program is named by its original id and must be bound to the app's open-platform account.
     */
    async shareFromApp(
      app: { appid: string; name: string },
      userId: string,
      chatId: string,
      input: Omit<CardInput, 'source' | 'appid' | 'sharedBy'> & { userName: string },
    ): Promise<ChatEntry> {
      const { userName, ...card } = input;
      const mp = await store.miniProgram(db, { originalId: userName });
      if (!mp) throw new WharfError('chat_card_app_not_found', { appid: userName }, 'userName');
      if (!(await deps.sameOpenAccount(app.appid, mp.appid)))
        throw new WharfError('chat_app_not_bound', { app: app.appid, userName }, 'userName');
      return service.shareCard(userId, chatId, { ...card, source: 'app', appid: mp.appid, sharedBy: app });
    },

    /** The group behind a shareTicket, for a member of it and the mini program it was shared from. */
    async resolveShareTicket(userId: string, appid: string, ticket: string): Promise<{ openGId: string }> {
      const row = await store.ticket(db, ticket);
      if (!row || row.appid !== appid) throw new WharfError('chat_share_ticket_invalid');
      // A ticket of a group the user is not in (copied from elsewhere) tells them nothing.
      if (!(await store.chatOf(db, row.chat_id, userId))) throw new WharfError('chat_share_ticket_invalid');
      return { openGId: openGId(appid, row.chat_id) };
    },

    openGId,

    async thumb(userId: string, chatId: string, blob: string) {
      await member(db, chatId, userId);
      const row = await store.thumb(db, chatId, blob);
      const bytes = row && (await deps.blobs.get(row.blob));
      if (!row || !bytes) throw new WharfError('not_found', { what: 'thumbnail' });
      return { bytes, contentType: row.content_type };
    },
  };
  return service;
}

export type ChatsService = ReturnType<typeof chatsService>;
