import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../src/demo/seed.ts';
import { logMailer } from '../src/features/accounts/mailer.ts';
import { ApiClient } from './client.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { adminClient } from './world.ts';

const tokenOf = (link: string) => /#\/activate\/([A-Za-z0-9_-]+)$/.exec(link)?.[1] ?? '';

describe.each(dialects)('email activation on %s', (dialect) => {
  let server: TestServer;
  let admin: ApiClient;
  const logged: string[] = [];

  beforeAll(async () => {
    server = await startTestServer(
      dialect,
      {},
      {
        emailActivation: true,
        context: {
          mailer: logMailer((line) => void logged.push(line)),
        },
      },
    );
    admin = await adminClient(server.url, (email) =>
      server.ctx.accounts.createUser({ email, password: 'password-123', role: 'admin' }),
    );
  });
  afterAll(() => server.close());

  const linkFor = async (email: string) => {
    const links = (await admin.get('/api/v1/admin/activation-links')).body as Array<{
      email: string;
      link: string;
      activated: boolean;
    }>;
    return links.find((entry) => entry.email === email);
  };

  it('signs up an account that signs in only after its mailed link is opened', async () => {
    const client = new ApiClient(server.url);
    const email = 'wait@example.com';
    const signup = await client.post('/api/v1/auth/signup', { email, password: 'password-123' });
    expect(signup.status).toBe(201);
    expect(signup.body).toMatchObject({ email, activated: false, activationMail: 'logged' });

    const refused = await client.post('/api/v1/auth/signin', { email, password: 'password-123' });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'email_not_activated', field: 'email' });
    expect(refused.body.error.messageZh).toContain('激活');
    // A wrong password says nothing about activation.
    const wrong = await client.post('/api/v1/auth/signin', { email, password: 'not-the-password' });
    expect(wrong.body.error.code).toBe('invalid_credentials');

    // The link went to the log (the mailer) and is readable by admins only.
    const entry = await linkFor(email);
    expect(entry).toMatchObject({ email, activated: false });
    expect(logged.some((line) => line.includes(`to ${email}:`) && line.includes(entry!.link))).toBe(true);
    expect(entry!.link.startsWith(`${server.url}/#/activate/`)).toBe(true);
    expect((await client.get('/api/v1/admin/activation-links')).status).toBe(401);

    const activated = await client.post('/api/v1/auth/activate', { token: tokenOf(entry!.link) });
    expect(activated.status).toBe(200);
    expect(activated.body).toEqual({ email });
    // Opened again (a reload): still fine, nothing changes.
    expect((await client.post('/api/v1/auth/activate', { token: tokenOf(entry!.link) })).status).toBe(200);
    await client.signIn(email, 'password-123');
    expect((await client.get('/api/v1/me')).body.user.email).toBe(email);
    expect((await linkFor(email))!.activated).toBe(true);
  });

  it('refuses an unknown or expired link, and mails a new one on request', async () => {
    const client = new ApiClient(server.url);
    const unknown = await client.post('/api/v1/auth/activate', { token: 'x'.repeat(43) });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: 'activation_invalid', field: 'token' });

    const email = 'late@example.com';
    await client.post('/api/v1/auth/signup', { email, password: 'password-123' });
    const first = (await linkFor(email))!.link;
    server.clock.advance(49 * 3600 * 1000);
    expect((await client.post('/api/v1/auth/activate', { token: tokenOf(first) })).body.error.code).toBe(
      'activation_invalid',
    );
    // The same answer whether or not the email has an account.
    expect(
      (await client.post('/api/v1/auth/activation/resend', { email: 'nobody@example.com' })).body,
    ).toEqual({
      ok: true,
    });
    expect((await client.post('/api/v1/auth/activation/resend', { email })).body).toEqual({ ok: true });
    const second = (await linkFor(email))!.link;
    expect(second).not.toBe(first);
    expect((await client.post('/api/v1/auth/activate', { token: tokenOf(second) })).status).toBe(200);
    await client.signIn(email, 'password-123');
  });

  it("leaves the demo's developers able to sign in at once (the seed makes them activated), mailing nothing", async () => {
    const before = logged.length;
    const world = await seedDemo(server.ctx);
    expect(logged.length).toBe(before);
    for (const developer of world.developers) {
      const signin = await new ApiClient(server.url).post('/api/v1/auth/signin', {
        email: developer.email,
        password: developer.password,
      });
      expect(signin.status, developer.email).toBe(200);
    }
  }, 120_000);

  it('lists users with their roles for admins, and every setting with its default', async () => {
    const users = await admin.get('/api/v1/admin/users?q=late@');
    expect(users.status).toBe(200);
    expect(users.body).toEqual([
      expect.objectContaining({ email: 'late@example.com', role: 'developer', activated: true }),
    ]);
    // A LIKE wildcard in the query is a literal character.
    expect((await admin.get('/api/v1/admin/users?q=%25')).body).toEqual([]);
    const entries = (await admin.get('/api/v1/admin/settings/entries')).body as Array<{
      key: string;
      value: unknown;
      default: unknown;
    }>;
    expect(entries.find((entry) => entry.key === 'accounts.emailActivation')).toEqual({
      key: 'accounts.emailActivation',
      value: true,
      default: true,
    });
    expect(entries.find((entry) => entry.key === 'quota.individualMiniPrograms')).toEqual({
      key: 'quota.individualMiniPrograms',
      value: 5,
      default: 5,
    });
  });
});
