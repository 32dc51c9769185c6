/**
 * Fan-out of one link-notification-sized message to 1,000,000 followers (the delivery engine as
 * the server runs it: planned ranges, one INSERT … SELECT per range, rows and range committed
 * together), next to the raw batch-insert rate of the same table on the same database in the
 * same run: the mean of a baseline before and one after the fan-out. Baseline: 1M rows in
 * ascending user_id, one transaction; SQLite one prepared INSERT in a loop (better-sqlite3),
 * PostgreSQL 10k rows per `INSERT … SELECT * FROM unnest(…)`. `deliveries` is emptied before
 * each case (PostgreSQL: TRUNCATE + CHECKPOINT). Each case runs in its own process, whose peak
 * RSS (VmHWM) is reported; PostgreSQL server processes are not counted.
 *
 * Quick runs: `WHARF_BENCH_ONLY=sqlite` (or `postgresql`), `WHARF_BENCH_FOLLOWERS=100000`.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import pg from 'pg';
import { startThrowawayPostgres } from '../test/throwaway-postgres.ts';

const FOLLOWERS = Number(process.env.WHARF_BENCH_FOLLOWERS ?? 1_000_000);
const ACCOUNT = 'oa_bench';
/** A link notification as the lead's feature stores it (appid, page, title, thumbnail): ~300 bytes. */
const BODY = {
  type: 'link_notice',
  appid: 'wx0123456789abcdef',
  title: '基准测试公众号已关联小程序「基准测试」',
  pagepath: 'pages/index/index',
  thumbUrl: 'https://example.com/wharf/thumbnail/0123456789abcdef.png',
  scene: 1074,
};

const peakRssMb = () => {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
};
const report = (result: Record<string, number | string>) =>
  process.stdout.write(`result ${JSON.stringify({ ...result, peakRssMb: peakRssMb() })}\n`);

// ---------------------------------------------------------------------------------------------
// Children: one case each.

async function setup(location: string): Promise<void> {
  const { openStore } = await import('../packages/server/src/store/database.ts');
  const { migrateToLatest } = await import('../packages/server/src/store/migrate.ts');
  const store = openStore(location);
  await migrateToLatest(store.db);
  const at = Date.now();
  await store.db
    .insertInto('users')
    .values({
      id: 'u_bench',
      email: 'b@example.com',
      password_hash: 'x',
      role: 'developer',
      display_name: 'b',
      created_at: at,
    })
    .execute();
  await store.db
    .insertInto('subjects')
    .values({
      id: 's_bench',
      user_id: 'u_bench',
      type: 'enterprise',
      name: '基准',
      id_number: 'x',
      status: 'verified',
      decided_by: 'builtin',
      reason: null,
      created_at: at,
      decided_at: at,
    })
    .execute();
  await store.db
    .insertInto('official_accounts')
    .values({
      id: ACCOUNT,
      appid: 'wxbench',
      original_id: 'gh_bench',
      owner_user_id: 'u_bench',
      subject_id: 's_bench',
      name: '基准',
      type: 'service',
      intro: '',
      secret_hash: null,
      ip_allowlist: '[]',
      created_at: at,
      updated_at: at,
    })
    .execute();
  await store.close();
  // Random ids as the product makes them (`eu_` + base64url), so text order is as in production.
  // Loaded in sorted order (index appends, not random inserts: the load itself is not measured).
  const ids = Array.from({ length: FOLLOWERS }, () => `eu_${randomBytes(12).toString('base64url')}`).sort();
  if (location.startsWith('postgres')) {
    const client = new pg.Client({ connectionString: location });
    await client.connect();
    await client.query('BEGIN');
    for (let i = 0; i < ids.length; i += 10_000) {
      const part = ids.slice(i, i + 10_000);
      await client.query(
        `INSERT INTO end_users (id, username, password_hash, nickname, created_at)
         SELECT id, id, 'x', 'n', $2 FROM unnest($1::text[]) AS t(id)`,
        [part, at],
      );
      await client.query(
        `INSERT INTO followers (account_id, user_id, openid, subscribed_at)
         SELECT $2, id, 'o' || id, $3 FROM unnest($1::text[]) AS t(id)`,
        [part, ACCOUNT, at],
      );
    }
    await client.query('COMMIT');
    await client.query('VACUUM ANALYZE end_users');
    await client.query('VACUUM ANALYZE followers');
    await client.end();
  } else {
    const db = new Database(location);
    const user = db.prepare(
      `INSERT INTO end_users (id, username, password_hash, nickname, created_at) VALUES (?, ?, 'x', 'n', ?)`,
    );
    const follower = db.prepare(
      'INSERT INTO followers (account_id, user_id, openid, subscribed_at) VALUES (?, ?, ?, ?)',
    );
    db.transaction(() => {
      for (const id of ids) {
        user.run(id, id, at);
        follower.run(ACCOUNT, id, `o${id}`, at);
      }
    })();
    db.exec('ANALYZE');
    db.close();
  }
  report({ followers: ids.length });
}

/** Empties `deliveries` so every case starts from the same table. */
async function emptyDeliveries(location: string): Promise<void> {
  if (location.startsWith('postgres')) {
    const client = new pg.Client({ connectionString: location });
    await client.connect();
    await client.query('TRUNCATE deliveries, delivery_targets, delivery_ranges, delivery_jobs, messages');
    await client.query('CHECKPOINT');
    await client.end();
  } else {
    const db = new Database(location);
    db.exec(
      'DELETE FROM deliveries; DELETE FROM delivery_targets; DELETE FROM delivery_ranges; DELETE FROM delivery_jobs; DELETE FROM messages;',
    );
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
  }
}

async function baseline(location: string): Promise<void> {
  await emptyDeliveries(location);
  const message = `msg_${randomBytes(12).toString('base64url')}`;
  const at = Date.now();
  if (location.startsWith('postgres')) {
    const client = new pg.Client({ connectionString: location });
    await client.connect();
    const ids = (
      await client.query<{ user_id: string }>(
        'SELECT user_id FROM followers WHERE account_id = $1 ORDER BY user_id',
        [ACCOUNT],
      )
    ).rows.map((r) => r.user_id);
    const started = performance.now();
    await client.query('BEGIN');
    for (let i = 0; i < ids.length; i += 10_000) {
      const part = ids.slice(i, i + 10_000);
      await client.query(
        `INSERT INTO deliveries (message_id, user_id, created_at)
         SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[])`,
        [part.map(() => message), part, part.map(() => at)],
      );
    }
    await client.query('COMMIT');
    const seconds = (performance.now() - started) / 1000;
    await client.end();
    report({ rows: ids.length, seconds });
  } else {
    const db = new Database(location);
    db.pragma('synchronous = NORMAL');
    const ids = db
      .prepare('SELECT user_id FROM followers WHERE account_id = ? ORDER BY user_id')
      .pluck()
      .all(ACCOUNT) as string[];
    const insert = db.prepare('INSERT INTO deliveries (message_id, user_id, created_at) VALUES (?, ?, ?)');
    const started = performance.now();
    db.transaction(() => {
      for (const id of ids) insert.run(message, id, at);
    })();
    const seconds = (performance.now() - started) / 1000;
    db.close();
    report({ rows: ids.length, seconds });
  }
}

async function fanout(location: string): Promise<void> {
  await emptyDeliveries(location);
  const { notices } = await import('../packages/server/src/cluster/notices.ts');
  const { fanoutFeature } = await import('../packages/server/src/delivery/fanout/fanout.feature.ts');
  const { openStore } = await import('../packages/server/src/store/database.ts');
  const store = openStore(location);
  const engine = fanoutFeature({ db: store.db, dialect: store.dialect, notices: notices(), clock: Date.now });
  const started = performance.now();
  const posted = await engine.post({
    senderAccountId: ACCOUNT,
    kind: 'link_notice',
    body: BODY,
    audience: { followersOf: ACCOUNT },
  });
  await engine.worker.drain();
  const seconds = (performance.now() - started) / 1000;
  const progress = await engine.progress(posted.jobId!);
  const { n, distinct } = (await store.db
    .selectFrom('deliveries')
    .select((eb) => [
      eb.fn.countAll<number>().as('n'),
      eb.fn.count<number>('user_id').distinct().as('distinct'),
    ])
    .where('message_id', '=', posted.messageId)
    .executeTakeFirstOrThrow()) as { n: number; distinct: number };
  await store.close();
  report({
    rows: Number(n),
    distinct: Number(distinct),
    state: progress.state,
    ranges: progress.ranges.total,
    seconds,
    batchRows: store.dialect.fanoutBatchRows,
  });
}

// ---------------------------------------------------------------------------------------------
// Parent.

interface Result {
  peakRssMb: number;
  seconds: number;
  rows: number;
  distinct?: number;
  ranges?: number;
  batchRows?: number;
}

function runCase(name: string, location: string): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', import.meta.filename, name, location], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += String(chunk);
    });
    child.on('exit', (code) => {
      const line = /^result (.*)$/m.exec(out)?.[1];
      if (code !== 0 || !line) reject(new Error(`${name} exited with ${code}: ${out}`));
      else resolve(JSON.parse(line) as Result);
    });
  });
}

async function measure(label: string, location: string): Promise<boolean> {
  const loaded = performance.now();
  await runCase('setup', location);
  console.log(
    `${label}: ${FOLLOWERS.toLocaleString('en')} followers loaded in ${((performance.now() - loaded) / 1000).toFixed(1)} s`,
  );
  const before = await runCase('baseline', location);
  const run = await runCase('fanout', location);
  const after = await runCase('baseline', location);
  const rate = (r: Result) => r.rows / r.seconds;
  const raw = (rate(before) + rate(after)) / 2;
  const ok = run.rows === FOLLOWERS && run.distinct === FOLLOWERS;
  const fmt = (n: number) => Math.round(n).toLocaleString('en');
  console.log(
    `| ${label} | ${fmt(rate(before))} / ${fmt(rate(after))} | ${fmt(rate(run))} (${run.seconds.toFixed(1)} s, ${run.ranges} ranges of ${run.batchRows}) | **${(rate(run) / raw).toFixed(2)}×** | ${run.peakRssMb.toFixed(0)} MB (baseline ${Math.max(before.peakRssMb, after.peakRssMb).toFixed(0)} MB) | ${fmt(run.rows)} rows, ${fmt(run.distinct ?? 0)} distinct${ok ? '' : ' — MISMATCH'} |`,
  );
  return ok && run.peakRssMb < 300;
}

async function main(): Promise<void> {
  const only = process.env.WHARF_BENCH_ONLY?.toLowerCase();
  console.log(`fan-out of one link notification to ${FOLLOWERS.toLocaleString('en')} followers`);
  console.log(
    '| database | raw batch insert rows/s (before / after) | fan-out rows/s | ratio | fan-out peak RSS | check |',
  );
  console.log('|---|---|---|---|---|---|');
  let ok = true;
  if (!only || only === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'wharf-bench-fanout-'));
    ok = (await measure('SQLite', join(dir, 'wharf.sqlite'))) && ok;
  }
  if (!only || only === 'postgresql') {
    const external = process.env.WHARF_BENCH_DATABASE_URL;
    const postgres = external ? undefined : await startThrowawayPostgres('wharf-bench-fanout-pg-');
    try {
      const base = external ?? postgres!.url;
      const admin = new pg.Client({ connectionString: base });
      await admin.connect();
      const name = `wharf_fanout_${randomBytes(4).toString('hex')}`;
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const url = new URL(base);
      url.pathname = `/${name}`;
      ok = (await measure('PostgreSQL', url.toString())) && ok;
    } finally {
      await postgres?.stop();
    }
  }
  if (!ok) process.exitCode = 1;
}

const [role, location] = process.argv.slice(2);
if (role === 'setup') await setup(location!);
else if (role === 'baseline') await baseline(location!);
else if (role === 'fanout') await fanout(location!);
else await main();
