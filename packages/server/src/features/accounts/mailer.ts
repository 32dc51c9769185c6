/** One email to send: a plain-text body and an HTML alternative of the same words. */
export interface Mail {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface Mailer {
  /** false when mail only goes to the server log (no mail server): the link is kept for admins. */
  readonly delivers: boolean;
  /** Rejects when the mail server refused or could not be reached; the reason is already logged. */
  send(mail: Mail): Promise<void>;
  /** Rejects when the mail server cannot take mail now (connects and signs in, sends nothing). */
  check(): Promise<void>;
}

/**
 * No mail server: the message is printed to standard error beside the server's log, where the
 * operator finds the link; admins also read it in the console (`/admin/activation-links`).
 * Not standard output: that carries JSON (the log lines, `wharf demo --json`).
 */
export function logMailer(print: (line: string) => void = (line) => console.error(line)): Mailer {
  return {
    delivers: false,
    async send(mail) {
      print(`[mail] to ${mail.to}: ${mail.subject}\n${mail.text}`);
    },
    async check() {},
  };
}
