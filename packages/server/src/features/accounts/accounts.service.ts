import { WharfError } from '../../errors/wharf-error.ts';
import { hashPassword, newId, randomToken, sha256hex, verifyPassword } from '../../security/secrets.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import { activationMail } from './account-mails.ts';
import type { AccountsStore } from './accounts.store.ts';
import type { Role } from './accounts.tables.ts';
import { logMailer, type Mail, type Mailer } from './mailer.ts';

const SESSION_MS = 14 * 24 * 3600 * 1000;
const ACTIVATION_HOURS = 48;
const ACTIVATION_MS = ACTIVATION_HOURS * 3600 * 1000;

/** What became of an activation mail: `logged` when no mail server is set (the link is in the log). */
export type ActivationMail = 'sent' | 'logged' | 'failed';

let dummy: Promise<string> | undefined;
/** A hash made by `hashPassword` itself, so its cost follows any change to the real parameters. */
const dummyHash = () => {
  dummy ??= hashPassword(randomToken());
  return dummy;
};

export interface SessionUser {
  id: string;
  email: string;
  role: Role;
  displayName: string;
  csrfToken: string;
}

export interface SignUpInput {
  email: string;
  password: string;
  displayName?: string;
}

export interface PublicUser {
  id: string;
  email: string;
  role: Role;
  displayName: string;
}

export interface ActivationOptions {
  settings: Pick<SettingsService, 'get'>;
  mailer: Mailer;
}

export function accountsService(
  store: AccountsStore,
  clock: () => number = Date.now,
  activation: ActivationOptions | undefined = undefined,
) {
  const mailer = activation?.mailer ?? logMailer();
  const activationRequired = async () =>
    activation ? await activation.settings.get('accounts.emailActivation') : false;

  /**
   * A new link for the account, mailed (or logged); the token only ever exists in the link. A mail
   * the server refused keeps the link for admins, and the account can ask for another one.
   */
  async function sendActivation(
    user: { id: string; email: string },
    origin: string,
  ): Promise<ActivationMail> {
    const token = randomToken();
    const link = `${origin.replace(/\/$/, '')}/#/activate/${token}`;
    const now = clock();
    await store.insertActivation({
      token_hash: sha256hex(token),
      user_id: user.id,
      email: user.email,
      link: mailer.delivers ? null : link,
      created_at: now,
      expires_at: now + ACTIVATION_MS,
      used_at: null,
    });
    try {
      await mailer.send(activationMail(user.email, link, ACTIVATION_HOURS));
    } catch {
      await store.keepActivationLink(sha256hex(token), link);
      return 'failed';
    }
    return mailer.delivers ? 'sent' : 'logged';
  }

  async function createUser(
    input: SignUpInput & { role: Role },
    activated = true,
  ): Promise<PublicUser & { activated: boolean }> {
    const email = input.email.trim().toLowerCase();
    if (await store.findUserByEmail(email)) throw new WharfError('email_taken', {}, 'email');
    const user = {
      id: newId('usr'),
      email,
      password_hash: await hashPassword(input.password),
      role: input.role,
      display_name: input.displayName?.trim() || email.split('@')[0] || email,
      created_at: clock(),
      activated_at: activated ? clock() : null,
    };
    try {
      await store.insertUser(user);
    } catch (error) {
      // Two sign-ups racing for one email: the unique index decides.
      if (await store.findUserByEmail(email)) throw new WharfError('email_taken', {}, 'email');
      throw error;
    }
    return { id: user.id, email, role: user.role, displayName: user.display_name, activated };
  }

  return {
    /**
     * Public sign-up: always a developer (roles change only through `setRole`, the admin route).
     * When activation is on, the account waits for the link mailed to it, built on `origin`.
     */
    async signUp(
      input: SignUpInput,
      origin = '',
    ): Promise<PublicUser & { activated: boolean; activationMail: ActivationMail | null }> {
      const required = await activationRequired();
      const user = await createUser({ ...input, role: 'developer' }, !required);
      // The account stays even when its mail fails: the answer says so and a resend tries again.
      const activationMail = required ? await sendActivation(user, origin) : null;
      return { ...user, activationMail };
    },

    /** An account with a chosen role: for the CLI's `admin create`, the demo seed and tests, never a route. */
    createUser: (input: SignUpInput & { role: Role }) => createUser(input, true),

    /** Opens an activation link: the account works from now on. A used or expired link is refused. */
    async activate(token: string): Promise<{ email: string }> {
      const row = await store.findActivation(sha256hex(token));
      if (!row || row.expires_at <= clock()) throw new WharfError('activation_invalid', {}, 'token');
      const user = await store.findUserById(row.user_id);
      if (!user) throw new WharfError('activation_invalid', {}, 'token');
      // The same link opened twice (a reload, a second tab) is no error once the account is active.
      if (row.used_at === null && !(await store.useActivation(row.token_hash, row.user_id, clock()))) {
        if (!(await store.findUserById(row.user_id))?.activated_at)
          throw new WharfError('activation_invalid', {}, 'token');
      }
      return { email: row.email };
    },

    /** A new link for an account still waiting; the answer is the same whether or not the email is known. */
    async resendActivation(emailRaw: string, origin: string): Promise<void> {
      const user = await store.findUserByEmail(emailRaw.trim().toLowerCase());
      if (user && user.activated_at === null) {
        if ((await sendActivation(user, origin)) === 'failed') throw new WharfError('mail_unavailable');
        return;
      }
      // Nothing to send, but a mail server that is down is reported all the same, so the answer
      // tells nothing about which emails have accounts waiting.
      await mailer.check().catch(() => {
        throw new WharfError('mail_unavailable');
      });
    },

    /** The newest activation links (the link itself only when no mail server sent it). */
    async activationLinks(limit = 100) {
      return (await store.listActivations(limit)).map((row) => ({
        email: row.email,
        link: row.link,
        createdAt: Number(row.created_at),
        expiresAt: Number(row.expires_at),
        usedAt: row.used_at === null ? null : Number(row.used_at),
        expired: Number(row.expires_at) <= clock(),
        activated: row.activated_at !== null,
      }));
    },

    async signIn(emailRaw: string, password: string): Promise<{ token: string; user: SessionUser }> {
      const user = await store.findUserByEmail(emailRaw.trim().toLowerCase());
      // An unknown email costs the same scrypt as a known one, so the answer's timing does not tell.
      const verified = await verifyPassword(password, user?.password_hash ?? (await dummyHash()));
      if (!user || !verified) throw new WharfError('invalid_credentials');
      // Told only to someone who knows the password, so it reveals nothing about who has an account.
      if (user.activated_at === null && (await activationRequired()))
        throw new WharfError('email_not_activated', { email: user.email }, 'email');
      const token = randomToken();
      const csrfToken = randomToken(18);
      const now = clock();
      await store.insertSession({
        token_hash: sha256hex(token),
        user_id: user.id,
        csrf_token: csrfToken,
        created_at: now,
        expires_at: now + SESSION_MS,
      });
      return {
        token,
        user: { id: user.id, email: user.email, role: user.role, displayName: user.display_name, csrfToken },
      };
    },

    async session(token: string): Promise<SessionUser | undefined> {
      const row = await store.findSession(sha256hex(token), clock());
      if (!row) return undefined;
      return {
        id: row.id,
        email: row.email,
        role: row.role,
        displayName: row.display_name,
        csrfToken: row.csrf_token,
      };
    },

    async signOut(token: string): Promise<void> {
      await store.deleteSession(sha256hex(token));
    },

    async setRole(userId: string, role: Role): Promise<void> {
      if (!(await store.setRole(userId, role))) throw new WharfError('not_found', { what: 'user' });
    },

    async listUsers(emailContains?: string) {
      const rows = await store.listUsers(emailContains?.trim().toLowerCase() || undefined, 200);
      return rows.map((user) => ({
        id: user.id,
        email: user.email,
        role: user.role,
        displayName: user.display_name,
        activated: user.activated_at !== null,
        createdAt: Number(user.created_at),
      }));
    },

    /**
     * A mail that is a courtesy, not the only way in (an invitation is also listed in the
     * console): false when the mail server refused it, which the mailer has logged.
     */
    async notify(mail: Mail): Promise<boolean> {
      return mailer.send(mail).then(
        () => true,
        () => false,
      );
    },

    async findById(id: string): Promise<PublicUser | undefined> {
      const user = await store.findUserById(id);
      return user && { id: user.id, email: user.email, role: user.role, displayName: user.display_name };
    },

    async findByEmail(email: string): Promise<PublicUser | undefined> {
      const user = await store.findUserByEmail(email.trim().toLowerCase());
      return user && { id: user.id, email: user.email, role: user.role, displayName: user.display_name };
    },
  };
}

export type AccountsService = ReturnType<typeof accountsService>;
