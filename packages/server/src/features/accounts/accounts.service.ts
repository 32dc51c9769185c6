import { WharfError } from '../../errors/wharf-error.ts';
import { hashPassword, newId, randomToken, sha256hex, verifyPassword } from '../../security/secrets.ts';
import type { AccountsStore } from './accounts.store.ts';
import type { Role } from './accounts.tables.ts';

const SESSION_MS = 14 * 24 * 3600 * 1000;

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

export function accountsService(store: AccountsStore, clock: () => number = Date.now) {
  async function createUser(input: SignUpInput & { role: Role }): Promise<PublicUser> {
    const email = input.email.trim().toLowerCase();
    if (await store.findUserByEmail(email)) throw new WharfError('email_taken', {}, 'email');
    const user = {
      id: newId('usr'),
      email,
      password_hash: await hashPassword(input.password),
      role: input.role,
      display_name: input.displayName?.trim() || email.split('@')[0] || email,
      created_at: clock(),
    };
    try {
      await store.insertUser(user);
    } catch (error) {
      // Two sign-ups racing for one email: the unique index decides.
      if (await store.findUserByEmail(email)) throw new WharfError('email_taken', {}, 'email');
      throw error;
    }
    return { id: user.id, email, role: user.role, displayName: user.display_name };
  }

  return {
    /** Public sign-up: always a developer. Roles change only through `setRole` (the admin route). */
    signUp(input: SignUpInput): Promise<PublicUser> {
      return createUser({ ...input, role: 'developer' });
    },

    /** An account with a chosen role: for the CLI's `admin create`, the demo seed and tests, never a route. */
    createUser,

    async signIn(emailRaw: string, password: string): Promise<{ token: string; user: SessionUser }> {
      const user = await store.findUserByEmail(emailRaw.trim().toLowerCase());
      // An unknown email costs the same scrypt as a known one, so the answer's timing does not tell.
      const verified = await verifyPassword(password, user?.password_hash ?? (await dummyHash()));
      if (!user || !verified) throw new WharfError('invalid_credentials');
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

    async findByEmail(email: string): Promise<PublicUser | undefined> {
      const user = await store.findUserByEmail(email.trim().toLowerCase());
      return user && { id: user.id, email: user.email, role: user.role, displayName: user.display_name };
    },
  };
}

export type AccountsService = ReturnType<typeof accountsService>;
