import type { CallCount } from './tokens.store.ts';

export interface CounterStore {
  callsToday(appid: string, api: string, day: string): Promise<number>;
  addCalls(counts: CallCount[]): Promise<CallCount[]>;
}

interface Entry {
  appid: string;
  api: string;
  day: string;
  /** The database's total as last seen (this node's flushed calls and every other node's). */
  base: number;
  /** Counted here, not yet written. */
  pending: number;
  /** Being written by the flush in progress. */
  writing: number;
  loaded?: Promise<void>;
}

/**
 * Daily API call counts kept in memory and written in batches, instead of one upsert per call.
 *
 * Tolerance (documented in README): a crash forgets the calls since the last flush (at most one
 * interval, plus any failed flush being retried); another node's calls become visible here after
 * its flush and our next one, so across N nodes a quota can be exceeded by about N × 2 s of calls.
 * A graceful shutdown flushes (`close`). The day is fixed when the call is counted.
 */
export function callCounter(store: CounterStore, options: { onError?: (error: unknown) => void } = {}) {
  const entries = new Map<string, Entry>();
  let flushing: Promise<void> | undefined;

  async function write(): Promise<void> {
    const batch = [...entries.values()].filter((e) => e.pending > 0);
    if (batch.length === 0) return;
    const sent = batch.map((e) => {
      const count = e.pending;
      e.pending = 0;
      e.writing += count;
      return count;
    });
    try {
      const totals = await store.addCalls(
        batch.map((e, i) => ({ appid: e.appid, api: e.api, day: e.day, count: sent[i] as number })),
      );
      const byKey = new Map(totals.map((t) => [`${t.appid}\n${t.api}\n${t.day}`, t.count]));
      batch.forEach((e, i) => {
        e.writing -= sent[i] as number;
        const total = byKey.get(`${e.appid}\n${e.api}\n${e.day}`);
        if (total !== undefined) e.base = total;
      });
    } catch (error) {
      // Kept for the next flush: a database hiccup must not lose the counts.
      batch.forEach((e, i) => {
        e.writing -= sent[i] as number;
        e.pending += sent[i] as number;
      });
      options.onError?.(error);
    }
  }

  return {
    /** Counts one call and returns the day's total as this node knows it. */
    async count(appid: string, api: string, day: string): Promise<number> {
      const key = `${appid}\n${api}\n${day}`;
      let entry = entries.get(key);
      if (!entry) {
        const created: Entry = { appid, api, day, base: 0, pending: 0, writing: 0 };
        created.loaded = store.callsToday(appid, api, day).then(
          (total) => {
            created.base = Math.max(created.base, total);
            created.loaded = undefined;
          },
          (error: unknown) => {
            entries.delete(key);
            throw error;
          },
        );
        entries.set(key, created);
        entry = created;
      }
      entry.pending++;
      if (entry.loaded) await entry.loaded;
      return entry.base + entry.writing + entry.pending;
    },

    /**
     * `count` without waiting, once the key's total of the day is known here (every call after a
     * key's first); undefined, counting nothing, when it must be read first (then use `count`).
     */
    countNow(appid: string, api: string, day: string): number | undefined {
      const entry = entries.get(`${appid}\n${api}\n${day}`);
      if (!entry || entry.loaded) return undefined;
      entry.pending++;
      return entry.base + entry.writing + entry.pending;
    },

    /** Writes what was counted; concurrent calls share one write, then write what came meanwhile. */
    async flush(): Promise<void> {
      while (flushing) await flushing;
      flushing = write().finally(() => {
        flushing = undefined;
      });
      await flushing;
    },

    /** Drops settled entries of past days, so memory holds only today's keys. */
    prune(today: string): void {
      for (const [key, e] of entries) {
        if (e.day < today && e.pending === 0 && e.writing === 0) entries.delete(key);
      }
    },

    /** Forgets what this node knows of an app's counts (its quota was reset). */
    forget(appid: string): void {
      for (const [key, e] of entries) if (e.appid === appid) entries.delete(key);
    },

    /** Calls counted here and not yet written: what a crash now would lose. */
    unwritten(): number {
      let n = 0;
      for (const e of entries.values()) n += e.pending + e.writing;
      return n;
    },
  };
}

export type CallCounter = ReturnType<typeof callCounter>;
