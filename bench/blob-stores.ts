/**
 * Upload and serving of a ~2 MB package through the PostgreSQL blob store, next to the
 * data-folder store, in the same run on the same PostgreSQL (only the blob store differs).
 * A throwaway PostgreSQL is started unless WHARF_BENCH_DATABASE_URL names one.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { buildApp } from '../packages/server/src/app.ts';
import type { BlobStore } from '../packages/server/src/blobs/blob-store.ts';
import { FsBlobStore } from '../packages/server/src/blobs/fs-blob-store.ts';
import { loadConfig } from '../packages/server/src/config.ts';
import { createContext } from '../packages/server/src/context.ts';
import { makeZip } from '../packages/server/src/features/code/package/zip-fixtures.ts';
import { idCheckCharacter } from '../packages/server/src/features/identity/id-number.ts';
import { randomHex } from '../packages/server/src/security/secrets.ts';
import { openStore } from '../packages/server/src/store/database.ts';
import { migrateToLatest } from '../packages/server/src/store/migrate.ts';
import { startThrowawayPostgres } from '../test/throwaway-postgres.ts';

const ROUNDS = 5;

function packageFiles(round: number): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const pages = Array.from({ length: 40 }, (_, i) => `pages/p${i}/p${i}`);
  files.set('app.json', Buffer.from(JSON.stringify({ pages })));
  files.set('app.js', Buffer.from(`App({}); // ${round}`));
  for (const page of pages) {
    files.set(`${page}.wxml`, Buffer.from(`<view>{{x}} ${'<text>x</text>'.repeat(50)} ${round}</view>`));
    files.set(`${page}.js`, Buffer.from(`Page({ data: { x: ${round} } }); ${'// filler\n'.repeat(200)}`));
  }
  for (let i = 0; i < 30; i++) files.set(`images/i${i}.png`, randomBytes(60 * 1024));
  return files;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function time(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

async function freshDatabase(adminUrl: string): Promise<string> {
  const name = `wharf_bench_${randomHex(6)}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A server whose blob store is `blobs` (undefined: the default on PostgreSQL, its rows), ready to take rounds. */
async function setUp(adminUrl: string, blobs: (dataDir: string) => BlobStore | undefined) {
  const dataDir = mkdtempSync(join(tmpdir(), 'wharf-bench-blobs-'));
  const databaseUrl = await freshDatabase(adminUrl);
  const store = openStore(databaseUrl);
  await migrateToLatest(store.db);
  const config = loadConfig({ data: dataDir, port: 0, databaseUrl }, {});
  const ctx = createContext({ config, store, secretKey: randomHex(16), blobs: blobs(dataDir) });
  await ctx.categories.seedIfEmpty();
  const app = await buildApp(ctx);
  const base = await app.listen({ host: '127.0.0.1', port: 0 });

  const user = await ctx.accounts.signUp({ email: 'bench@example.com', password: 'password-123' });
  const first17 = '11010519900101001';
  const subject = await ctx.identity.submit(user.id, {
    type: 'individual',
    name: '基准',
    idNumber: first17 + idCheckCharacter(first17),
  });
  if (subject.status === 'pending') await ctx.identity.review(subject.id, true, undefined);
  const created = await ctx.miniPrograms.create(user.id, subject.id);
  const tools = (await ctx.categories.tree()).find((c) => c.name === '工具')!;
  await ctx.miniPrograms.updateDetails(user.id, created.id, {
    name: '基准测试',
    intro: '基准测试小程序',
    icon: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    categories: [{ firstId: tools.id, secondId: tools.children[0]!.id }],
  });
  const key = (await ctx.code.packages.createKey(user.id, created.appid, {})).key;
  const signin = await fetch(`${base}/api/v1/auth/signin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'bench@example.com', password: 'password-123' }),
  });
  const session = ((await signin.json()) as { token: string }).token;

  const uploads: number[] = [];
  const serves: number[] = [];
  async function round(round: number, files: Map<string, Uint8Array>, zip: Buffer) {
    let versionHash = '';
    uploads.push(
      await time(async () => {
        const response = await fetch(`${base}/api/v1/code/${created.appid}/versions?version=1.0.${round}`, {
          method: 'POST',
          headers: { 'content-type': 'application/zip', 'x-wharf-upload-key': key },
          body: new Uint8Array(zip),
        });
        if (response.status !== 201) throw new Error(await response.text());
        versionHash = ((await response.json()) as { versionHash: string }).versionHash;
      }),
    );
    const paths = ['_wharf/manifest.json', ...[...files.keys()].filter((p) => p.startsWith('images/'))];
    serves.push(
      await time(() =>
        Promise.all(
          paths.map(async (p) => {
            const response = await fetch(`${base}/pkg/${created.appid}/${versionHash}/${p}`, {
              headers: { authorization: `Bearer ${session}` },
            });
            if (response.status !== 200) throw new Error(`${p}: ${response.status}`);
            await response.arrayBuffer();
          }),
        ),
      ),
    );
  }
  return {
    round,
    result: () => ({ upload: median(uploads), serve: median(serves) }),
    async close() {
      await app.close();
      await (ctx as { close?: () => Promise<void> }).close?.();
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function main() {
  const postgres = await startThrowawayPostgres('wharf-bench-pg-');
  try {
    const servers = [
      await setUp(postgres.url, (dataDir) => new FsBlobStore(dataDir)),
      await setUp(postgres.url, () => undefined),
    ];
    let bytes = 0;
    // Rounds alternate between the two stores, so a busy moment on the machine hits both alike.
    for (let i = 0; i < ROUNDS; i++) {
      const files = packageFiles(i);
      bytes = [...files.values()].reduce((sum, f) => sum + f.byteLength, 0);
      const zip = await makeZip([...files].map(([path, data]) => ({ path, data })));
      for (const server of i % 2 === 0 ? servers : [...servers].reverse()) await server.round(i, files, zip);
    }
    const [folder, rows] = servers.map((server) => server.result()) as [
      { upload: number; serve: number },
      { upload: number; serve: number },
    ];
    for (const server of servers) await server.close();
    console.log(
      `blob stores on PostgreSQL: ${(bytes / 1024 / 1024).toFixed(2)} MB package, median of ${ROUNDS}`,
    );
    console.log(
      `  upload: data folder ${folder.upload.toFixed(1)} ms, PostgreSQL blob store ${rows.upload.toFixed(1)} ms (${(rows.upload / folder.upload).toFixed(2)}x)`,
    );
    console.log(
      `  serve manifest + 30 images: data folder ${folder.serve.toFixed(1)} ms, PostgreSQL blob store ${rows.serve.toFixed(1)} ms (${(rows.serve / folder.serve).toFixed(2)}x)`,
    );
  } finally {
    await postgres.stop();
  }
}

await main();
