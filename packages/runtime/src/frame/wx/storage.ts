/**
 * Storage for one app and one user. The frame has no storage of its own (opaque origin):
 * the host sends a snapshot at launch and persists every write; the frame keeps the
 * snapshot so the `*Sync` calls can answer synchronously.
 */
import { decodeStorageValue, encodeStorageValue, entrySize } from '../../shared/storage-codec.ts';
import type { HostBridge } from '../bridge.ts';
import { ApiFailure } from './async-api.ts';

export class FrameStorage {
  private readonly entries: Map<string, string>;

  constructor(
    initial: Record<string, string>,
    private readonly limitBytes: number,
    private readonly bridge: HostBridge,
  ) {
    this.entries = new Map(Object.entries(initial));
  }

  private size(): number {
    let total = 0;
    for (const [key, value] of this.entries) total += entrySize(key, value);
    return total;
  }

  set(key: unknown, value: unknown): Promise<unknown> {
    if (typeof key !== 'string' || key === '')
      throw new ApiFailure('parameter error: key should be a non-empty String');
    const encoded = encodeStorageValue(value);
    const previous = this.entries.get(key);
    const next =
      this.size() - (previous === undefined ? 0 : entrySize(key, previous)) + entrySize(key, encoded);
    if (next > this.limitBytes) throw new ApiFailure('exceed storage max size 10Mb');
    this.entries.set(key, encoded);
    return this.bridge.call('storageSet', { key, value: encoded });
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  get(key: unknown): unknown {
    if (typeof key !== 'string') throw new ApiFailure('parameter error: key should be String');
    const encoded = this.entries.get(key);
    if (encoded === undefined) throw new ApiFailure('data not found');
    return decodeStorageValue(encoded);
  }

  remove(key: unknown): Promise<unknown> {
    if (typeof key !== 'string') throw new ApiFailure('parameter error: key should be String');
    this.entries.delete(key);
    return this.bridge.call('storageRemove', { key });
  }

  clear(): Promise<unknown> {
    this.entries.clear();
    return this.bridge.call('storageClear', {});
  }

  /** The host removed these keys (null: all) on its side already. */
  forget(keys: string[] | null): void {
    if (keys === null) this.entries.clear();
    else for (const key of keys) this.entries.delete(key);
  }

  info(): { keys: string[]; currentSize: number; limitSize: number } {
    return {
      keys: [...this.entries.keys()],
      currentSize: Math.ceil(this.size() / 1024),
      limitSize: Math.floor(this.limitBytes / 1024),
    };
  }
}
