/**
 * Host-side storage, one namespace per (user, app): a mini program can never name another
 * app's or another user's keys, because the host picks the namespace, not the frame.
 */
import { entrySize } from '../shared/storage-codec.ts';
import type { StorageBackend } from './services.ts';

export class StorageLimitError extends Error {}

export const localStorageBackend: StorageBackend = {
  load(appid, userId) {
    try {
      const text = localStorage.getItem(key(appid, userId));
      return text ? (JSON.parse(text) as Record<string, string>) : {};
    } catch {
      return {};
    }
  },
  save(appid, userId, entries) {
    localStorage.setItem(key(appid, userId), JSON.stringify(entries));
  },
};

export function memoryStorageBackend(): StorageBackend {
  const data = new Map<string, Record<string, string>>();
  return {
    load: (appid, userId) => ({ ...(data.get(key(appid, userId)) ?? {}) }),
    save: (appid, userId, entries) => void data.set(key(appid, userId), { ...entries }),
  };
}

function key(appid: string, userId: string): string {
  return `wharf:storage:${encodeURIComponent(userId)}:${encodeURIComponent(appid)}`;
}

export class AppStorage {
  private entries: Record<string, string>;

  constructor(
    private readonly backend: StorageBackend,
    private readonly appid: string,
    private readonly userId: string,
    readonly limitBytes: number,
  ) {
    this.entries = backend.load(appid, userId);
  }

  snapshot(): Record<string, string> {
    return { ...this.entries };
  }

  private size(entries: Record<string, string>): number {
    let total = 0;
    for (const [k, v] of Object.entries(entries)) total += entrySize(k, v);
    return total;
  }

  set(key: string, encoded: string): void {
    const next = { ...this.entries, [key]: encoded };
    if (this.size(next) > this.limitBytes) throw new StorageLimitError('exceed storage max size 10Mb');
    this.entries = next;
    this.backend.save(this.appid, this.userId, this.entries);
  }

  remove(key: string): void {
    delete this.entries[key];
    this.backend.save(this.appid, this.userId, this.entries);
  }

  clear(): void {
    this.entries = {};
    this.backend.save(this.appid, this.userId, this.entries);
  }
}
