import { Lru } from './lru.ts';
import { NOTICES_LOST, type Notices } from './notices.ts';

/**
 * Answers for rarely changing reads kept in memory per key (an appid), dropped on every node by a
 * notice on `channel` carrying the key. A read that began before an invalidation does not store
 * its answer (a per-key version), so an answer read before a write committed is never kept after.
 * The TTL only bounds staleness if a notice is lost on the way to another node.
 */
export function readCache<T>(
  notices: Notices,
  channel: string,
  options: { max?: number; ttlMs?: number; clock?: () => number; clearOn?: string[] } = {},
) {
  const values = new Lru<string, T>(options.max ?? 10_000, options.ttlMs ?? 60_000, options.clock);
  const versions = new Map<string, number>();
  let epoch = 0;
  const version = (key: string) => `${epoch}:${versions.get(key) ?? 0}`;

  const clearAll = () => {
    epoch++;
    values.clear();
  };
  // Channels whose notices change every key (e.g. the category catalogue under every app's list).
  for (const other of options.clearOn ?? []) notices.subscribe(other, clearAll);
  notices.subscribe(channel, (key) => {
    if (key === NOTICES_LOST) return clearAll();
    versions.set(key, (versions.get(key) ?? 0) + 1);
    values.delete(key);
  });

  async function read(key: string, load: () => Promise<T>): Promise<T> {
    const before = version(key);
    const value = await load();
    // Versions are never dropped (one number per app): a version that went back to an earlier
    // value would let a read from before the write store its answer.
    if (version(key) === before) values.set(key, value);
    return value;
  }

  return {
    /** The answer, at once (no promise) when it is in memory. */
    get(key: string, load: () => Promise<T>): T | Promise<T> {
      return values.get(key) ?? read(key, load);
    },
  };
}
