import type { Readable } from 'node:stream';

/**
 * Content-addressed storage for code package files, icons and QR images. A blob's
 * name is the lowercase hex sha256 of its bytes, so the same file in two versions
 * is stored once and a name can never point at different contents.
 */
export interface BlobStore {
  /** Which store this is, for /healthz and logs: `data-folder`, `postgres`, `sqlite` or `s3`. */
  readonly kind: string;
  /** Stores the bytes (once, however often called) and returns their sha256. */
  put(bytes: Uint8Array): Promise<string>;
  /** The bytes, or undefined when absent or when `hash` is not a sha256 hex string. */
  get(hash: string): Promise<Uint8Array | undefined>;
  has(hash: string): Promise<boolean>;
  /** A stream of the bytes, for serving large blobs without holding them in memory. */
  stream(hash: string): Promise<Readable | undefined>;
  /** Resolves when the store answers (for /healthz); rejects with the reason otherwise. */
  check(): Promise<void>;
}

/** A stored blob whose bytes no longer hash to its name: the disk or someone changed it. */
export class BlobCorrupted extends Error {
  constructor(readonly hash: string) {
    super(`blob ${hash} does not match its sha256`);
    this.name = 'BlobCorrupted';
  }
}

const sha256Hex = /^[0-9a-f]{64}$/;

/** Only exact lowercase sha256 hex is a blob name; nothing else may reach a path. */
export function isBlobHash(hash: string): boolean {
  return sha256Hex.test(hash);
}

/** The store could not be reached or refused a write: a 503 to the caller, the cause in the log. */
export class BlobStoreUnavailable extends Error {
  constructor(
    readonly kind: string,
    cause: unknown,
  ) {
    super(`blob store (${kind}) unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = 'BlobStoreUnavailable';
  }
}
