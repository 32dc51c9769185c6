import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BlobCorrupted } from './blob-store.ts';
import { FsBlobStore } from './fs-blob-store.ts';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const bytes = (s: string) => new TextEncoder().encode(s);

describe('FsBlobStore', () => {
  let data: string;
  let store: FsBlobStore;

  beforeEach(async () => {
    data = await mkdtemp(join(tmpdir(), 'wharf-blobs-'));
    store = new FsBlobStore(data);
  });
  afterEach(() => rm(data, { recursive: true, force: true }));

  it('stores bytes under their sha256 in <data>/blobs/ab/cdef… and reads them back', async () => {
    const hash = await store.put(bytes('Page({})'));
    expect(hash).toBe(sha('Page({})'));
    expect(await readdir(join(data, 'blobs', hash.slice(0, 2)))).toEqual([hash.slice(2)]);
    expect(Buffer.from((await store.get(hash))!).toString()).toBe('Page({})');
    expect(await store.has(hash)).toBe(true);
  });

  it('stores the same content once, however often and however concurrently it is put', async () => {
    const hashes = await Promise.all(Array.from({ length: 8 }, () => store.put(bytes('same'))));
    expect(new Set(hashes)).toEqual(new Set([sha('same')]));
    expect(await readdir(join(data, 'blobs', sha('same').slice(0, 2)))).toHaveLength(1);
    expect(await readdir(join(data, 'blobs', 'tmp'))).toEqual([]);
  });

  it('stores an empty blob', async () => {
    const hash = await store.put(new Uint8Array());
    expect((await store.get(hash))?.byteLength).toBe(0);
  });

  it('streams a blob', async () => {
    const hash = await store.put(bytes('streamed'));
    expect(await text((await store.stream(hash))!)).toBe('streamed');
    expect(await store.stream(sha('absent'))).toBeUndefined();
  });

  const notHashes = [
    { name: 'an absent hash', hash: sha('never stored') },
    { name: 'a path traversal', hash: '../../etc/passwd' },
    { name: 'a traversal padded to 64 characters', hash: `..${'/'.repeat(2)}${'a'.repeat(60)}` },
    { name: 'uppercase hex', hash: sha('x').toUpperCase() },
    { name: 'too short', hash: 'abcd' },
    { name: 'empty', hash: '' },
  ];

  it.each(notHashes)('answers not found for $name', async ({ hash }) => {
    await store.put(bytes('x'));
    expect(await store.get(hash)).toBeUndefined();
    expect(await store.has(hash)).toBe(false);
    expect(await store.stream(hash)).toBeUndefined();
  });

  it('refuses to return bytes that no longer match their name', async () => {
    const hash = await store.put(bytes('original'));
    await writeFile(join(data, 'blobs', hash.slice(0, 2), hash.slice(2)), 'tampered');
    await expect(store.get(hash)).rejects.toBeInstanceOf(BlobCorrupted);
  });
});
