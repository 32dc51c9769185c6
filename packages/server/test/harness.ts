import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { inject } from 'vitest';
import { buildApp } from '../src/app.ts';
import { type ConfigFlags, loadConfig } from '../src/config.ts';
import { type Context, type ContextOptions, createContext } from '../src/context.ts';
import { listenRuntime } from '../src/features/code/runtime-listener.ts';
import { randomHex } from '../src/security/secrets.ts';
import { openStore } from '../src/store/database.ts';
import { migrateToLatest } from '../src/store/migrate.ts';

export const dialects = ['sqlite', 'postgres'] as const;
export type DialectName = (typeof dialects)[number];

/** A fresh, empty database of the dialect: a temp SQLite file, or a new database on the test PostgreSQL. */
export async function freshDatabase(dialect: DialectName): Promise<{ location: string; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wharf-test-'));
  if (dialect === 'sqlite') return { location: join(dataDir, 'wharf.sqlite'), dataDir };
  const adminUrl = inject('postgresUrl');
  const name = `wharf_${randomHex(6)}`;
  const client = new pg.Client({ connectionString: adminUrl });
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { location: url.toString(), dataDir };
}

/** A controllable clock for rules about time (token lifetimes, refresh spacing). */
export function testClock(start = Date.UTC(2026, 10, 25, 8, 0, 0)) {
  let now = start;
  const clock = () => now;
  clock.advance = (ms: number) => {
    now += ms;
  };
  return clock;
}

export interface TestServer {
  url: string;
  /** The runtime origin (mini program frames and package files; the platform redirects there). */
  runtimeUrl: string;
  app: FastifyInstance;
  ctx: Context;
  clock: ReturnType<typeof testClock>;
  /** Where its database is and the server key, so another node can join it (`startSecondNode`). */
  node?: NodeInfo;
  close(): Promise<void>;
}

export interface NodeInfo {
  dialect: DialectName;
  location: string;
  dataDir: string;
  secretKey: string;
}

export interface NodeOptions {
  flags?: ConfigFlags;
  /** Passed to createContext (e.g. `callFlushMs: 0` to flush counted calls only when asked). */
  context?: Pick<ContextOptions, 'callFlushMs' | 'mailer'>;
  /**
   * Sign-ups wait for their activation link, as in production. Off unless asked: most tests sign
   * up through the API and sign in at once (test/accounts-activation.test.ts covers activation).
   */
  emailActivation?: boolean;
  /** Listen on these ports rather than free ones (a restart the browser must find again). */
  ports?: { port: number; runtimePort: number };
}

/** A real server on a real database of the dialect, listening on a free loopback port. */
export async function startTestServer(
  dialect: DialectName,
  flags: ConfigFlags = {},
  options: NodeOptions = {},
): Promise<TestServer> {
  const { location, dataDir } = await freshDatabase(dialect);
  return startNode(
    { dialect, location, dataDir, secretKey: randomHex(16) },
    { ...options, flags: { ...flags, ...options.flags } },
  );
}

/**
 * Another Wharf node on the same database as `first` (same server key, own process state: caches,
 * counters, notices), as a second machine behind a load balancer would be.
 */
export function startSecondNode(first: TestServer, options: NodeOptions = {}): Promise<TestServer> {
  if (!first.node) throw new Error('startSecondNode: the first server was not started by startTestServer');
  return startNode(first.node, options);
}

/** A server on a database the test made itself (e.g. a PostgreSQL it stops and starts). */
export function startNodeAt(node: NodeInfo, options: NodeOptions = {}): Promise<TestServer> {
  return startNode(node, options);
}

async function startNode(node: NodeInfo, options: NodeOptions): Promise<TestServer> {
  const { dialect, location, dataDir, secretKey } = node;
  const store = openStore(location);
  await migrateToLatest(store.db);
  const clock = testClock();
  const config = loadConfig(
    { data: dataDir, port: 0, databaseUrl: dialect === 'postgres' ? location : '', ...options.flags },
    {},
  );
  const ctx = createContext({ config, store, secretKey, clock, ...options.context });
  await ctx.notices.ready();
  await ctx.categories.seedIfEmpty();
  await ctx.settings.set('accounts.emailActivation', options.emailActivation ?? false);
  const app = await buildApp(ctx);
  const address = await app.listen({ host: '127.0.0.1', port: options.ports?.port ?? 0 });
  const runtime = await listenRuntime(ctx, { host: '127.0.0.1', port: options.ports?.runtimePort ?? 0 });
  return {
    url: address,
    runtimeUrl: runtime.url,
    app,
    ctx,
    clock,
    node,
    async close() {
      // A test needs no long drain of browsers' kept connections: after a grace, cut what is left,
      // so one held connection cannot stall the test (a client test once waited out its timeout).
      const cut = setTimeout(() => {
        runtime.app.server.closeAllConnections();
        app.server.closeAllConnections();
      }, 3000);
      try {
        await runtime.app.close();
        await app.close();
      } finally {
        clearTimeout(cut);
      }
      await ctx.close();
      await store.close();
    },
  };
}
