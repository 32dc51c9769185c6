import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { type Config, storeLocation } from './config.ts';
import { type Context, type ContextOptions, createContext } from './context.ts';
import { listenRuntime } from './features/code/runtime-listener.ts';
import { enforceServerKey, loadSecretKey } from './security/secret-key.ts';
import { openStore } from './store/database.ts';
import { migrateToLatest } from './store/migrate.ts';

export interface RunningServer {
  app: FastifyInstance;
  ctx: Context;
  url: string;
  /** Where mini programs run (frames and package files): another origin than `url`. */
  runtimeUrl: string;
  close(): Promise<void>;
}

export interface PrepareOptions {
  logger?: boolean;
  /** The delivery engine's tuning (tests, benchmarks); defaults otherwise. */
  delivery?: ContextOptions['delivery'];
}

/** Opens the store, migrates it, seeds what a fresh platform needs, and prepares the HTTP app. */
export async function prepare(
  config: Config,
  options: PrepareOptions = {},
): Promise<{ app: FastifyInstance; ctx: Context }> {
  const store = openStore(storeLocation(config));
  try {
    await migrateToLatest(store.db);
    const secretKey = loadSecretKey(config.dataDir);
    await enforceServerKey(store.db, secretKey);
    const ctx = createContext({ config, store, secretKey, delivery: options.delivery });
    await ctx.categories.seedIfEmpty();
    const app = await buildApp(ctx, {
      logger: options.logger === false ? false : { level: config.logLevel },
    });
    await ctx.notices.ready();
    ctx.delivery.worker.start();
    ctx.push.start();
    // In-flight work done and counted calls written before the database goes.
    app.addHook('onClose', async () => {
      await ctx.close();
      await store.close();
    });
    return { app, ctx };
  } catch (error) {
    await store.close();
    throw error;
  }
}

export async function startServer(config: Config, options: PrepareOptions = {}): Promise<RunningServer> {
  const { app, ctx } = await prepare(config, options);
  // Hooks must be added before listening: the runtime listener closes before the platform's own
  // onClose (which closes the store), so requests in flight there finish first.
  let runtime: { app: FastifyInstance; url: string } | undefined;
  app.addHook('preClose', async () => {
    await runtime?.app.close();
  });
  const address = await app.listen({ host: config.host, port: config.port });
  const port = Number(new URL(address).port);
  const url = config.port === 0 ? `http://${config.host}:${port}` : config.publicUrl;
  runtime = await listenRuntime(ctx, {
    host: config.host,
    port: config.runtimePort,
    ...(options.logger === false ? {} : { logLevel: config.logLevel }),
  }).catch(async (error: Error) => {
    await app.close();
    throw new Error(`the runtime listener (port ${config.runtimePort}) could not start: ${error.message}`);
  });
  const runtimeUrl =
    config.runtimeOrigin || (config.port === 0 ? runtime.url : runtimeOriginFor(config, runtime.url));
  return { app, ctx, url, runtimeUrl, close: () => app.close() };
}

/** The public URL's host on the runtime listener's port (what the start command prints). */
function runtimeOriginFor(config: Config, listening: string): string {
  const url = new URL(config.publicUrl);
  url.port = new URL(listening).port;
  return url.origin;
}

/** Stops taking connections, lets requests in flight finish, then closes the store. */
export function closeOnSignals(server: RunningServer, log: (message: string) => void = console.log): void {
  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    log(`${signal}: shutting down`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
