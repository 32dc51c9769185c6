import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomToken } from './secrets.ts';

/**
 * The server's own secret (seals values that must be read back). `WHARF_SECRET_KEY` wins;
 * otherwise one is made once in the data folder. Several nodes must share the same key.
 */
export function loadSecretKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env.WHARF_SECRET_KEY) return env.WHARF_SECRET_KEY;
  const file = join(dataDir, 'secret.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const key = randomToken(32);
  writeFileSync(file, key, { mode: 0o600, flag: 'wx' });
  return key;
}
