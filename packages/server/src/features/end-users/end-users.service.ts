import { WharfError } from '../../errors/wharf-error.ts';
import { hashPassword, newId, randomToken, sha256hex, verifyPassword } from '../../security/secrets.ts';
import type { EndUserRow, EndUsersStore } from './end-users.store.ts';

const SESSION_MS = 30 * 24 * 3600 * 1000;

let dummy: Promise<string> | undefined;
const dummyHash = () => {
  dummy ??= hashPassword(randomToken());
  return dummy;
};

export interface EndUser {
  id: string;
  username: string;
  nickname: string;
}

export interface EndUserSession extends EndUser {
  csrfToken: string;
}

export interface NewEndUser {
  username: string;
  password: string;
  nickname?: string;
  sex?: number;
  language?: string;
  country?: string;
  province?: string;
  city?: string;
}

const publicUser = (row: Pick<EndUserRow, 'id' | 'username' | 'nickname'>): EndUser => ({
  id: row.id,
  username: row.username,
  nickname: row.nickname,
});

/** The client's accounts: sign-up, sign-in, sessions; apart from developer accounts. */
export function endUsersService(store: EndUsersStore, clock: () => number = Date.now) {
  async function rowFor(input: NewEndUser): Promise<EndUserRow> {
    return {
      id: newId('eu'),
      username: input.username.trim().toLowerCase(),
      password_hash: await hashPassword(input.password),
      nickname: input.nickname?.trim() || input.username.trim(),
      sex: input.sex ?? 0,
      language: input.language ?? 'zh_CN',
      country: input.country ?? '',
      province: input.province ?? '',
      city: input.city ?? '',
      headimgurl: '',
      created_at: clock(),
    };
  }

  return {
    async signUp(input: NewEndUser): Promise<EndUser> {
      const row = await rowFor(input);
      if (await store.byUsername(row.username)) throw new WharfError('username_taken', {}, 'username');
      try {
        await store.insert([row]);
      } catch (error) {
        // Two sign-ups racing for one name: the unique index decides.
        if (await store.byUsername(row.username)) throw new WharfError('username_taken', {}, 'username');
        throw error;
      }
      return publicUser(row);
    },

    /** Many users at once (the demo): one hash each, multi-row inserts. */
    async createMany(inputs: NewEndUser[]): Promise<EndUser[]> {
      const rows = await Promise.all(inputs.map(rowFor));
      await store.insert(rows);
      return rows.map(publicUser);
    },

    async signIn(usernameRaw: string, password: string): Promise<{ token: string; user: EndUserSession }> {
      const user = await store.byUsername(usernameRaw.trim().toLowerCase());
      // An unknown name costs the same scrypt as a known one, so timing does not tell.
      const verified = await verifyPassword(password, user?.password_hash ?? (await dummyHash()));
      if (!user || !verified) throw new WharfError('client_invalid_credentials');
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
      return { token, user: { ...publicUser(user), csrfToken } };
    },

    async session(token: string): Promise<EndUserSession | undefined> {
      const row = await store.findSession(sha256hex(token), clock());
      return row && { ...publicUser(row), csrfToken: row.csrf_token };
    },

    async signOut(token: string): Promise<void> {
      await store.deleteSession(sha256hex(token));
    },

    async findByUsername(username: string): Promise<EndUser | undefined> {
      const row = await store.byUsername(username.trim().toLowerCase());
      return row && publicUser(row);
    },

    profile: (id: string) => store.byId(id),
    profiles: (ids: string[]) => store.byIds(ids),
  };
}

export type EndUsersService = ReturnType<typeof endUsersService>;
