import type { BlobStore } from './blob-store.ts';
import { FsBlobStore } from './fs-blob-store.ts';

export interface BlobMigration {
  copied: number;
  alreadyThere: number;
}

/**
 * Copies every blob of a data folder into `target`, checking each against its name on the way
 * (a corrupted file stops the run rather than spreading). The files stay where they are: the
 * operator removes them once every node runs on the new store.
 */
export async function migrateBlobs(
  dataDir: string,
  target: BlobStore,
  progress: (done: number) => void = () => {},
): Promise<BlobMigration> {
  const source = new FsBlobStore(dataDir);
  const result: BlobMigration = { copied: 0, alreadyThere: 0 };
  for await (const hash of source.list()) {
    if (await target.has(hash)) {
      result.alreadyThere += 1;
    } else {
      const bytes = await source.get(hash);
      if (!bytes) continue;
      const stored = await target.put(bytes);
      if (stored !== hash) throw new Error(`blob ${hash} was stored as ${stored}`);
      result.copied += 1;
    }
    progress(result.copied + result.alreadyThere);
  }
  return result;
}
