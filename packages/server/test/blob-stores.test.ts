import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobCorrupted, type BlobStore, BlobStoreUnavailable } from '../src/blobs/blob-store.ts';
import { CHUNK_BYTES, DbBlobStore } from '../src/blobs/db-blob-store.ts';
import { FsBlobStore } from '../src/blobs/fs-blob-store.ts';
import { migrateBlobs } from '../src/blobs/migrate-blobs.ts';
import { openBlobStore } from '../src/blobs/open-blob-store.ts';
import { parseS3Url, S3BlobStore } from '../src/blobs/s3-blob-store.ts';
import { loadConfig } from '../src/config.ts';
import { openStore, type Store } from '../src/store/database.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { freshDatabase } from './harness.ts';
import { startTestS3, type TestS3 } from './s3-server.ts';

const sha = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');
const bytes = (s: string) => new TextEncoder().encode(s);

let s3: TestS3;
const stores: Store[] = [];
beforeAll(async () => {
  s3 = await startTestS3();
});
afterAll(async () => {
  for (const store of stores) await store.close();
  await s3.close();
});

async function database(dialect: 'sqlite' | 'postgres'): Promise<Store> {
  const { location } = await freshDatabase(dialect);
  const store = openStore(location);
  stores.push(store);
  await migrateToLatest(store.db);
  return store;
}

const kinds: Array<{ name: string; open(): Promise<BlobStore> }> = [
  { name: 'data folder', open: async () => new FsBlobStore(mkdtempSync(join(tmpdir(), 'wharf-blobs-'))) },
  { name: 'PostgreSQL', open: async () => new DbBlobStore((await database('postgres')).db, 'postgres') },
  { name: 'SQLite rows', open: async () => new DbBlobStore((await database('sqlite')).db, 'sqlite') },
  {
    name: 'S3 (s3rver, AWS SDK client)',
    open: async () =>
      new S3BlobStore(
        { bucket: await s3.bucket(), prefix: 'wharf/blobs' },
        {
          endpoint: s3.endpoint,
          region: 'us-east-1',
          forcePathStyle: true,
          credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
        },
      ),
  },
];

describe.each(kinds)('blob store: $name', (kind) => {
  let store: BlobStore;
  beforeAll(async () => {
    store = await kind.open();
  });

  it('stores bytes under their sha256 and reads them back, whole and streamed', async () => {
    const hash = await store.put(bytes('Page({})'));
    expect(hash).toBe(sha('Page({})'));
    expect(Buffer.from((await store.get(hash))!).toString()).toBe('Page({})');
    expect(await store.has(hash)).toBe(true);
    expect(await text((await store.stream(hash))!)).toBe('Page({})');
    await expect(store.check()).resolves.toBeUndefined();
  });

  it('stores the same content once, however concurrently it is put', async () => {
    const hashes = await Promise.all(Array.from({ length: 6 }, () => store.put(bytes('same'))));
    expect(new Set(hashes)).toEqual(new Set([sha('same')]));
  });

  it('keeps a blob of several chunks and an empty one intact', async () => {
    const big = new Uint8Array(CHUNK_BYTES * 2 + 12_345);
    for (let i = 0; i < big.length; i++) big[i] = (i * 31) % 251;
    const hash = await store.put(big);
    expect(sha(Buffer.from((await store.get(hash))!))).toBe(sha(big));
    const streamed: Buffer[] = [];
    for await (const part of (await store.stream(hash))!) streamed.push(part as Buffer);
    expect(sha(Buffer.concat(streamed))).toBe(sha(big));
    const empty = await store.put(new Uint8Array());
    expect((await store.get(empty))?.byteLength).toBe(0);
  });

  it.each([
    { name: 'an absent hash', hash: sha('never stored') },
    { name: 'a path traversal', hash: '../../etc/passwd' },
    { name: 'uppercase hex', hash: sha('x').toUpperCase() },
    { name: 'empty', hash: '' },
  ])('answers not found for $name', async ({ hash }) => {
    expect(await store.get(hash)).toBeUndefined();
    expect(await store.has(hash)).toBe(false);
    expect(await store.stream(hash)).toBeUndefined();
  });
});

describe.each(['sqlite', 'postgres'] as const)('database blob store on %s', (dialect) => {
  it('refuses to return bytes that no longer match their name', async () => {
    const store = await database(dialect);
    const blobs = new DbBlobStore(store.db, dialect);
    const hash = await blobs.put(bytes('original'));
    await store.db
      .updateTable('blob_chunks')
      .set({ data: Buffer.from('tampered') })
      .where('hash', '=', hash)
      .execute();
    await expect(blobs.get(hash)).rejects.toBeInstanceOf(BlobCorrupted);
  });

  it('a put that fails half-way leaves no blob row behind (the chunks and the row are one transaction)', async () => {
    const store = await database(dialect);
    const blobs = new DbBlobStore(store.db, dialect);
    const big = new Uint8Array(CHUNK_BYTES * 3).fill(7);
    // A trigger stands in for the database dying after the first chunk.
    if (dialect === 'postgres') {
      await sql`CREATE FUNCTION fail_second() RETURNS trigger AS $$ BEGIN IF NEW.seq = 1 THEN RAISE EXCEPTION 'gone'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`.execute(
        store.db,
      );
      await sql`CREATE TRIGGER fail_second BEFORE INSERT ON blob_chunks FOR EACH ROW EXECUTE FUNCTION fail_second()`.execute(
        store.db,
      );
    } else {
      await sql`CREATE TRIGGER fail_second BEFORE INSERT ON blob_chunks WHEN NEW.seq = 1 BEGIN SELECT RAISE(ABORT, 'gone'); END`.execute(
        store.db,
      );
    }
    await expect(blobs.put(big)).rejects.toBeInstanceOf(BlobStoreUnavailable);
    expect(await blobs.has(sha(big))).toBe(false);
    await sql`DROP TRIGGER fail_second ${sql.raw(dialect === 'postgres' ? 'ON blob_chunks' : '')}`.execute(
      store.db,
    );
    // Healthy again once the dependency is back.
    expect(await blobs.put(big)).toBe(sha(big));
    expect((await blobs.get(sha(big)))?.byteLength).toBe(big.byteLength);
  });
});

describe('choosing and migrating blob stores', () => {
  it('picks the database on PostgreSQL and the data folder on SQLite unless WHARF_BLOB_URL says otherwise', async () => {
    const pg = await database('postgres');
    const lite = await database('sqlite');
    const dir = mkdtempSync(join(tmpdir(), 'wharf-choose-'));
    const pgConfig = loadConfig({ data: dir, databaseUrl: 'postgres://x/y' }, {});
    expect(openBlobStore(pgConfig, pg).kind).toBe('postgres');
    expect(openBlobStore(loadConfig({ data: dir }, {}), lite).kind).toBe('data-folder');
    expect(
      openBlobStore(
        loadConfig({ data: dir, databaseUrl: 'postgres://x/y' }, { WHARF_BLOB_URL: 'data-folder' }),
        pg,
      ).kind,
    ).toBe('data-folder');
    expect(openBlobStore(loadConfig({ data: dir }, { WHARF_BLOB_URL: 's3://bucket-a/p' }), lite).kind).toBe(
      's3',
    );
  });

  it('refuses a malformed blob URL, and the database store on SQLite, with the setting named', () => {
    expect(() => loadConfig({}, { WHARF_BLOB_URL: 'ftp://x' })).toThrow(/WHARF_BLOB_URL/);
    expect(() => loadConfig({}, { WHARF_BLOB_URL: 'database' })).toThrow(/PostgreSQL/);
    expect(() => parseS3Url('s3://A')).toThrow(/s3:\/\/bucket\/prefix/);
    expect(parseS3Url('s3://my-bucket/a/b/')).toEqual({ bucket: 'my-bucket', prefix: 'a/b' });
    expect(parseS3Url('s3://my-bucket')).toEqual({ bucket: 'my-bucket', prefix: '' });
  });

  it('reports an unreachable S3 endpoint as unavailable, not as a missing blob', async () => {
    const dead = new S3BlobStore(
      { bucket: 'nobody-home', prefix: '' },
      {
        endpoint: 'http://127.0.0.1:9',
        region: 'us-east-1',
        forcePathStyle: true,
        maxAttempts: 1,
        credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
      },
    );
    await expect(dead.has(sha('x'))).rejects.toBeInstanceOf(BlobStoreUnavailable);
    await expect(dead.check()).rejects.toBeInstanceOf(BlobStoreUnavailable);
  });

  it.each(['postgres', 's3'] as const)(
    'wharf migrate copies data-folder blobs into the %s store, once',
    async (to) => {
      const dir = mkdtempSync(join(tmpdir(), 'wharf-migrate-'));
      const source = new FsBlobStore(dir);
      const hashes = await Promise.all(['a', 'b', 'c'].map((s) => source.put(bytes(`file ${s}`))));
      writeFileSync(join(dir, 'blobs', 'README'), 'not a blob');
      const target =
        to === 'postgres'
          ? new DbBlobStore((await database('postgres')).db, 'postgres')
          : new S3BlobStore(
              { bucket: await s3.bucket(), prefix: '' },
              {
                endpoint: s3.endpoint,
                region: 'us-east-1',
                forcePathStyle: true,
                credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
              },
            );
      expect(await migrateBlobs(dir, target)).toEqual({ copied: 3, alreadyThere: 0 });
      for (const hash of hashes) expect(await target.has(hash)).toBe(true);
      expect(await migrateBlobs(dir, target)).toEqual({ copied: 0, alreadyThere: 3 });
    },
  );
});
