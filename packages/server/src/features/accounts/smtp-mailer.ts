import nodemailer from 'nodemailer';
import type { SmtpConfig } from '../../config.ts';
import { logMailer, type Mailer } from './mailer.ts';

/**
 * Real mail through the operator's SMTP server. Timeouts are short because a sign-up waits for
 * its mail to be accepted (so it can say when it was not); the password goes only to the server.
 */
export function smtpMailer(
  smtp: SmtpConfig,
  report: (line: string) => void = (line) => console.error(line),
): Mailer {
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.security === 'tls',
    requireTLS: smtp.security === 'starttls',
    ignoreTLS: smtp.security === 'none',
    ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.password } } : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
    logger: false,
  });
  const failed = (what: string, error: unknown) => {
    const { code, message } = error as { code?: string; message?: string };
    // nodemailer's messages name the server's reply, never the credentials.
    report(
      `[mail] ${what} via ${smtp.host}:${smtp.port} failed: ${code ?? 'error'} ${message ?? String(error)}`,
    );
    return error;
  };
  return {
    delivers: true,
    async send(mail) {
      try {
        await transport.sendMail({
          from: smtp.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          ...(mail.html ? { html: mail.html } : {}),
          headers: { 'Auto-Submitted': 'auto-generated', 'Content-Language': 'zh-CN, en' },
        });
      } catch (error) {
        throw failed(`to ${mail.to}`, error);
      }
    },
    async check() {
      try {
        await transport.verify();
      } catch (error) {
        throw failed('check', error);
      }
    },
  };
}

/** The configured SMTP server, or the log when none is set. */
export function mailerFor(smtp: SmtpConfig): Mailer {
  return smtp.host ? smtpMailer(smtp) : logMailer();
}
