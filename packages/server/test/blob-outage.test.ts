import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { type BlobStore, BlobStoreUnavailable } from '../src/blobs/blob-store.ts';
import { FsBlobStore } from '../src/blobs/fs-blob-store.ts';
import { loadConfig } from '../src/config.ts';
import { createContext } from '../src/context.ts';
import { randomHex } from '../src/security/secrets.ts';
import { openStore } from '../src/store/database.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { ApiClient } from './client.ts';
import { type CodeWorld, codeWorld } from './code-world.ts';
import { dialects, freshDatabase, type TestServer, testClock } from './harness.ts';

/** A real data-folder store whose dependency can be taken away, as an unreachable S3 or a full disk would. */
class FlakyBlobStore implements BlobStore {
  readonly kind = 'data-folder';
  down = false;
  /** Answers nothing at all, as a store behind a dropped route does. */
  hangs = false;
  constructor(private readonly inner: FsBlobStore) {}
  private gate() {
    if (this.down) throw new BlobStoreUnavailable(this.kind, new Error('connect ECONNREFUSED'));
  }
  async put(bytes: Uint8Array) {
    this.gate();
    return this.inner.put(bytes);
  }
  async get(hash: string) {
    this.gate();
    return this.inner.get(hash);
  }
  async has(hash: string) {
    this.gate();
    return this.inner.has(hash);
  }
  async stream(hash: string) {
    this.gate();
    return this.inner.stream(hash);
  }
  async check() {
    if (this.hangs) return new Promise<void>(() => {});
    this.gate();
    return this.inner.check();
  }
}

describe.each(dialects)('an unreachable blob store on %s', (dialect) => {
  let server: TestServer;
  let blobs: FlakyBlobStore;
  let w: CodeWorld;

  beforeAll(async () => {
    const { location, dataDir } = await freshDatabase(dialect);
    const store = openStore(location);
    await migrateToLatest(store.db);
    const clock = testClock();
    const config = loadConfig({ data: dataDir, port: 0 }, {});
    blobs = new FlakyBlobStore(new FsBlobStore(dataDir));
    const ctx = createContext({ config, store, secretKey: randomHex(16), clock, blobs });
    await ctx.categories.seedIfEmpty();
    const app = await buildApp(ctx);
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    server = {
      url,
      // No runtime listener here: the platform serves package files itself (single origin).
      runtimeUrl: url,
      app,
      ctx,
      clock,
      async close() {
        await app.close();
        await (ctx as { close?: () => Promise<void> }).close?.();
        await store.close();
      },
    };
    w = await codeWorld(server, '断存');
  });
  afterAll(() => server.close());

  it('refuses an upload with 503 blob_store_unavailable, leaves no version behind, and works once it is back', async () => {
    blobs.down = true;
    const refused = await w.upload('1.0.0');
    expect(refused.status).toBe(503);
    expect(refused.body.error.code).toBe('blob_store_unavailable');
    expect((await w.dev.get(`/api/v1/code/${w.app.appid}/versions`)).body).toEqual([]);
    const health = await new ApiClient(server.url).get('/healthz');
    expect(health.status).toBe(503);
    expect(health.body.blobs).toMatchObject({ ok: false, store: 'data-folder' });

    blobs.down = false;
    const uploaded = await w.upload('1.0.0');
    expect(uploaded.status).toBe(201);
    expect((await new ApiClient(server.url).get('/healthz')).status).toBe(200);
  });

  it('answers /healthz with 503 within seconds when the blob store does not answer at all', async () => {
    blobs.hangs = true;
    try {
      const response = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(15_000) });
      expect(response.status).toBe(503);
      expect((await response.json()).blobs).toMatchObject({
        ok: false,
        error: expect.stringMatching(/did not answer/),
      });
    } finally {
      blobs.hangs = false;
    }
  }, 20_000);

  it('answers a file read during the outage with 503, not 404 or 500', async () => {
    const versions = (await w.dev.get(`/api/v1/code/${w.app.appid}/versions`)).body as Array<{
      versionHash: string;
    }>;
    const hash = versions[0]!.versionHash;
    blobs.down = true;
    try {
      const response = await fetch(`${server.url}/pkg/${w.app.appid}/${hash}/_wharf/manifest.json`, {
        headers: { authorization: `Bearer ${w.devToken}` },
      });
      expect(response.status).toBe(503);
    } finally {
      blobs.down = false;
    }
  });
});
