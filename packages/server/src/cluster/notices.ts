/**
 * Cluster notices: tell every node of a deployment that something changed, so each can drop
 * what it cached. The seam is two calls:
 *
 *   notices.publish(channel, payload)  // after the write has committed
 *   notices.subscribe(channel, fn)     // fn(payload) on this node and, soon after, on every other
 *
 * - Local subscribers run synchronously inside `publish`, before it resolves: the node that made
 *   the change never serves its own stale cache.
 * - Other nodes hear it through the transport: PostgreSQL `LISTEN/NOTIFY` on one PG channel
 *   (`wharf_notices`, the Wharf channel travels inside the payload), in-process for SQLite (one
 *   file is one node). Delivery to other nodes is best-effort and normally within milliseconds.
 * - A node that may have missed notices (its listener connection dropped and came back) receives
 *   `NOTICES_LOST` on every subscription to it: drop everything cached, since anything may have changed.
 * - Payloads are short text (an appid, a key); PostgreSQL caps a notification at 8000 bytes.
 * - Channels in use: `tokens` (appid: its tokens changed), `app` (appid: settings, allow-list,
 *   categories or code of the app changed), `quota` (appid: call counters reset).
 *   Name new ones after the thing that changed, not after the cache that listens.
 */
export interface Notices {
  publish(channel: string, payload: string): Promise<void>;
  /** Returns the unsubscribe function. */
  subscribe(channel: string, fn: (payload: string) => void): () => void;
  /** Resolves once notices from other nodes are heard (startup waits for it). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/** Delivered to subscribers of every channel when notices may have been missed. */
export const NOTICES_LOST = '\u0000lost';

/** How a notice reaches the other nodes; `deliver` is called for notices from other nodes. */
export interface NoticeTransport {
  send(channel: string, payload: string): Promise<void>;
  start(deliver: (channel: string, payload: string) => void, lost: () => void): void;
  ready?(): Promise<void>;
  close(): Promise<void>;
}

export function notices(transport?: NoticeTransport, onError: (error: unknown) => void = () => {}): Notices {
  const subscribers = new Map<string, Set<(payload: string) => void>>();

  function deliver(channel: string, payload: string): void {
    for (const fn of subscribers.get(channel) ?? []) {
      try {
        fn(payload);
      } catch (error) {
        onError(error);
      }
    }
  }

  transport?.start(deliver, () => {
    for (const channel of subscribers.keys()) deliver(channel, NOTICES_LOST);
  });

  return {
    async publish(channel, payload) {
      deliver(channel, payload);
      // Other nodes fall back on their caches' TTLs if this fails; the caller's write stands.
      await transport?.send(channel, payload).catch(onError);
    },
    subscribe(channel, fn) {
      const set = subscribers.get(channel) ?? new Set();
      subscribers.set(channel, set);
      set.add(fn);
      return () => set.delete(fn);
    },
    ready: async () => {
      await transport?.ready?.();
    },
    async close() {
      subscribers.clear();
      await transport?.close();
    },
  };
}
