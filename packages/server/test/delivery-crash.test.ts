import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { randomHex } from '../src/security/secrets.ts';
import { openStore, type Store } from '../src/store/database.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { deliveryCounts, followers, officialAccount } from './delivery-world.ts';
import { freshDatabase } from './harness.ts';

const FOLLOWERS = 100_000;
const nodeScript = resolve(import.meta.dirname, 'delivery-crash-node.ts');
const children = new Set<ChildProcess>();
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

interface Node {
  child: ChildProcess;
  posted: Promise<{ jobId: string; messageId: string }>;
  exited: Promise<void>;
}

/** A real Wharf server process (`startServer`, worker included) on the database; `post` makes it start the job. */
async function startNode(location: string, secretKey: string, postFor?: string): Promise<Node> {
  const databaseUrl = location.startsWith('postgres') ? location : '';
  const dataDir = databaseUrl ? mkdtempSync(join(tmpdir(), 'wharf-crash-node-')) : resolve(location, '..');
  const args = ['--import', 'tsx', nodeScript, dataDir, databaseUrl, ...(postFor ? ['post', postFor] : [])];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, WHARF_SECRET_KEY: secretKey },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let output = '';
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const listening = new Promise<void>((ok, fail) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += String(chunk);
      if (output.includes('listening ')) ok();
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      output += String(chunk);
    });
    child.once('exit', (code) => fail(new Error(`node exited with ${code}:\n${output}`)));
  });
  const posted = new Promise<{ jobId: string; messageId: string }>((ok) => {
    child.stdout!.on('data', () => {
      const match = /posted (\S+) (\S+)/.exec(output);
      if (match) ok({ jobId: match[1]!, messageId: match[2]! });
    });
  });
  await listening;
  return { child, posted, exited };
}

async function ranges(store: Store, jobId: string) {
  const rows = await store.db
    .selectFrom('delivery_ranges')
    .select(['done', 'rows'])
    .where('job_id', '=', jobId)
    .execute();
  return {
    total: rows.length,
    done: rows.filter((r) => r.done === 1).length,
    rows: rows.reduce((sum, r) => sum + Number(r.rows), 0),
  };
}

async function until<T>(what: string, check: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function jobState(store: Store, jobId: string) {
  return (
    await store.db.selectFrom('delivery_jobs').select('state').where('id', '=', jobId).executeTakeFirst()
  )?.state;
}

/** Kills `node` with SIGKILL once a fifth to a half of the job's ranges are written. */
async function killMidway(store: Store, node: Node, jobId: string) {
  await until('a fifth of the ranges', async () => {
    const r = await ranges(store, jobId);
    return r.total > 0 && r.done >= r.total / 5 ? r : undefined;
  });
  node.child.kill('SIGKILL');
  await node.exited;
  return ranges(store, jobId);
}

describe('a fan-out to 100,000 followers survives SIGKILL', () => {
  it('on SQLite: the restarted server resumes at the open ranges; every follower has exactly one delivery', async () => {
    const { location } = await freshDatabase('sqlite');
    const secretKey = randomHex(16);
    const store = openStore(location);
    await migrateToLatest(store.db);
    const account = await officialAccount(store.db);
    const fans = await followers(store.db, account, FOLLOWERS);

    const first = await startNode(location, secretKey, account);
    const { jobId, messageId } = await first.posted;
    const atKill = await killMidway(store, first, jobId);
    expect(await jobState(store, jobId)).toBe('running');
    expect(atKill.done).toBeLessThan(atKill.total);
    // Nothing half-written: the rows present are exactly those of the ranges marked done.
    expect((await deliveryCounts(store.db, messageId, [])).rows).toBe(atKill.rows);

    const second = await startNode(location, secretKey);
    await until('the job to finish', async () =>
      (await jobState(store, jobId)) === 'done' ? true : undefined,
    );
    expect(await deliveryCounts(store.db, messageId, fans)).toEqual({
      rows: FOLLOWERS,
      distinct: FOLLOWERS,
      missing: 0,
    });
    expect(await ranges(store, jobId)).toMatchObject({ done: atKill.total, rows: FOLLOWERS });
    second.child.kill('SIGTERM');
    await second.exited;
    await store.close();
  }, 180_000);

  it('on PostgreSQL with two nodes, one killed: the other finishes; every follower has exactly one delivery', async () => {
    const { location } = await freshDatabase('postgres');
    const secretKey = randomHex(16);
    const store = openStore(location);
    await migrateToLatest(store.db);
    const account = await officialAccount(store.db);
    const fans = await followers(store.db, account, FOLLOWERS);

    const survivor = await startNode(location, secretKey);
    const victim = await startNode(location, secretKey, account);
    const { jobId, messageId } = await victim.posted;
    const atKill = await killMidway(store, victim, jobId);
    expect(atKill.done).toBeLessThan(atKill.total);

    await until('the job to finish', async () =>
      (await jobState(store, jobId)) === 'done' ? true : undefined,
    );
    expect(await deliveryCounts(store.db, messageId, fans)).toEqual({
      rows: FOLLOWERS,
      distinct: FOLLOWERS,
      missing: 0,
    });
    expect(await ranges(store, jobId)).toMatchObject({ done: atKill.total, rows: FOLLOWERS });
    survivor.child.kill('SIGTERM');
    await survivor.exited;
    await store.close();
  }, 180_000);
});
