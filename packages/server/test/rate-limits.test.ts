import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createContext } from '../src/context.ts';
import { randomHex } from '../src/security/secrets.ts';
import { codeWorld, sampleFiles, uploadZip, zipOf } from './code-world.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { idNumber, newDeveloper, registeredApp, verifiedIndividual } from './world.ts';

const PASSWORD = 'password-123';
const WRONG = 'wrong-password';
const minutes = (n: number) => n * 60_000;

describe.each(dialects)('guessing limits on %s', (dialect) => {
  let server: TestServer;
  let serial = 0;

  // A fresh server per test: the counters of one test must not lock out the next.
  beforeEach(async () => {
    server = await startTestServer(dialect);
  });
  afterEach(() => server.close());

  /** A native or WeChat-face call from a chosen caller IP (Fastify's inject sets the socket address). */
  async function call(
    method: 'GET' | 'POST',
    url: string,
    body?: unknown,
    ip = '203.0.113.7',
    headers: Record<string, string> = {},
  ) {
    const response = await server.app.inject({
      method,
      url,
      remoteAddress: ip,
      headers,
      ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
    });
    return { status: response.statusCode, headers: response.headers, body: response.json() };
  }

  async function account(): Promise<string> {
    serial += 1;
    const email = `guess${serial}-${randomHex(3)}@example.com`;
    await server.ctx.accounts.signUp({ email, password: PASSWORD });
    return email;
  }

  const signIn = (email: string, password: string, ip?: string) =>
    call('POST', '/api/v1/auth/signin', { email, password }, ip);

  it('refuses the right password after 200 wrong ones, with 429 and Retry-After, until the window passes', async () => {
    const email = await account();
    const answers: number[] = [];
    for (let i = 0; i < 200; i++) answers.push((await signIn(email, `${WRONG}-${i}`)).status);
    // The first ten are checked (401), the rest refused without a password check (429).
    expect(answers.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(new Set(answers.slice(10))).toEqual(new Set([429]));

    const refused = await signIn(email, PASSWORD);
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('too_many_attempts');
    expect(refused.body.error.messageZh).toMatch(/秒后再试/);
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);

    server.clock.advance(retryAfter * 1000 - 2000);
    expect((await signIn(email, PASSWORD)).status).toBe(429);
    server.clock.advance(3000);
    const admitted = await signIn(email, PASSWORD);
    expect(admitted.status).toBe(200);
    expect(admitted.body.user.email).toBe(email);
  });

  it('locks the account, not just the IP: ten wrong passwords from ten IPs refuse the right one from an eleventh', async () => {
    const email = await account();
    for (let i = 0; i < 10; i++) expect((await signIn(email, WRONG, `198.51.100.${i + 1}`)).status).toBe(401);
    expect((await signIn(email, PASSWORD, '198.51.100.99')).status).toBe(429);
    // Another account signs in from the same IPs: the lock is on the guessed account.
    const other = await account();
    expect((await signIn(other, PASSWORD, '198.51.100.1')).status).toBe(200);
  });

  it('locks an IP that guesses across many accounts, and only that IP', async () => {
    await server.ctx.settings.set('limits.signIn.failuresPerIp', 5);
    const victims = [await account(), await account(), await account(), await account(), await account()];
    for (const email of victims) expect((await signIn(email, WRONG, '192.0.2.50')).status).toBe(401);
    const target = await account();
    expect((await signIn(target, PASSWORD, '192.0.2.50')).status).toBe(429);
    expect((await signIn(target, PASSWORD, '192.0.2.51')).status).toBe(200);
  });

  it('does not count refused attempts: hammering a locked account leaves the IP its own allowance', async () => {
    await server.ctx.settings.set('limits.signIn.failuresPerIp', 12);
    const locked = await account();
    for (let i = 0; i < 10; i++) expect((await signIn(locked, WRONG)).status).toBe(401);
    for (let i = 0; i < 20; i++) expect((await signIn(locked, WRONG)).status).toBe(429);
    const other = await account();
    expect((await signIn(other, WRONG)).status).toBe(401);
    expect((await signIn(other, PASSWORD)).status).toBe(200);
  });

  it('counts unknown emails like known ones (the lock-out does not tell whether an account exists)', async () => {
    const unknown = `nobody-${randomHex(3)}@example.com`;
    const answers: number[] = [];
    for (let i = 0; i < 11; i++) answers.push((await signIn(unknown, WRONG)).status);
    expect(answers).toEqual([...Array(10).fill(401), 429]);
  });

  it('does not count right passwords: many sign-ins from one IP stay admitted', async () => {
    await server.ctx.settings.set('limits.signIn.failuresPerIp', 3);
    const email = await account();
    for (let i = 0; i < 8; i++) expect((await signIn(email, PASSWORD)).status).toBe(200);
  });

  it('counts parallel guesses before checking them: at most the limit reach the password check', async () => {
    const email = await account();
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => signIn(email, `${WRONG}-${i}`).then((r) => r.status)),
    );
    expect(answers.filter((s) => s === 401)).toHaveLength(10);
    expect(answers.filter((s) => s === 429)).toHaveLength(20);
  });

  it('shares the counts between nodes on one database', async () => {
    const email = await account();
    // A second node: its own context and Fastify app, the same database and clock.
    const ctx = createContext({
      config: server.ctx.config,
      store: server.ctx.store,
      secretKey: randomHex(16),
      clock: server.clock,
    });
    const node2 = await buildApp(ctx);
    try {
      for (let i = 0; i < 5; i++) expect((await signIn(email, WRONG)).status).toBe(401);
      for (let i = 0; i < 5; i++) {
        const response = await node2.inject({
          method: 'POST',
          url: '/api/v1/auth/signin',
          payload: { email, password: WRONG },
          remoteAddress: '203.0.113.8',
        });
        expect(response.statusCode).toBe(401);
      }
      const refused = await node2.inject({
        method: 'POST',
        url: '/api/v1/auth/signin',
        payload: { email, password: PASSWORD },
        remoteAddress: '203.0.113.9',
      });
      expect(refused.statusCode).toBe(429);
      expect((await signIn(email, PASSWORD, '203.0.113.10')).status).toBe(429);
    } finally {
      await node2.close();
    }
  });

  it('behind a trusted balancer limits the client of X-Forwarded-For; from anyone else the header changes nothing', async () => {
    await server.ctx.settings.set('limits.signIn.failuresPerIp', 3);
    const balancer = '10.0.0.2';
    const ctx = createContext({
      config: { ...server.ctx.config, trustProxy: [balancer] },
      store: server.ctx.store,
      secretKey: randomHex(16),
      clock: server.clock,
    });
    const behind = await buildApp(ctx);
    const via = (
      node: typeof behind,
      remoteAddress: string,
      client: string,
      email: string,
      password: string,
    ) =>
      node
        .inject({
          method: 'POST',
          url: '/api/v1/auth/signin',
          payload: { email, password },
          remoteAddress,
          headers: { 'x-forwarded-for': client },
        })
        .then((r) => r.statusCode);
    try {
      for (let i = 0; i < 3; i++)
        expect(await via(behind, balancer, '198.51.100.1', await account(), WRONG)).toBe(401);
      const target = await account();
      expect(await via(behind, balancer, '198.51.100.1', target, PASSWORD)).toBe(429);
      expect(await via(behind, balancer, '198.51.100.2', target, PASSWORD)).toBe(200);

      // The default node trusts no proxy: a guesser cannot pick a fresh address per request.
      for (let i = 0; i < 3; i++)
        expect(await via(server.app, '203.0.113.60', `192.0.2.${i}`, await account(), WRONG)).toBe(401);
      expect(await via(server.app, '203.0.113.60', '192.0.2.99', target, PASSWORD)).toBe(429);
    } finally {
      await behind.close();
    }
  });

  it('caps sign-ups per IP (an operator setting), successful or not, until the window passes', async () => {
    await server.ctx.settings.set('limits.signUp.perIp', 3);
    const signUp = (n: number, ip = '203.0.113.20') =>
      call(
        'POST',
        '/api/v1/auth/signup',
        { email: `new${n}-${randomHex(3)}@example.com`, password: PASSWORD },
        ip,
      );
    expect((await signUp(1)).status).toBe(201);
    expect((await signUp(2)).status).toBe(201);
    expect((await signUp(3)).status).toBe(201);
    const refused = await signUp(4);
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('too_many_attempts');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(3500);
    expect((await signUp(5, '203.0.113.21')).status).toBe(201);
    server.clock.advance(minutes(61));
    expect((await signUp(6)).status).toBe(201);
  });

  it('has the default sign-up cap of 50 an hour per IP', async () => {
    // Sign-ups hash a password each; drop the cost by reusing one address for 50 of them.
    const statuses: number[] = [];
    for (let i = 0; i < 51; i++) {
      const email = `bulk${i}-${randomHex(3)}@example.com`;
      statuses.push(
        (await call('POST', '/api/v1/auth/signup', { email, password: PASSWORD }, '203.0.113.30')).status,
      );
    }
    expect(statuses.slice(0, 50)).toEqual(Array(50).fill(201));
    expect(statuses[50]).toBe(429);
  });

  it('spends the same password hashing on an unknown email as on a known one', async () => {
    const email = await account();
    const timed = async (who: string) => {
      const started = process.hrtime.bigint();
      const response = await signIn(who, WRONG, `198.18.0.${Math.floor(Math.random() * 250) + 1}`);
      expect(response.status).toBe(401);
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    // Interleaved, so load on the machine affects both sides alike; five each stays under the lock-out.
    for (let i = 0; i < 5; i++) {
      known.push(await timed(email));
      unknown.push(await timed(`nobody${i}-${randomHex(3)}@example.com`));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    // Without the dummy hash an unknown email answers about 30 times faster than a known one.
    expect(median(unknown) / median(known)).toBeGreaterThan(0.5);
  });

  describe('AppSecrets', () => {
    let app: { appid: string };
    let secret: string;

    beforeEach(async () => {
      const dev = await newDeveloper(server.url);
      const subject = await verifiedIndividual(dev, idNumber(800 + serial++), '限流甲');
      ({ app, secret } = await registeredApp(dev, subject.id, `限流${serial}`));
    });

    const token = (s: string, ip?: string) =>
      call(
        'GET',
        `/cgi-bin/token?grant_type=client_credential&appid=${app.appid}&secret=${s}`,
        undefined,
        ip,
      );
    const stable = (s: string, ip?: string) =>
      call(
        'POST',
        '/cgi-bin/stable_token',
        { grant_type: 'client_credential', appid: app.appid, secret: s },
        ip,
      );
    const wrongSecret = (i: number) => i.toString(16).padStart(32, 'f');

    it('refuses the right secret on /cgi-bin/token after 200 wrong ones with errcode 45011, until the window passes', async () => {
      const errcodes: number[] = [];
      for (let i = 0; i < 200; i++) errcodes.push((await token(wrongSecret(i))).body.errcode);
      expect(errcodes.slice(0, 20)).toEqual(Array(20).fill(40001));
      expect(new Set(errcodes.slice(20))).toEqual(new Set([45011]));

      const refused = await token(secret);
      // The WeChat face: HTTP 200, WeChat's errcode, no token.
      expect(refused.status).toBe(200);
      expect(refused.body.errcode).toBe(45011);
      expect(refused.body.errmsg).toMatch(/ rid: /);
      expect(refused.body).not.toHaveProperty('access_token');
      // A caller elsewhere with the right secret is refused too: the lock is on the app.
      expect((await token(secret, '198.51.100.200')).body.errcode).toBe(45011);

      server.clock.advance(minutes(10) + 1000);
      expect((await token(secret)).body.access_token).toMatch(/^[A-Za-z0-9_-]{64,}$/);
    });

    it('refuses the right secret on /cgi-bin/stable_token after 200 wrong ones, and counts both endpoints together', async () => {
      for (let i = 0; i < 10; i++) expect((await token(wrongSecret(i))).body.errcode).toBe(40001);
      for (let i = 10; i < 200; i++) await stable(wrongSecret(i));
      const refused = await stable(secret);
      expect(refused.status).toBe(200);
      expect(refused.body.errcode).toBe(45011);
      expect((await token(secret)).body.errcode).toBe(45011);
      server.clock.advance(minutes(11));
      expect((await stable(secret)).body.access_token).toMatch(/^[A-Za-z0-9_-]{64,}$/);
    });

    it('locks an IP that guesses secrets across apps', async () => {
      await server.ctx.settings.set('limits.appSecret.failuresPerIp', 3);
      for (let i = 0; i < 3; i++) expect((await token(wrongSecret(i), '192.0.2.9')).body.errcode).toBe(40001);
      expect((await token(secret, '192.0.2.9')).body.errcode).toBe(45011);
      expect((await token(secret, '192.0.2.10')).body.access_token).toBeTruthy();
    });

    it('leaves calls with an issued access_token alone while the secret is locked out', async () => {
      const issued = (await token(secret)).body.access_token as string;
      for (let i = 0; i < 21; i++) await token(wrongSecret(i));
      expect((await token(secret)).body.errcode).toBe(45011);
      // The capability gate answers (48001 for an individual's app), so the token itself passed.
      expect((await call('POST', `/card/create?access_token=${issued}`, {})).body.errcode).toBe(48001);
    });
  });

  it('refuses the right upload key after 200 wrong ones, with 429 and Retry-After, until the window passes', async () => {
    const w = await codeWorld(server, '限流代码');
    const created = await w.dev.post(`/api/v1/code/${w.app.appid}/upload-keys`, { label: 'ci' });
    const key = created.body.key as string;
    const zip = await zipOf(sampleFiles('rl'));
    const upload = (k: string, version: string) =>
      call('POST', `/api/v1/code/${w.app.appid}/versions?version=${version}`, undefined, undefined, {
        'content-type': 'application/zip',
        'x-wharf-upload-key': k,
      });
    const statuses: number[] = [];
    for (let i = 0; i < 200; i++) statuses.push((await upload(`wuk_wrong${i}`, '1.0.0')).status);
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(new Set(statuses.slice(20))).toEqual(new Set([429]));

    const refused = await uploadZip(server, w.app.appid, '1.0.1', zip, { key });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('too_many_attempts');
    server.clock.advance(minutes(10) + 1000);
    expect((await uploadZip(server, w.app.appid, '1.0.2', zip, { key })).status).toBe(201);
  });

  it('turns a check off with a limit of 0', async () => {
    await server.ctx.settings.set('limits.signIn.failuresPerAccount', 0);
    await server.ctx.settings.set('limits.signIn.failuresPerIp', 0);
    const email = await account();
    for (let i = 0; i < 12; i++) expect((await signIn(email, WRONG)).status).toBe(401);
    expect((await signIn(email, PASSWORD)).status).toBe(200);
  });
});

describe('WHARF_TRUST_PROXY', () => {
  it('takes addresses and CIDRs, trusts no proxy when unset, and refuses anything else', () => {
    expect(loadConfig({}, {}).trustProxy).toBe(false);
    expect(loadConfig({}, { WHARF_TRUST_PROXY: '10.0.0.0/8, 192.168.1.5,fd00::/8' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '192.168.1.5',
      'fd00::/8',
    ]);
    for (const bad of ['true', '2', '10.0.0.0/33', 'lb.internal', '10.0.0.1/8/2'])
      expect(() => loadConfig({}, { WHARF_TRUST_PROXY: bad })).toThrow(/WHARF_TRUST_PROXY/);
  });
});
