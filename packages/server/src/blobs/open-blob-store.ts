import type { Config } from '../config.ts';
import type { Store } from '../store/database.ts';
import type { BlobStore } from './blob-store.ts';
import { DbBlobStore } from './db-blob-store.ts';
import { FsBlobStore } from './fs-blob-store.ts';
import { parseS3Url, S3BlobStore } from './s3-blob-store.ts';

/** The store `config.blobUrl` names; empty means the database on PostgreSQL, the data folder on SQLite. */
export function openBlobStore(config: Config, store: Store, clock: () => number = Date.now): BlobStore {
  const url = config.blobUrl || (store.dialect.name === 'postgres' ? 'database' : 'data-folder');
  if (url === 'data-folder') return new FsBlobStore(config.dataDir);
  if (url === 'database') return new DbBlobStore(store.db, store.dialect.name, clock);
  const { endpoint, region, accessKeyId, secretAccessKey } = config.s3;
  return new S3BlobStore(parseS3Url(url), {
    region: region || 'us-east-1',
    ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
    ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey } } : {}),
  });
}
