import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../../../test/throwaway-postgres.ts';
import { randomHex } from '../src/security/secrets.ts';
import { type CodeWorld, codeWorld } from './code-world.ts';
import { startNodeAt, type TestServer } from './harness.ts';

/**
 * A PostgreSQL that goes away in the middle of an upload and comes back: the upload gets a clear
 * "retry" answer, nothing half-written remains (no version row pointing at missing blobs), and the
 * same server is healthy and takes the upload once the database is back, without a restart.
 */
/** The server's clients reconnecting can race the new postmaster's start: try a few times. */
async function startAgain(postgres: ThrowawayPostgres): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await postgres.start();
      return;
    } catch (error) {
      if (attempt >= 10) throw new Error(`PostgreSQL did not start again: ${String(error)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

describe('a PostgreSQL restart in the middle of an upload', () => {
  let postgres: ThrowawayPostgres;
  let server: TestServer;
  let w: CodeWorld;
  let url: string;

  beforeAll(async () => {
    postgres = await startThrowawayPostgres('wharf-pg-restart-', { keepData: true });
    const admin = new pg.Client({ connectionString: postgres.url });
    await admin.connect();
    await admin.query('CREATE DATABASE wharf_restart');
    await admin.end();
    url = postgres.url.replace(/\/postgres$/, '/wharf_restart');
    const dataDir = mkdtempSync(join(tmpdir(), 'wharf-restart-'));
    server = await startNodeAt({ dialect: 'postgres', location: url, dataDir, secretKey: randomHex(16) });
    w = await codeWorld(server);
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await postgres?.stop();
  });

  async function versionRows(): Promise<number> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return Number((await client.query('SELECT count(*) AS n FROM code_versions')).rows[0].n);
    } finally {
      await client.end();
    }
  }

  it('answers the upload 503 "retry", keeps no half-written version, and recovers', async () => {
    expect((await w.upload('1.0.0')).status).toBe(201);
    const before = await versionRows();

    // The database stops while the upload is writing its first blob.
    const blobs = server.ctx.blobs;
    const put = blobs.put.bind(blobs);
    let stopped = false;
    blobs.put = async (...args: Parameters<typeof put>) => {
      if (!stopped) {
        stopped = true;
        await postgres.stop();
      }
      return put(...args);
    };
    try {
      const during = await w.upload('1.0.1');
      expect(during.status).toBe(503);
      expect(['database_unavailable', 'blob_store_unavailable']).toContain(during.body.error.code);
      const health = await fetch(`${server.url}/healthz`);
      expect(health.status).toBe(503);
      // Any other request that needs the database meanwhile: the same "retry", not a 500.
      const list = await w.dev.get('/api/v1/miniprograms');
      expect(list.status).toBe(503);
      expect(list.body.error.code).toBe('database_unavailable');
    } finally {
      blobs.put = put;
      await startAgain(postgres);
    }

    // Back: no row of the failed upload, the same server is healthy again and takes it.
    expect(await versionRows()).toBe(before);
    await expect
      .poll(async () => (await fetch(`${server.url}/healthz`)).status, { timeout: 15_000, interval: 250 })
      .toBe(200);
    const again = await w.upload('1.0.1');
    expect(again.status).toBe(201);
    expect(await versionRows()).toBe(before + 1);
    const served = await fetch(
      `${server.runtimeUrl}/pkg/${w.app.appid}/${again.body.versionHash}/_wharf/manifest.json`,
      {
        headers: { authorization: `Bearer ${w.devToken}` },
      },
    );
    expect(served.status).toBe(200);
  }, 120_000);
});
