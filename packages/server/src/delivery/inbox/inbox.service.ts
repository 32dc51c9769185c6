import { NOTICES_LOST, type Notices } from '../../cluster/notices.ts';
import { WharfError } from '../../errors/wharf-error.ts';
import { INBOX_CHANNEL, type InboxNotice } from '../fanout/fanout.service.ts';
import type { InboxCursor, InboxRow, InboxStore } from './inbox.store.ts';

export interface InboxItem {
  /** The message's id: the same for every recipient, and what a client dedupes on. */
  id: string;
  /** Where this item is in the inbox: pass as `before` / `after`, or as Last-Event-ID. */
  cursor: string;
  kind: string;
  sender: { id: string; appid: string; name: string } | null;
  body: unknown;
  deliveredAt: number;
}

export interface InboxPage {
  items: InboxItem[];
  /** The cursor for the next page, null when this one was the last. */
  next: string | null;
}

/** An open realtime stream: the route writes what it is given. */
export interface StreamSink {
  send(item: InboxItem): void;
  ping(): void;
  end(): void;
}

export interface InboxOptions {
  /** Streams one user may hold open on one node (default 5). */
  streamsPerUser?: number;
  /** A stream re-reads what may have landed late: rows up to this long before its last one (default 2000 ms). */
  overlapMs?: number;
  /** Comment line to keep proxies from closing a quiet stream (default 15 s). */
  heartbeatMs?: number;
  /** Re-reads a quiet stream's inbox in case a notice was missed (default 60 s). */
  safetyPollMs?: number;
}

const CURSOR = /^(\d{1,16})\.(msg_[A-Za-z0-9_-]{1,64})$/;

export function encodeCursor(cursor: InboxCursor): string {
  return `${cursor.createdAt}.${cursor.messageId}`;
}

export function decodeCursor(text: string, field: string): InboxCursor {
  const match = CURSOR.exec(text);
  if (!match) throw new WharfError('validation_failed', { field, reason: 'not an inbox cursor' });
  return { createdAt: Number(match[1]), messageId: match[2]! };
}

function item(row: InboxRow): InboxItem {
  const createdAt = Number(row.created_at);
  return {
    id: row.message_id,
    cursor: encodeCursor({ createdAt, messageId: row.message_id }),
    kind: row.kind,
    sender:
      row.sender_id === null
        ? null
        : { id: row.sender_id, appid: row.sender_appid ?? '', name: row.sender_name ?? '' },
    body: JSON.parse(row.body),
    deliveredAt: createdAt,
  };
}

const PAGE = 100;
/** User ids per `receivedIn` query when a range notice arrives. */
const PROBE = 500;

/**
 * End users' inboxes: pages by keyset, and realtime streams. A stream is told by cluster notices
 * (one per inline post, one per range a fan-out commits, on whichever node wrote it); this node
 * checks only the users connected to it, then each stream reads its inbox after its last item.
 */
export function inboxService(deps: { store: InboxStore; notices: Notices; options?: InboxOptions }) {
  const { store, notices } = deps;
  const perUser = deps.options?.streamsPerUser ?? 5;
  const overlapMs = deps.options?.overlapMs ?? 2000;
  const heartbeatMs = deps.options?.heartbeatMs ?? 15_000;
  const safetyPollMs = deps.options?.safetyPollMs ?? 60_000;
  const streams = new Map<string, Set<Stream>>();

  const after = (a: InboxCursor, b: InboxCursor) =>
    a.createdAt > b.createdAt || (a.createdAt === b.createdAt && a.messageId > b.messageId);

  /**
   * A delivery's time is taken when its batch begins and becomes visible at commit, so rows can
   * land out of order by up to a transaction's length (and by the clock skew between nodes).
   * A stream therefore re-reads a window of `overlapMs` before its newest item and skips the
   * messages it already sent; it never sends anything at or before the cursor it was opened with.
   */
  class Stream {
    private newest: InboxCursor;
    private readonly floor: InboxCursor;
    /** Messages sent whose time is inside the window: a late row is sent once, not twice. */
    private readonly recent = new Map<string, number>();
    private reading: Promise<void> | undefined;
    private again = false;
    private closed = false;
    private readonly timers: NodeJS.Timeout[] = [];

    constructor(
      readonly userId: string,
      floor: InboxCursor,
      private readonly sink: StreamSink,
    ) {
      this.floor = floor;
      this.newest = floor;
      this.timers.push(setInterval(() => sink.ping(), heartbeatMs).unref());
      this.timers.push(setInterval(() => this.pull(), safetyPollMs).unref());
    }

    /** Reads what arrived since the last item sent; calls during a read make one more read. */
    pull(): void {
      if (this.closed) return;
      if (this.reading) {
        this.again = true;
        return;
      }
      this.reading = this.read()
        .catch(() => {})
        .finally(() => {
          this.reading = undefined;
          if (this.again) {
            this.again = false;
            this.pull();
          }
        });
    }

    private async read(): Promise<void> {
      const windowStart = { createdAt: this.newest.createdAt - overlapMs, messageId: '' };
      let from = after(this.floor, windowStart) ? this.floor : windowStart;
      for (;;) {
        const rows = await store.page(this.userId, { after: from, limit: PAGE });
        for (const row of rows) {
          if (this.closed) return;
          const at = Number(row.created_at);
          if (this.recent.has(row.message_id)) continue;
          this.recent.set(row.message_id, at);
          const cursor = { createdAt: at, messageId: row.message_id };
          if (after(cursor, this.newest)) this.newest = cursor;
          this.sink.send(item(row));
        }
        const last = rows.at(-1);
        if (!last || rows.length < PAGE) break;
        from = { createdAt: Number(last.created_at), messageId: last.message_id };
      }
      const horizon = this.newest.createdAt - overlapMs;
      for (const [id, at] of this.recent) if (at < horizon) this.recent.delete(id);
    }

    close(): void {
      if (this.closed) return;
      this.closed = true;
      for (const timer of this.timers) clearInterval(timer);
      const set = streams.get(this.userId);
      set?.delete(this);
      if (set?.size === 0) streams.delete(this.userId);
      this.sink.end();
    }
  }

  const pullUsers = (userIds: Iterable<string>) => {
    for (const userId of userIds) for (const stream of streams.get(userId) ?? []) stream.pull();
  };

  async function onRange(notice: { m: string; lo: string; hi: string | null }): Promise<void> {
    const connected = [...streams.keys()];
    for (let i = 0; i < connected.length; i += PROBE) {
      pullUsers(await store.receivedIn(notice.m, notice.lo, notice.hi, connected.slice(i, i + PROBE)));
    }
  }

  const unsubscribe = notices.subscribe(INBOX_CHANNEL, (payload) => {
    if (streams.size === 0) return;
    if (payload === NOTICES_LOST) return pullUsers([...streams.keys()]);
    let notice: InboxNotice;
    try {
      notice = JSON.parse(payload) as InboxNotice;
    } catch {
      return;
    }
    if ('u' in notice) pullUsers(notice.u);
    else void onRange(notice).catch(() => pullUsers([...streams.keys()]));
  });

  return {
    /** A page of the user's inbox: newest first (before a cursor), or oldest first after one. */
    async list(
      userId: string,
      options: { before?: string; after?: string; limit?: number } = {},
    ): Promise<InboxPage> {
      if (options.before !== undefined && options.after !== undefined) {
        throw new WharfError('validation_failed', {
          field: 'after',
          reason: 'give before or after, not both',
        });
      }
      const limit = Math.min(Math.max(Math.trunc(options.limit ?? 20), 1), PAGE);
      const before = options.before === undefined ? undefined : decodeCursor(options.before, 'before');
      const after = options.after === undefined ? undefined : decodeCursor(options.after, 'after');
      const rows = await store.page(userId, { before, after, limit });
      const items = rows.map(item);
      return { items, next: items.length === limit ? (items.at(-1)?.cursor ?? null) : null };
    },

    /**
     * Opens a stream for the user: everything delivered after `after` (a cursor, e.g. the
     * Last-Event-ID of a reconnecting EventSource), then each new delivery as it lands. Without
     * a cursor, deliveries of the last `overlapMs` and on. Returns the function that closes it.
     */
    open(userId: string, from: string | undefined, sink: StreamSink, now: number): () => void {
      const floor =
        from === undefined || from === ''
          ? { createdAt: now - overlapMs, messageId: '' }
          : decodeCursor(from, 'Last-Event-ID');
      const set = streams.get(userId) ?? new Set<Stream>();
      if (set.size >= perUser) throw new WharfError('inbox_streams_exceeded', { limit: perUser });
      const stream = new Stream(userId, floor, sink);
      set.add(stream);
      streams.set(userId, set);
      stream.pull();
      return () => stream.close();
    },

    /** Ends every stream (server shutdown: an open stream would hold the HTTP server open). */
    closeAll(): void {
      for (const set of [...streams.values()]) for (const stream of [...set]) stream.close();
    },

    /** Streams open on this node. */
    openStreams: () => [...streams.values()].reduce((n, set) => n + set.size, 0),

    stop(): void {
      unsubscribe();
    },
  };
}

export type InboxService = ReturnType<typeof inboxService>;
