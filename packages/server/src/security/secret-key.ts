import { scryptSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../store/database.ts';
import { randomToken } from './secrets.ts';
import { serverKeyStore } from './server-key.store.ts';

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

const fingerprints = new Map<string, string>();

/**
 * A fingerprint that names the key without revealing it. scrypt, not a plain hash: /healthz shows
 * its start, and an operator's hand-picked WHARF_SECRET_KEY may be weak enough to guess.
 */
export function keyFingerprint(secretKey: string): string {
  let fingerprint = fingerprints.get(secretKey);
  if (!fingerprint) {
    fingerprint = scryptSync(secretKey, 'wharf-server-key-fingerprint', 32, { N: 1 << 14 }).toString('hex');
    fingerprints.set(secretKey, fingerprint);
  }
  return fingerprint;
}

/** A node's key is not the one the database was first started with. */
export class ServerKeyMismatch extends Error {
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(
      `This node's server key (fingerprint ${actual.slice(0, 12)}) is not the key this database was first ` +
        `started with (fingerprint ${expected.slice(0, 12)}). Every node must run with the same ` +
        'WHARF_SECRET_KEY; set it to the value the other nodes use. / 本节点的 WHARF_SECRET_KEY 与数据库记录的不一致，' +
        '所有节点必须使用同一个 WHARF_SECRET_KEY。',
    );
    this.name = 'ServerKeyMismatch';
  }
}

/**
 * Records the key's fingerprint at a database's first start and refuses any later start with
 * another key: what one node sealed, a node with a different key could not open.
 */
export async function enforceServerKey(db: Db, secretKey: string, now = Date.now()): Promise<string> {
  const mine = keyFingerprint(secretKey);
  const recorded = await serverKeyStore(db).recordIfAbsent(mine, now);
  if (recorded !== mine) throw new ServerKeyMismatch(recorded, mine);
  return mine;
}

/**
 * For /healthz: is this node's key the database's? Records it if no start has yet (a context
 * built without `prepare`, as tests and scripts do), exactly as a first start would.
 */
export async function serverKeyStatus(db: Db, secretKey: string, now = Date.now()) {
  const mine = keyFingerprint(secretKey);
  const recorded = await serverKeyStore(db).recordIfAbsent(mine, now);
  return { fingerprint: mine.slice(0, 12), matches: recorded === mine };
}
