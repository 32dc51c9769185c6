import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { type Context, createContext } from '../src/context.ts';
import { enforceServerKey, keyFingerprint, ServerKeyMismatch } from '../src/security/secret-key.ts';
import { openStore, type Store } from '../src/store/database.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { dialects, freshDatabase } from './harness.ts';
import { idNumber, newDeveloper, registeredApp, verifiedIndividual } from './world.ts';

describe.each(dialects)('one server key per database on %s', (dialect) => {
  let store: Store;
  beforeAll(async () => {
    store = openStore((await freshDatabase(dialect)).location);
    await migrateToLatest(store.db);
  });
  afterAll(() => store.close());

  it('records the first key, accepts it again, and refuses another naming WHARF_SECRET_KEY', async () => {
    expect(await enforceServerKey(store.db, 'first-key')).toBe(keyFingerprint('first-key'));
    expect(await enforceServerKey(store.db, 'first-key')).toBe(keyFingerprint('first-key'));
    const refusal = await enforceServerKey(store.db, 'second-key').catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ServerKeyMismatch);
    expect((refusal as Error).message).toContain('WHARF_SECRET_KEY');
    expect((refusal as Error).message).not.toContain('first-key');
    expect((refusal as Error).message).not.toContain('second-key');
  });

  it('lets exactly one of two nodes starting at once with different keys win', async () => {
    const fresh = openStore((await freshDatabase(dialect)).location);
    try {
      await migrateToLatest(fresh.db);
      const results = await Promise.allSettled([
        enforceServerKey(fresh.db, 'key-a'),
        enforceServerKey(fresh.db, 'key-b'),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    } finally {
      await fresh.close();
    }
  });

  it('a fingerprint names the key without revealing it', () => {
    expect(keyFingerprint('k')).toMatch(/^[0-9a-f]{64}$/);
    expect(keyFingerprint('k')).not.toBe(keyFingerprint('k2'));
  });
});

describe.each(dialects)('a stable token sealed with another key on %s', (dialect) => {
  let store: Store;
  let a: Context;
  let b: Context;
  let appid: string;
  let secret: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const { location, dataDir } = await freshDatabase(dialect);
    store = openStore(location);
    await migrateToLatest(store.db);
    const config = loadConfig(
      { data: dataDir, port: 0, databaseUrl: dialect === 'postgres' ? location : '' },
      {},
    );
    // Two nodes whose keys differ, as before the fingerprint check existed (or with it bypassed).
    a = createContext({ config, store, secretKey: 'node-a-key' });
    b = createContext({ config, store, secretKey: 'node-b-key' });
    await a.categories.seedIfEmpty();
    // As the test harness does: sign-ups here sign in at once (activation has its own tests).
    await a.settings.set('accounts.emailActivation', false);
    const app = await buildApp(a);
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    const dev = await newDeveloper(url);
    const subject = await verifiedIndividual(dev, idNumber(990));
    ({
      app: { appid },
      secret,
    } = await registeredApp(dev, subject.id, '钥匙'));
    close = async () => {
      await app.close();
      // Contexts that flush counters or listen for notices close before the store.
      for (const ctx of [b, a]) await (ctx as { close?: () => Promise<void> }).close?.();
      await store.close();
    };
  });
  afterAll(() => close());

  it('is an error on the node that cannot open it, never a silent re-mint that kills the first token', async () => {
    const request = { grantType: 'client_credential', appid, secret, forceRefresh: false, ip: '127.0.0.1' };
    const first = await a.tokens.stable(request);
    await expect(b.tokens.stable(request)).rejects.toThrow(/WHARF_SECRET_KEY/);
    // The token node A handed out is still the stable token.
    expect((await a.tokens.stable(request)).access_token).toBe(first.access_token);
  });
});
