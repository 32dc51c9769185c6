/**
 * Uploading and serving a 2 MB package, against a baseline measured in the same run: writing
 * the same files to disk raw (upload) and reading them back raw (serving). Prints ratios, so
 * the result means the same on a fast or a slow machine.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildApp } from '../packages/server/src/app.ts';
import { loadConfig } from '../packages/server/src/config.ts';
import { createContext } from '../packages/server/src/context.ts';
import { makeZip } from '../packages/server/src/features/code/package/zip-fixtures.ts';
import { idCheckCharacter } from '../packages/server/src/features/identity/id-number.ts';
import { randomHex } from '../packages/server/src/security/secrets.ts';
import { openStore } from '../packages/server/src/store/database.ts';
import { migrateToLatest } from '../packages/server/src/store/migrate.ts';

const ROUNDS = 5;

/** ~2 MB main package: 40 pages of code plus incompressible images. */
function packageFiles(round: number): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const pages = Array.from({ length: 40 }, (_, i) => `pages/p${i}/p${i}`);
  files.set('app.json', Buffer.from(JSON.stringify({ pages })));
  files.set('app.js', Buffer.from(`App({}); // ${round}`));
  for (const page of pages) {
    files.set(
      `${page}.wxml`,
      Buffer.from(`<view wx:for="{{items}}">{{item}} ${'<text>x</text>'.repeat(50)}</view>`),
    );
    files.set(`${page}.js`, Buffer.from(`Page({ data: { items: [1,2,3] } }); ${'// filler\n'.repeat(200)}`));
    files.set(`${page}.wxss`, Buffer.from('.a { color: red; }\n'.repeat(100)));
  }
  for (let i = 0; i < 30; i++) files.set(`images/i${i}.png`, randomBytes(60 * 1024));
  return files;
}

async function time(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'wharf-bench-'));
  const store = openStore(join(dataDir, 'wharf.sqlite'));
  await migrateToLatest(store.db);
  const ctx = createContext({
    config: loadConfig({ data: dataDir, port: 0 }, {}),
    store,
    secretKey: randomHex(16),
  });
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
  const tree = await ctx.categories.tree();
  const tools = tree.find((c) => c.name === '工具')!;
  await ctx.miniPrograms.updateDetails(user.id, created.id, {
    name: '基准测试',
    intro: '基准测试小程序',
    icon: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    categories: [{ firstId: tools.id, secondId: tools.children[0]!.id }],
  });
  const key = (await ctx.code.packages.createKey(user.id, created.appid, {})).key;

  const uploads: number[] = [];
  const rawWrites: number[] = [];
  const serves: number[] = [];
  const rawReads: number[] = [];
  let bytes = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const files = packageFiles(round);
    bytes = [...files.values()].reduce((sum, f) => sum + f.byteLength, 0);
    const zip = await makeZip([...files].map(([path, data]) => ({ path, data })));

    const rawDir = join(dataDir, `raw-${round}`);
    rawWrites.push(
      await time(async () => {
        for (const [path, data] of files) {
          await mkdir(dirname(join(rawDir, path)), { recursive: true });
          await writeFile(join(rawDir, path), data);
        }
      }),
    );
    let version: { versionHash: string } | undefined;
    uploads.push(
      await time(async () => {
        const response = await fetch(`${base}/api/v1/code/${created.appid}/versions?version=1.0.${round}`, {
          method: 'POST',
          headers: { 'content-type': 'application/zip', 'x-wharf-upload-key': key },
          body: new Uint8Array(zip),
        });
        if (response.status !== 201) throw new Error(await response.text());
        version = (await response.json()) as { versionHash: string };
      }),
    );
    const built = await ctx.code.serving.file(
      created.appid,
      ctx.code.serving.grant(created.appid, version!.versionHash, user.id),
      'images/i0.png',
    );
    if (!built) throw new Error('not built');
    const launch = await ctx.code.packages.versions(user.id, created.appid);
    const entry = launch[0]!.entryFile;
    const paths = [entry, ...[...files.keys()].filter((p) => p.startsWith('images/'))];
    const baseUrl = `${base}/pkg/${created.appid}/${ctx.code.serving.grant(created.appid, version!.versionHash, user.id)}/`;
    serves.push(
      await time(async () => {
        await Promise.all(
          paths.map(async (p) => {
            const response = await fetch(baseUrl + p);
            if (response.status !== 200) throw new Error(`${p}: ${response.status}`);
            await response.arrayBuffer();
          }),
        );
      }),
    );
    rawReads.push(await time(() => Promise.all(paths.slice(1).map((p) => readFile(join(rawDir, p))))));
  }
  await app.close();
  await store.close();
  await rm(dataDir, { recursive: true, force: true });

  const up = median(uploads);
  const w = median(rawWrites);
  const s = median(serves);
  const r = median(rawReads);
  console.log(`code packages: ${(bytes / 1024 / 1024).toFixed(2)} MB package, median of ${ROUNDS}`);
  console.log(
    `  upload (HTTP + unzip + validate + build + blobs + rows): ${up.toFixed(1)} ms  = ${(up / w).toFixed(1)}x raw disk write (${w.toFixed(1)} ms)`,
  );
  console.log(
    `  serve manifest + all images over HTTP: ${s.toFixed(1)} ms  = ${(s / r).toFixed(1)}x raw disk read (${r.toFixed(1)} ms)`,
  );
}

await main();
