import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/src/config.ts';
import { smtpMailer } from '../../server/src/features/accounts/smtp-mailer.ts';
import { smtpSink } from '../../server/test/smtp-sink.ts';
import { PASSWORD, signIn, textOf } from './console-walk.ts';
import { type ConsoleWorld, consoleWorld, poll } from './console-world.ts';

const credentials = { user: 'console-mailer', password: 'console-smtp-Pa55' };

/**
 * Sign-up with a real SMTP server (smtp-server) behind the console: down at first, so the page
 * says the mail was not sent and offers to send it again; the mail then sent carries the link
 * that the browser opens to activate the account.
 */
describe('activation mail over SMTP in the console (Chromium)', () => {
  let world: ConsoleWorld;
  let port: number;
  let sink: Awaited<ReturnType<typeof smtpSink>> | undefined;
  beforeAll(async () => {
    const probe = await smtpSink(credentials);
    port = probe.port;
    await probe.close();
    const smtp = loadConfig(
      { publicUrl: 'https://wharf.example.com' },
      {
        WHARF_SMTP_HOST: '127.0.0.1',
        WHARF_SMTP_PORT: String(port),
        WHARF_SMTP_SECURITY: 'none',
        WHARF_SMTP_USER: credentials.user,
        WHARF_SMTP_PASSWORD: credentials.password,
      },
    ).smtp;
    world = await consoleWorld({ mailer: smtpMailer(smtp, () => {}) });
  });
  afterAll(async () => {
    await world?.close();
    await sink?.close();
  });

  it('邮件服务器不可用时注册仍有明确答复，可重新发送；邮件中的链接激活账号 (zh-CN)', async () => {
    const text = textOf('zh-CN');
    const page = await world.page('zh-CN');
    const email = 'smtp-walker@example.com';
    await page.goto(`${world.server.url}/#/signup`);
    await page.getByLabel(text.auth.email).fill(email);
    await page.getByLabel(text.auth.password).fill(PASSWORD);
    await page.getByRole('button', { name: text.signup.submit, exact: true }).click();
    await poll(() => page.locator('.activation-failed').textContent()).toContain(email);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(text.mail.failedTitle);

    // Still down: asking again says so, in Chinese.
    await page.getByRole('button', { name: text.auth.resend }).click();
    await poll(() => page.locator('.resend-activation [role=alert]').textContent()).toContain(
      '邮件暂时无法发送',
    );

    // The mail server is back: the mail goes out.
    sink = await smtpSink(credentials, port);
    await page.getByRole('button', { name: text.auth.resend }).click();
    await poll(() => page.locator('.resend-activation [role=status]').textContent()).toBe(text.auth.resent);
    expect(await page.locator('.resend-activation [role=alert]').count()).toBe(0);
    const mails = sink.received.filter((entry) => entry.rcptTo.includes(email));
    expect(mails).toHaveLength(1);
    const link = /(http:\/\/\S+\/#\/activate\/[A-Za-z0-9_-]+)/.exec(mails[0]!.mail.text ?? '')?.[1];
    expect(link?.startsWith(world.server.url)).toBe(true);

    await page.goto(link!);
    await poll(() => page.locator('.activated').textContent()).toContain(email);
    await page.getByRole('link', { name: text.auth.signIn }).click();
    await signIn(page, 'zh-CN', email);
    await poll(() => page.getByRole('link', { name: text.nav.verify }).first().isVisible()).toBe(true);
  }, 120_000);
});
