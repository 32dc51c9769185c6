import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { mailerFor, smtpMailer } from '../src/features/accounts/smtp-mailer.ts';
import { ApiClient } from './client.ts';
import { person } from './code-world.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { smtpSink } from './smtp-sink.ts';
import { adminClient, idNumber, registeredApp, verifiedIndividual } from './world.ts';

const credentials = { user: 'wharf-mailer', password: 'smtp-secret-Pa55' };
const tokenOf = (text: string) => /\/#\/activate\/([A-Za-z0-9_-]+)/.exec(text)?.[1] ?? '';

/** The operator's settings, read the way `wharf start` reads them. */
const smtpConfig = (port: number, security = 'none') =>
  loadConfig(
    { publicUrl: 'https://wharf.example.com' },
    {
      WHARF_SMTP_HOST: '127.0.0.1',
      WHARF_SMTP_PORT: String(port),
      WHARF_SMTP_SECURITY: security,
      WHARF_SMTP_USER: credentials.user,
      WHARF_SMTP_PASSWORD: credentials.password,
      WHARF_SMTP_FROM: 'Wharf 平台 <no-reply@wharf.example.com>',
    },
  ).smtp;

describe.each(dialects)('activation mail over SMTP on %s', (dialect) => {
  let sink: Awaited<ReturnType<typeof smtpSink>>;
  let server: TestServer;
  let admin: ApiClient;
  const reports: string[] = [];

  beforeAll(async () => {
    sink = await smtpSink(credentials);
    server = await startTestServer(
      dialect,
      {},
      {
        emailActivation: true,
        context: { mailer: smtpMailer(smtpConfig(sink.port), (line) => void reports.push(line)) },
      },
    );
    admin = await adminClient(server.url, (email) =>
      server.ctx.accounts.createUser({ email, password: 'password-123', role: 'admin' }),
    );
  });
  afterAll(async () => {
    await server.close();
    await sink.close();
  });

  it('sends a bilingual activation mail whose link activates the account', async () => {
    const client = new ApiClient(server.url);
    const email = 'mailed@example.com';
    const signup = await client.post('/api/v1/auth/signup', { email, password: 'password-123' });
    expect(signup.status).toBe(201);
    expect(signup.body).toMatchObject({ email, activated: false, activationMail: 'sent' });

    const got = sink.received.filter((entry) => entry.rcptTo.includes(email));
    expect(got).toHaveLength(1);
    const { mail, user } = got[0]!;
    expect(user).toBe(credentials.user);
    expect(mail.from?.value[0]).toEqual({ address: 'no-reply@wharf.example.com', name: 'Wharf 平台' });
    expect(mail.to && !Array.isArray(mail.to) && mail.to.value[0]?.address).toBe(email);
    expect(mail.subject).toBe('激活你的 Wharf 账号 / Activate your Wharf account');
    expect(mail.messageId).toMatch(/^<.+@.+>$/);
    expect(mail.date).toBeInstanceOf(Date);
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    // Chinese first, then English, in the text and in the HTML alternative.
    const text = mail.text ?? '';
    expect(text.indexOf('激活你的 Wharf 账号')).toBeGreaterThanOrEqual(0);
    expect(text.indexOf('激活你的 Wharf 账号')).toBeLessThan(text.indexOf('activate your Wharf account'));
    expect(mail.html || '').toContain('lang="zh-CN"');

    const token = tokenOf(text);
    const link = `${server.url}/#/activate/${token}`;
    expect(text).toContain(link);
    expect(mail.html || '').toContain(`href="${link}"`);
    // Really mailed: nothing for admins to read, and the account waits for the link.
    const links = (await admin.get('/api/v1/admin/activation-links')).body as Array<{ email: string }>;
    expect(links.find((entry) => entry.email === email)).toMatchObject({ link: null, activated: false });
    expect((await client.post('/api/v1/auth/signin', { email, password: 'password-123' })).status).toBe(403);

    expect((await client.post('/api/v1/auth/activate', { token })).body).toEqual({ email });
    await client.signIn(email, 'password-123');
    expect((await client.get('/api/v1/me')).body.user.email).toBe(email);
    expect(reports).toEqual([]);
  });

  it('mails a member invitation to the invitee, whether or not the email has an account', async () => {
    const owner = await person(server);
    const subject = await verifiedIndividual(owner.client, idNumber(dialect === 'sqlite' ? 61 : 62), '钱七');
    const { app } = await registeredApp(owner.client, subject.id, `邀请邮件${dialect}`);
    const member = await person(server);
    for (const [email, role] of [
      [member.email, 'developer'],
      ['no-account-yet@example.com', 'tester'],
    ] as const) {
      const invited = await owner.client.post(`/api/v1/miniprograms/${app.id}/invitations`, { email, role });
      expect(invited.status, email).toBe(201);
      const got = sink.received.filter((entry) => entry.rcptTo.includes(email));
      expect(got, email).toHaveLength(1);
      const { mail } = got[0]!;
      expect(mail.subject).toBe(
        `邀请你加入小程序「邀请邮件${dialect}」 / Invitation to the mini program "邀请邮件${dialect}"`,
      );
      const text = mail.text ?? '';
      expect(text).toContain(role === 'developer' ? '的开发者' : '的体验成员');
      expect(text).toContain(`be a ${role} of`);
      expect(text.indexOf('邀请你成为')).toBeLessThan(text.indexOf('invited you'));
      expect(text).toContain(owner.email);
      expect(text).toContain(`${server.url}/#/invitations`);
      expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    }
    // Every invitation mails someone: past the operator's limit per inviter, refused with 429.
    await server.ctx.settings.set('limits.invitations.perAccount', 3);
    try {
      const third = await owner.client.post(`/api/v1/miniprograms/${app.id}/invitations`, {
        email: 'third@example.com',
        role: 'developer',
      });
      expect(third.status).toBe(201);
      const fourth = await owner.client.post(`/api/v1/miniprograms/${app.id}/invitations`, {
        email: 'fourth@example.com',
        role: 'developer',
      });
      expect(fourth.status).toBe(429);
      expect(fourth.body.error.code).toBe('too_many_attempts');
      expect(sink.received.some((entry) => entry.rcptTo.includes('fourth@example.com'))).toBe(false);
    } finally {
      await server.ctx.settings.set('limits.invitations.perAccount', 100);
    }
    // The invitation the mail points to is there for the member to accept.
    const mine = (await member.client.get('/api/v1/invitations')).body as Array<{ id: string }>;
    expect(mine).toHaveLength(1);
    expect((await member.client.post(`/api/v1/invitations/${mine[0]!.id}/accept`)).status).toBe(200);
  });

  it('answers a sign-up clearly while the mail server is down, and mails the link when asked again', async () => {
    const port = sink.port;
    await sink.close();
    const client = new ApiClient(server.url);
    const email = 'down@example.com';
    const signup = await client.post('/api/v1/auth/signup', { email, password: 'password-123' });
    expect(signup.status).toBe(201);
    expect(signup.body).toMatchObject({ email, activated: false, activationMail: 'failed' });
    // The link is kept for admins, who can pass it on.
    const links = (await admin.get('/api/v1/admin/activation-links')).body as Array<{
      email: string;
      link: string;
    }>;
    expect(links.find((entry) => entry.email === email)?.link).toMatch(/\/#\/activate\//);

    // Asking again while it is still down: a clear 503 in both languages, the same for an unknown email.
    for (const who of [email, 'nobody@example.com']) {
      const resend = await client.post('/api/v1/auth/activation/resend', { email: who });
      expect(resend.status, who).toBe(503);
      expect(resend.body.error).toMatchObject({ code: 'mail_unavailable' });
      expect(resend.body.error.messageZh).toContain('邮件');
      expect(resend.body.error.message).toContain('mail');
    }
    // The failures are logged without the password.
    expect(reports.length).toBeGreaterThanOrEqual(3);
    expect(reports.join('\n')).toContain(`to ${email}`);
    expect(reports.join('\n')).toContain('ECONNREFUSED');
    expect(reports.join('\n')).not.toContain(credentials.password);

    // An invitation does not depend on its mail: it is made, and listed for the invitee.
    const owner = await person(server);
    const subject = await verifiedIndividual(owner.client, idNumber(dialect === 'sqlite' ? 63 : 64), '孙八');
    const { app } = await registeredApp(owner.client, subject.id, `邮件停机${dialect}`);
    const invited = await owner.client.post(`/api/v1/miniprograms/${app.id}/invitations`, {
      email: 'invited-while-down@example.com',
      role: 'tester',
    });
    expect(invited.status).toBe(201);

    sink = await smtpSink(credentials, port);
    expect((await client.post('/api/v1/auth/activation/resend', { email })).body).toEqual({ ok: true });
    const got = sink.received.filter((entry) => entry.rcptTo.includes(email));
    expect(got).toHaveLength(1);
    const token = tokenOf(got[0]!.mail.text ?? '');
    expect((await client.post('/api/v1/auth/activate', { token })).status).toBe(200);
    await client.signIn(email, 'password-123');
  });
});

describe('choosing the mailer', () => {
  it('sends through SMTP only when a host is set, and never over plain text when STARTTLS is asked for', async () => {
    expect(mailerFor(loadConfig({}, {}).smtp).delivers).toBe(false);
    const sink = await smtpSink(credentials);
    try {
      expect(mailerFor(smtpConfig(sink.port)).delivers).toBe(true);
      await smtpMailer(smtpConfig(sink.port), () => {}).check();
      // The sink offers no STARTTLS: a mailer told to require it refuses to send the password in clear.
      const reports: string[] = [];
      const strict = smtpMailer(smtpConfig(sink.port, 'starttls'), (line) => void reports.push(line));
      await expect(strict.send({ to: 'a@example.com', subject: 's', text: 't' })).rejects.toThrow();
      expect(sink.received).toHaveLength(0);
      expect(reports.join('\n')).toMatch(/STARTTLS/i);
      // Wrong credentials: refused, and the report names the server's answer, not the password.
      const wrong = smtpMailer(
        { ...smtpConfig(sink.port), password: 'wrong-password-x' },
        (line) => void reports.push(line),
      );
      await expect(wrong.check()).rejects.toThrow();
      expect(reports.join('\n')).not.toContain('wrong-password-x');
    } finally {
      await sink.close();
    }
  });

  it('refuses settings that would mail links built on a request, or an unknown TLS mode', () => {
    expect(() => loadConfig({}, { WHARF_SMTP_HOST: 'smtp.example.com' })).toThrow(/WHARF_PUBLIC_URL/);
    expect(() =>
      loadConfig(
        { publicUrl: 'https://w.example.com' },
        { WHARF_SMTP_HOST: 'h', WHARF_SMTP_SECURITY: 'ssl' },
      ),
    ).toThrow(/WHARF_SMTP_SECURITY/);
    const smtp = loadConfig({ publicUrl: 'https://w.example.com' }, { WHARF_SMTP_HOST: 'h' }).smtp;
    expect(smtp).toMatchObject({ port: 587, security: 'starttls', from: 'Wharf <no-reply@w.example.com>' });
  });
});
