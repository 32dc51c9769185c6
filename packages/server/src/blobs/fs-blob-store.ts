import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { BlobCorrupted, type BlobStore, isBlobHash } from './blob-store.ts';

/**
 * Blobs as files under `<data>/blobs/ab/cdef…` (git's layout: 256 folders keep any
 * one directory small). A blob is written to `<data>/blobs/tmp/`, flushed, then
 * renamed into place, so a reader or a crash never sees half a file.
 */
export class FsBlobStore implements BlobStore {
  readonly kind = 'data-folder';
  private readonly root: string;
  private readonly tmp: string;

  constructor(dataDir: string) {
    this.root = join(dataDir, 'blobs');
    this.tmp = join(this.root, 'tmp');
  }

  async put(bytes: Uint8Array): Promise<string> {
    const hash = createHash('sha256').update(bytes).digest('hex');
    const target = this.pathOf(hash);
    if (await exists(target)) return hash;

    await mkdir(this.tmp, { recursive: true });
    const temp = join(this.tmp, `${hash}.${randomBytes(8).toString('hex')}`);
    try {
      const file = await open(temp, 'wx');
      try {
        await file.writeFile(bytes);
        await file.sync();
      } finally {
        await file.close();
      }
      const folder = join(this.root, hash.slice(0, 2));
      await mkdir(folder, { recursive: true });
      // Two writers of the same content race harmlessly: rename replaces atomically
      // with identical bytes.
      await rename(temp, target);
      await syncFolder(folder);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    return hash;
  }

  async get(hash: string): Promise<Uint8Array | undefined> {
    if (!isBlobHash(hash)) return undefined;
    let bytes: Buffer;
    try {
      bytes = await readFile(this.pathOf(hash));
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
    if (createHash('sha256').update(bytes).digest('hex') !== hash) throw new BlobCorrupted(hash);
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  async has(hash: string): Promise<boolean> {
    return isBlobHash(hash) && exists(this.pathOf(hash));
  }

  async stream(hash: string): Promise<Readable | undefined> {
    if (!(await this.has(hash))) return undefined;
    return createReadStream(this.pathOf(hash));
  }

  /** Every blob's hash, folder by folder (for `wharf migrate`, which copies them elsewhere). */
  async *list(): AsyncGenerator<string> {
    let folders: string[];
    try {
      folders = (await readdir(this.root)).filter((name) => /^[0-9a-f]{2}$/.test(name)).sort();
    } catch (error) {
      if (isNotFound(error)) return;
      throw error;
    }
    for (const folder of folders) {
      for (const rest of (await readdir(join(this.root, folder))).sort()) {
        if (isBlobHash(folder + rest)) yield folder + rest;
      }
    }
  }

  /** The folder exists (or can be made) and takes a write. */
  async check(): Promise<void> {
    await mkdir(this.tmp, { recursive: true });
    const probe = join(this.tmp, `health.${randomBytes(8).toString('hex')}`);
    await writeFile(probe, '');
    await rm(probe, { force: true });
  }

  /** Callers validate `hash` first; it is then 64 hex digits and cannot name another path. */
  private pathOf(hash: string): string {
    return join(this.root, hash.slice(0, 2), hash.slice(2));
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

/** Makes the rename itself durable (POSIX: a new directory entry needs the folder flushed). */
async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } catch {
    // Some filesystems refuse fsync on a directory; the file itself is already flushed.
  } finally {
    await handle.close();
  }
}
