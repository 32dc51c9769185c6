import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Db } from '../store/database.ts';
import { BlobCorrupted, type BlobStore, BlobStoreUnavailable, isBlobHash } from './blob-store.ts';

/** 256 KiB: a 20 MB package file is 80 rows, each a modest bind parameter. */
export const CHUNK_BYTES = 256 * 1024;
const CHUNKS_PER_INSERT = 4;

/**
 * Blobs as rows in the database every node shares: one `blobs` row and its `blob_chunks`,
 * written in one transaction, so a reader that sees the row sees all of it. Reads go chunk by
 * chunk, so serving a large blob never holds it whole in memory.
 */
export class DbBlobStore implements BlobStore {
  constructor(
    private readonly db: Db,
    readonly kind: 'postgres' | 'sqlite',
    private readonly clock: () => number = Date.now,
  ) {}

  async put(bytes: Uint8Array): Promise<string> {
    const hash = createHash('sha256').update(bytes).digest('hex');
    await this.guard(async () => {
      if (await this.has(hash)) return;
      const chunks = Math.max(1, Math.ceil(bytes.byteLength / CHUNK_BYTES));
      await this.db.transaction().execute(async (tx) => {
        // Two nodes putting the same content: the second waits on the key, then does nothing.
        const inserted = await tx
          .insertInto('blobs')
          .values({ hash, size: bytes.byteLength, chunks, created_at: this.clock() })
          .onConflict((oc) => oc.column('hash').doNothing())
          .executeTakeFirst();
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return;
        // A few chunks per statement: fewer round trips, never more than ~1 MiB of parameters.
        for (let seq = 0; seq < chunks; seq += CHUNKS_PER_INSERT) {
          const rows = [];
          for (let i = seq; i < Math.min(chunks, seq + CHUNKS_PER_INSERT); i++) {
            const data = bytes.subarray(i * CHUNK_BYTES, (i + 1) * CHUNK_BYTES);
            rows.push({ hash, seq: i, data: Buffer.from(data.buffer, data.byteOffset, data.byteLength) });
          }
          await tx.insertInto('blob_chunks').values(rows).execute();
        }
      });
    });
    return hash;
  }

  /** Chunks are copied into one buffer of the recorded size as they arrive: the blob is held once. */
  async get(hash: string): Promise<Uint8Array | undefined> {
    const stream = await this.stream(hash);
    if (!stream) return undefined;
    const size = (stream as Readable & { blobSize?: number }).blobSize ?? 0;
    const whole = Buffer.allocUnsafe(size);
    let at = 0;
    for await (const part of stream) {
      const chunk = part as Buffer;
      if (at + chunk.byteLength > size) throw new BlobCorrupted(hash);
      chunk.copy(whole, at);
      at += chunk.byteLength;
    }
    return new Uint8Array(whole.buffer, whole.byteOffset, at);
  }

  async has(hash: string): Promise<boolean> {
    if (!isBlobHash(hash)) return false;
    return this.guard(async () => Boolean(await this.row(hash)));
  }

  /** Chunk by chunk, one query each (the first with the row); the stream fails with BlobCorrupted if the bytes do not hash to the name. */
  async stream(hash: string): Promise<Readable | undefined> {
    if (!isBlobHash(hash)) return undefined;
    // The first chunk comes with the row: most package files are one chunk, so one query.
    const row = await this.guard(() =>
      this.db
        .selectFrom('blobs')
        .leftJoin('blob_chunks', (join) =>
          join.onRef('blob_chunks.hash', '=', 'blobs.hash').on('blob_chunks.seq', '=', 0),
        )
        .select(['blobs.size', 'blobs.chunks', 'blob_chunks.data'])
        .where('blobs.hash', '=', hash)
        .executeTakeFirst(),
    );
    if (!row) return undefined;
    const db = this.db;
    const kind = this.kind;
    async function* chunks() {
      const digest = createHash('sha256');
      let size = 0;
      for (let seq = 0; seq < row!.chunks; seq++) {
        let chunk: { data: Uint8Array | null } | undefined = seq === 0 ? { data: row!.data } : undefined;
        try {
          chunk ??= await db
            .selectFrom('blob_chunks')
            .select('data')
            .where('hash', '=', hash)
            .where('seq', '=', seq)
            .executeTakeFirst();
        } catch (error) {
          throw new BlobStoreUnavailable(kind, error);
        }
        if (!chunk?.data) throw new BlobCorrupted(hash);
        const data = Buffer.from(chunk.data.buffer, chunk.data.byteOffset, chunk.data.byteLength);
        digest.update(data);
        size += data.byteLength;
        yield data;
      }
      if (size !== row!.size || digest.digest('hex') !== hash) throw new BlobCorrupted(hash);
    }
    return Object.assign(Readable.from(chunks(), { objectMode: false }), { blobSize: row.size });
  }

  async check(): Promise<void> {
    await this.guard(() => this.db.selectFrom('blobs').select('hash').limit(1).execute());
  }

  private row(hash: string) {
    return this.db.selectFrom('blobs').select(['size', 'chunks']).where('hash', '=', hash).executeTakeFirst();
  }

  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof BlobCorrupted || error instanceof BlobStoreUnavailable) throw error;
      throw new BlobStoreUnavailable(this.kind, error);
    }
  }
}
