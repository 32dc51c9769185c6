/**
 * A Wharf node in its own process, for tests that must kill it (crash window of counted calls).
 * Env: WHARF_TEST_DB (location), WHARF_TEST_DATA (data dir), WHARF_TEST_KEY (server key),
 * WHARF_TEST_NOW (the clock's fixed start, ms). Prints `listening <url>` when ready.
 */
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createContext } from '../src/context.ts';
import { openStore } from '../src/store/database.ts';

const location = process.env.WHARF_TEST_DB as string;
const store = openStore(location);
const start = Number(process.env.WHARF_TEST_NOW);
const began = Date.now();
const config = loadConfig(
  {
    data: process.env.WHARF_TEST_DATA as string,
    port: 0,
    databaseUrl: location.startsWith('postgres') ? location : '',
  },
  {},
);
const ctx = createContext({
  config,
  store,
  secretKey: process.env.WHARF_TEST_KEY as string,
  clock: () => start + (Date.now() - began),
});
await ctx.notices.ready();
const app = await buildApp(ctx);
const address = await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`listening ${address}\n`);
