/** One email to send. */
export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  /** false when mail only goes to the server log (no mail server): the link is kept for admins. */
  readonly delivers: boolean;
  send(mail: Mail): Promise<void>;
}

/**
 * No mail server: the message is printed to the server's log, where the operator (and the demo's
 * reader) finds the link; admins also read it in the console (`/admin/activation-links`).
 */
export function logMailer(print: (line: string) => void = (line) => console.log(line)): Mailer {
  return {
    delivers: false,
    async send(mail) {
      print(`[mail] to ${mail.to}: ${mail.subject}\n${mail.text}`);
    },
  };
}
