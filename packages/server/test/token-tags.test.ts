import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenTags } from '../src/features/tokens/token-tags.ts';
import { type AuthenticateInput, tokensService } from '../src/features/tokens/tokens.service.ts';
import { tokensStore } from '../src/features/tokens/tokens.store.ts';
import { sealer } from '../src/security/seal.ts';
import { randomToken, sha256hex } from '../src/security/secrets.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { idNumber, newDeveloper, registeredApp, verifiedIndividual } from './world.ts';

const KEY = 'token-tags-test-key';

describe('access-token tags', () => {
  it('holds its own tokens, and none made under another key, cut short or altered', () => {
    const tags = tokenTags(KEY);
    const token = tags.mint();
    expect(token).toMatch(/^[A-Za-z0-9_-]{128}$/);
    expect(tags.holds(token)).toBe(true);
    expect(tokenTags('another key').holds(token)).toBe(false);
    expect(tags.holds(token.slice(0, -1))).toBe(false);
    const flipped = `${token.slice(0, 10)}${token[10] === 'A' ? 'B' : 'A'}${token.slice(11)}`;
    expect(tags.holds(flipped)).toBe(false);
    expect(tags.holds(randomToken(96))).toBe(false);
  });
});

describe.each(dialects)('forged access tokens on %s', (dialect) => {
  let server: TestServer;
  let appid: string;
  let secret: string;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    const dev = await newDeveloper(server.url);
    const subject = await verifiedIndividual(dev, idNumber(930), '标签甲');
    const registered = await registeredApp(dev, subject.id, '令牌标签');
    ({ appid } = registered.app);
    ({ secret } = registered);
  });
  afterAll(() => server.close());

  /** A tokens service of its own on the server's database, counting its token lookups. */
  async function service() {
    const base = tokensStore(server.ctx.store.db, server.ctx.store.dialect);
    let lookups = 0;
    const store = {
      ...base,
      lookup: (hash: string) => {
        lookups++;
        return base.lookup(hash);
      },
    } as typeof base;
    const tokens = tokensService(store, server.ctx.settings, sealer(KEY), tokenTags(KEY), server.clock, {
      flushMs: 0,
    });
    await tokens.ready();
    return { tokens, base, lookups: () => lookups };
  }

  const call = (token: string): AuthenticateInput => ({
    token,
    ip: '127.0.0.1',
    api: '/wxa/get_category',
    capability: 'qrcodes',
  });
  const issue = (tokens: Awaited<ReturnType<typeof service>>['tokens']) =>
    tokens.issue({ grantType: 'client_credential', appid, secret, ip: '127.0.0.1' });

  it('refuses a flood of different forged tokens without one database read', async () => {
    const { tokens, lookups } = await service();
    const real = (await issue(tokens)).access_token;
    await expect(tokens.authenticate(call(real))).resolves.toMatchObject({ appid });
    const before = lookups();
    const forgeries = [
      ...Array.from({ length: 50 }, () => randomToken(96)),
      ...Array.from({ length: 50 }, () => tokenTags('another server').mint()),
      `${real.slice(0, -2)}${real.endsWith('AA') ? 'BB' : 'AA'}`,
    ];
    for (const forged of forgeries) {
      expect(tokens.authenticateNow(call(forged))).toMatchObject({ errcode: 40001 });
      await expect(tokens.authenticate(call(forged))).rejects.toMatchObject({ errcode: 40001 });
    }
    expect(lookups()).toBe(before);
    // The real token is still served (from memory).
    expect(tokens.authenticateNow(call(real))).toMatchObject({ appid });
  });

  it('looks untagged tokens up while one minted before tags can be live, and replaces such a stable token', async () => {
    const now = server.clock();
    const legacy = randomToken(96);
    const legacyStable = randomToken(96);
    const { base } = await service();
    for (const [token, kind] of [
      [legacy, 'token'],
      [legacyStable, 'stable'],
    ] as const) {
      await base.insert({
        token_hash: sha256hex(token),
        appid,
        kind,
        issued_at: now,
        expires_at: now + 7200_000,
        replaced_at: null,
        sealed: kind === 'stable' ? sealer(KEY).seal(token) : null,
        tagged: 0,
      });
    }
    const { tokens, lookups } = await service();
    await expect(tokens.authenticate(call(legacy))).resolves.toMatchObject({ appid });
    const before = lookups();
    await expect(tokens.authenticate(call(randomToken(96)))).rejects.toMatchObject({ errcode: 40001 });
    expect(lookups()).toBe(before + 1);

    const stable = await tokens.stable({
      grantType: 'client_credential',
      appid,
      secret,
      forceRefresh: false,
      ip: '127.0.0.1',
    });
    expect(stable.access_token).not.toBe(legacyStable);
    expect(tokenTags(KEY).holds(stable.access_token)).toBe(true);

    // Once every untagged token has expired, forgeries are told at sight again.
    server.clock.advance(7201 * 1000);
    const after = lookups();
    await expect(tokens.authenticate(call(randomToken(96)))).rejects.toMatchObject({ errcode: 40001 });
    // (an untagged token past its expiry is then told as forged too: 40001, not 42001)
    await expect(tokens.authenticate(call(legacy))).rejects.toMatchObject({ errcode: 40001 });
    expect(lookups()).toBe(after);
  });
});
