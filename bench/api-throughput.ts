/**
 * The WeChat-compatible hot path against the web framework it runs on. Starts, each in its own
 * process, a bare Fastify hello-world and a Wharf server (SQLite, then a throwaway PostgreSQL),
 * drives each with autocannon (50 connections, 2 s warm-up, 8 s measured) on the token-checked
 * `/wxa/get_category` and an official account's `/cgi-bin/menu/get`, and prints req/s, p99 (and its
 * multiple of the bare p99), the ratio to the bare runs just before and after, CPU per request and
 * errors (must be 0), with the machine's load average. Also forged tokens, the same one and a new one each call (refusal must be no
 * slower than success) and, unless `WHARF_BENCH_MEMORY=0`, the RSS of a Wharf SQLite server over
 * 60 s of load. For quick iterations: `WHARF_BENCH_ONLY=sqlite` (or `postgresql`) and `WHARF_BENCH_SECONDS=<measured s>`.
 *
 * Wharf runs as `wharf start` would (logger at `info`); its daily quota is raised so that the
 * run measures served calls, not 45009 refusals.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import pg from 'pg';
import { startThrowawayPostgres } from '../test/throwaway-postgres.ts';

const CONNECTIONS = 50;
const WARMUP_S = 2;
const MEASURE_S = Number(process.env.WHARF_BENCH_SECONDS ?? 8);
const MEMORY_S = 60;
const APPS = 10;

// ---------------------------------------------------------------------------------------------
// Child: one server, then `ready <url> <token,token,…>` on stdout.

async function serveBare(): Promise<void> {
  const app = Fastify();
  const body = {
    errcode: 0,
    errmsg: 'ok',
    category_list: [{ first_class: '工具', second_class: '效率', first_id: 1, second_id: 2 }],
  };
  app.get('/wxa/get_category', async () => body);
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  process.stdout.write(`ready ${url} - -\n`);
}

async function serveWharf(location: string): Promise<void> {
  const { buildApp } = await import('../packages/server/src/app.ts');
  const { loadConfig } = await import('../packages/server/src/config.ts');
  const { createContext } = await import('../packages/server/src/context.ts');
  const { idCheckCharacter } = await import('../packages/server/src/features/identity/id-number.ts');
  const { randomHex } = await import('../packages/server/src/security/secrets.ts');
  const { openStore } = await import('../packages/server/src/store/database.ts');
  const { migrateToLatest } = await import('../packages/server/src/store/migrate.ts');
  const dataDir = mkdtempSync(join(tmpdir(), 'wharf-bench-api-'));
  const store = openStore(location === 'sqlite' ? join(dataDir, 'wharf.sqlite') : location);
  await migrateToLatest(store.db);
  const ctx = createContext({
    config: loadConfig({ data: dataDir, port: 0 }, {}),
    store,
    secretKey: randomHex(16),
  });
  await ctx.notices.ready();
  await ctx.categories.seedIfEmpty();
  await ctx.settings.set('api.dailyQuota', 1e12);
  const tools = (await ctx.categories.tree()).find((c) => c.name === '工具')!;
  await ctx.settings.set('accounts.emailActivation', false);
  const tokens: string[] = [];
  const menuTokens: string[] = [];
  for (let i = 0; i < APPS; i++) {
    const user = await ctx.accounts.signUp({ email: `bench${i}@example.com`, password: 'password-123' });
    const first17 = `110105199001010${String(10 + i).padStart(2, '0')}`;
    const subject = await ctx.identity.submit(user.id, {
      type: 'individual',
      name: '基准',
      idNumber: first17 + idCheckCharacter(first17),
    });
    if (subject.status === 'pending') await ctx.identity.review(subject.id, true, undefined);
    const created = await ctx.miniPrograms.create(user.id, subject.id);
    const { secret } = await ctx.miniPrograms.updateDetails(user.id, created.id, {
      name: `基准测试${i}`,
      intro: '基准测试小程序',
      icon: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      categories: [{ firstId: tools.id, secondId: tools.children[0]!.id }],
    });
    const issued = await ctx.tokens.issue({
      grantType: 'client_credential',
      appid: created.appid,
      secret,
      ip: '127.0.0.1',
    });
    tokens.push(issued.access_token);
    // An official account of the same subject with a two-level menu, for `/cgi-bin/menu/get`.
    const oa = await ctx.officialAccounts.accounts.create(user.id, {
      subjectId: subject.id,
      name: `基准订阅号${i}`,
      type: 'subscription',
    });
    await ctx.oaMenus.create(oa.account.id, {
      button: [
        { type: 'click', name: '今日推荐', key: 'TODAY' },
        {
          name: '更多',
          sub_button: [
            { type: 'view', name: '官网', url: 'https://bench.wharf.local/about' },
            { type: 'click', name: '联系我们', key: 'CONTACT' },
          ],
        },
      ],
    });
    const oaToken = await ctx.tokens.issue({
      grantType: 'client_credential',
      appid: oa.account.appid,
      secret: oa.secret,
      ip: '127.0.0.1',
    });
    menuTokens.push(oaToken.access_token);
  }
  const app = await buildApp(ctx, { logger: { level: 'info' } });
  app.addHook('onClose', async () => {
    await ctx.close();
    await store.close();
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  process.stdout.write(`ready ${url} ${tokens.join(',')} ${menuTokens.join(',')}\n`);
  process.on('SIGTERM', () => {
    app.close().then(() => process.exit(0));
  });
}

// ---------------------------------------------------------------------------------------------
// Parent: the load generator.

interface Server {
  child: ChildProcess;
  url: string;
  tokens: string[];
  /** Official accounts' tokens, for `/cgi-bin/menu/get`. */
  menuTokens: string[];
  lines: number;
}

function start(kind: string): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', import.meta.filename, 'serve', kind], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let server: Server | undefined;
    child.stdout!.on('data', (chunk: Buffer) => {
      if (server) {
        server.lines += chunk.toString().split('\n').length - 1;
        return;
      }
      out += chunk.toString();
      const match = /^ready (\S+) (\S+) (\S+)\n/m.exec(out);
      if (match) {
        const list = (text: string) => (text === '-' ? [] : text.split(','));
        server = { child, url: match[1]!, tokens: list(match[2]!), menuTokens: list(match[3]!), lines: 0 };
        resolve(server);
      }
    });
    child.on('exit', (code) => {
      if (!server) reject(new Error(`${kind} server exited with ${code}: ${out}`));
    });
  });
}

async function stop(server: Server): Promise<void> {
  server.child.kill('SIGTERM');
  if (server.child.exitCode === null) await new Promise((resolve) => server.child.once('exit', resolve));
}

/** CPU seconds (user + system) a process has used so far; Linux clock ticks are 1/100 s. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The postmaster's pid and its children's (backends, background workers). */
function postgresPids(port: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.includes('postgres') && cmdline.includes(`-p\u0000${port}`)) pids.push(Number(entry));
    } catch {}
  }
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (pids.includes(ppid)) children.push(Number(entry));
    } catch {}
  }
  return [...pids, ...children];
}

let postgresPort = 0;
const postgresCpu = () =>
  postgresPort ? postgresPids(postgresPort).reduce((sum, pid) => sum + (tryCpu(pid) ?? 0), 0) : 0;
const tryCpu = (pid: number) => {
  try {
    return cpuSeconds(pid);
  } catch {
    return undefined;
  }
};

const rssMiB = (pid: number) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
};

interface Run {
  rps: number;
  p99: number;
  errors: number;
  requests: number;
  /** Server CPU per request, µs (plus PostgreSQL's for Wharf on PostgreSQL). */
  cpuUs: number;
  pgUs: number;
}

/** `expected`: each path's body (a success), checked on every response. */
async function load(
  server: Server,
  paths: string[],
  seconds: number,
  expected?: Map<string, string>,
): Promise<Run> {
  let wrong = 0;
  const requests = paths.map((path) => ({
    method: 'GET' as const,
    path,
    // A path ending in `=*` gets a new random token on every request (forgeries an attacker varies).
    ...(path.endsWith('=*')
      ? {
          setupRequest: (request: { path?: string }) => ({
            ...request,
            path: path.slice(0, -1) + randomBytes(96).toString('base64url'),
          }),
        }
      : {}),
    onResponse: (status: number, body: string) => {
      if (status !== 200 || (expected !== undefined && body !== expected.get(path))) wrong++;
    },
  }));
  const cpuBefore = cpuSeconds(server.child.pid!);
  const pgBefore = postgresCpu();
  const result = await autocannon({ url: server.url, connections: CONNECTIONS, duration: seconds, requests });
  const total = Math.max(1, result.requests.total);
  return {
    rps: result.requests.average,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx + wrong,
    requests: result.requests.total,
    cpuUs: ((cpuSeconds(server.child.pid!) - cpuBefore) * 1e6) / total,
    pgUs: ((postgresCpu() - pgBefore) * 1e6) / total,
  };
}

/**
 * Warm-up, then the measured run; for Wharf, checks first that each path succeeds (errcode 0, or
 * no errcode as menu/get answers) or is refused with 40001; every success must then answer the same.
 */
async function measure(server: Server, paths: string[], check: 'ok' | 'refused' | 'bare'): Promise<Run> {
  const expected = new Map<string, string>();
  for (const path of new Set(paths)) {
    const sample = path.endsWith('=*') ? path.slice(0, -1) + randomBytes(96).toString('base64url') : path;
    const text = await (await fetch(server.url + sample)).text();
    const { errcode } = JSON.parse(text) as { errcode?: number };
    if (check !== 'refused' && errcode !== undefined && errcode !== 0)
      throw new Error(`expected success: ${text}`);
    if (check === 'refused' && errcode !== 40001) throw new Error(`expected 40001: ${text}`);
    expected.set(path, text);
  }
  await load(server, paths, WARMUP_S);
  // Refusals carry a request id: only their status is checked.
  return load(server, paths, MEASURE_S, check === 'refused' ? undefined : expected);
}

async function bare(): Promise<Run> {
  const server = await start('bare');
  try {
    return await measure(server, ['/wxa/get_category'], 'bare');
  } finally {
    await stop(server);
  }
}

async function freshPostgres(): Promise<{ url: string; stop: () => Promise<void> }> {
  const postgres = await startThrowawayPostgres('wharf-bench-pg-');
  const port = postgres.port;
  const admin = new pg.Client({ connectionString: postgres.url });
  await admin.connect();
  await admin.query('CREATE DATABASE wharf_bench');
  await admin.end();
  postgresPort = port;
  return { url: `postgres://wharf:wharf@127.0.0.1:${port}/wharf_bench`, stop: () => postgres.stop() };
}

interface Row {
  name: string;
  run: Run;
  baseline: number;
  baselineP99: number;
}

const loadAverage = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

async function main(): Promise<void> {
  const loadAtStart = loadAverage();
  const rows: Row[] = [];
  const postgres = await freshPostgres();
  let failed = false;
  try {
    const only = process.env.WHARF_BENCH_ONLY?.toLowerCase();
    for (const [label, location] of [
      ['SQLite', 'sqlite'],
      ['PostgreSQL', postgres.url],
    ] as const) {
      if (only && only !== label.toLowerCase()) continue;
      const before = await bare();
      const wharf = await start(location);
      const valid = wharf.tokens.map((t) => `/wxa/get_category?access_token=${t}`);
      const forged = [`/wxa/get_category?access_token=${'A'.repeat(136)}`];
      const forgedEach = ['/wxa/get_category?access_token=*'];
      const menus = wharf.menuTokens.map((t) => `/cgi-bin/menu/get?access_token=${t}`);
      const served = await measure(wharf, valid, 'ok');
      const menu = await measure(wharf, menus, 'ok');
      const refused = await measure(wharf, forged, 'refused');
      const refusedEach = await measure(wharf, forgedEach, 'refused');
      const lines = wharf.lines;
      await stop(wharf);
      const after = await bare();
      const baseline = (before.rps + after.rps) / 2;
      const baselineP99 = Math.max(before.p99, after.p99);
      rows.push({ name: `bare Fastify (before ${label})`, run: before, baseline, baselineP99 });
      rows.push({ name: `Wharf ${label}, valid token`, run: served, baseline, baselineP99 });
      rows.push({ name: `Wharf ${label}, menu/get`, run: menu, baseline, baselineP99 });
      rows.push({ name: `Wharf ${label}, forged token (40001)`, run: refused, baseline, baselineP99 });
      rows.push({
        name: `Wharf ${label}, a new forged token each call (40001)`,
        run: refusedEach,
        baseline,
        baselineP99,
      });
      rows.push({ name: `bare Fastify (after ${label})`, run: after, baseline, baselineP99 });
      console.log(`Wharf ${label}: ${lines} log lines written during the runs`);
      if ([before, served, menu, refused, refusedEach, after].some((run) => run.errors)) failed = true;
    }
  } finally {
    await postgres.stop();
  }

  console.log(`\nautocannon ${CONNECTIONS} connections, ${WARMUP_S} s warm-up, ${MEASURE_S} s measured\n`);
  console.log(
    '| Run | req/s | p99 ms | p99 ÷ bare p99 | ratio to bare | server CPU µs/req | PostgreSQL CPU µs/req | errors |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const { name, run, baseline, baselineP99 } of rows) {
    const isBare = name.startsWith('bare');
    const ratio = isBare ? '' : `${(run.rps / baseline).toFixed(2)}×`;
    const p99Ratio = isBare ? '' : `${(run.p99 / Math.max(1, baselineP99)).toFixed(1)}×`;
    // Processes that exit between the two samples take their CPU with them: clamp at 0.
    const pgCpu = name.includes('PostgreSQL,') ? Math.max(0, run.pgUs).toFixed(0) : '';
    console.log(
      `| ${name} | ${Math.round(run.rps)} | ${run.p99} | ${p99Ratio} | ${ratio} | ${run.cpuUs.toFixed(0)} | ${pgCpu} | ${run.errors} |`,
    );
  }
  // The machine is shared: compare ratios and CPU per request within one run, not req/s.
  console.log(`\nload average (1, 5, 15 min): ${loadAtStart} at the start, ${loadAverage()} at the end`);

  if (process.env.WHARF_BENCH_MEMORY !== '0') {
    const wharf = await start('sqlite');
    const paths = wharf.tokens.map((t) => `/wxa/get_category?access_token=${t}`);
    await load(wharf, paths, WARMUP_S);
    const pid = wharf.child.pid!;
    const samples: number[] = [rssMiB(pid)];
    const sampler = setInterval(() => samples.push(rssMiB(pid)), 5_000);
    const run = await load(wharf, paths, MEMORY_S);
    clearInterval(sampler);
    samples.push(rssMiB(pid));
    await stop(wharf);
    const growth = samples.at(-1)! - samples[0]!;
    console.log(
      `\nMemory, Wharf SQLite, ${MEMORY_S} s at ${Math.round(run.rps)} req/s (${run.requests} requests, ` +
        `${run.errors} errors): RSS ${samples[0]!.toFixed(1)} → ${samples.at(-1)!.toFixed(1)} MiB ` +
        `(growth ${growth.toFixed(1)} MiB; samples every 5 s: ${samples.map((s) => s.toFixed(0)).join(' ')})`,
    );
    if (run.errors) failed = true;
  }
  if (failed) {
    console.error('errors during the runs');
    process.exit(1);
  }
}

if (process.argv[2] === 'serve') {
  const kind = process.argv[3]!;
  await (kind === 'bare' ? serveBare() : serveWharf(kind));
} else {
  await main();
}
