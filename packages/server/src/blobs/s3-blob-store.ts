import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { BlobCorrupted, type BlobStore, BlobStoreUnavailable, isBlobHash } from './blob-store.ts';

export interface S3Location {
  bucket: string;
  /** Key prefix without leading or trailing slash; may be empty. */
  prefix: string;
}

/** `s3://bucket/some/prefix` → bucket and prefix; anything else is refused with a reason. */
export function parseS3Url(url: string): S3Location {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(url);
  if (!match) {
    throw new Error(
      `WHARF_BLOB_URL ${url} is not s3://bucket/prefix (bucket: 3-63 lowercase letters, digits, . or -)`,
    );
  }
  return { bucket: match[1]!, prefix: (match[2] ?? '').replace(/^\/+|\/+$/g, '') };
}

/**
 * Blobs as objects in an S3-compatible bucket, keyed `<prefix>/ab/cdef…` like the data folder.
 * Content addressing makes a second put of the same bytes a harmless overwrite, so no locking.
 */
export class S3BlobStore implements BlobStore {
  readonly kind = 's3';
  private readonly client: S3Client;

  constructor(
    private readonly location: S3Location,
    config: S3ClientConfig,
  ) {
    this.client = new S3Client(config);
  }

  async put(bytes: Uint8Array): Promise<string> {
    const hash = createHash('sha256').update(bytes).digest('hex');
    if (await this.has(hash)) return hash;
    await this.guard(() =>
      this.client.send(
        new PutObjectCommand({
          Bucket: this.location.bucket,
          Key: this.keyOf(hash),
          Body: bytes,
          ContentLength: bytes.byteLength,
          ContentType: 'application/octet-stream',
        }),
      ),
    );
    return hash;
  }

  async get(hash: string): Promise<Uint8Array | undefined> {
    const body = await this.body(hash);
    if (!body) return undefined;
    const bytes = await this.guard(() => body.transformToByteArray());
    if (createHash('sha256').update(bytes).digest('hex') !== hash) throw new BlobCorrupted(hash);
    return bytes;
  }

  async has(hash: string): Promise<boolean> {
    if (!isBlobHash(hash)) return false;
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.location.bucket, Key: this.keyOf(hash) }));
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw new BlobStoreUnavailable(this.kind, error);
    }
  }

  async stream(hash: string): Promise<Readable | undefined> {
    return (await this.body(hash)) as unknown as Readable | undefined;
  }

  async check(): Promise<void> {
    await this.guard(() => this.client.send(new HeadBucketCommand({ Bucket: this.location.bucket })));
  }

  close(): void {
    this.client.destroy();
  }

  private async body(hash: string) {
    if (!isBlobHash(hash)) return undefined;
    try {
      const answer = await this.client.send(
        new GetObjectCommand({ Bucket: this.location.bucket, Key: this.keyOf(hash) }),
      );
      return answer.Body;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw new BlobStoreUnavailable(this.kind, error);
    }
  }

  private keyOf(hash: string): string {
    const key = `${hash.slice(0, 2)}/${hash.slice(2)}`;
    return this.location.prefix ? `${this.location.prefix}/${key}` : key;
  }

  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw new BlobStoreUnavailable(this.kind, error);
    }
  }
}

function isMissing(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404;
}
