import { ApiClient } from './client.ts';
import type { TestServer } from './harness.ts';

let serial = 0;

export interface ChatUser {
  id: string;
  username: string;
  nickname: string;
  client: ApiClient;
}

/** End users of the client, signed in (cookie + CSRF, as the browser is). */
export async function chatUsers<const N extends readonly string[]>(
  server: TestServer,
  nicknames: N,
): Promise<{ -readonly [K in keyof N]: ChatUser }> {
  serial += 1;
  const made = await server.ctx.endUsers.createMany(
    nicknames.map((nickname, i) => ({
      username: `chat${serial}_${i}`,
      password: 'password-123',
      nickname,
    })),
  );
  return (await Promise.all(
    made.map(async (user) => ({
      ...user,
      client: await new ApiClient(server.url).signInEndUser(user.username, 'password-123'),
    })),
  )) as { -readonly [K in keyof N]: ChatUser };
}

/** The chat items in a user's inbox (kind `chat`), oldest first. */
export async function chatInbox(user: ChatUser): Promise<any[]> {
  const page = await user.client.get('/api/v1/client/inbox?limit=100');
  if (page.status !== 200) throw new Error(JSON.stringify(page.body));
  return (page.body.items as any[]).filter((item) => item.kind === 'chat').reverse();
}

export async function group(owner: ChatUser, name: string, members: ChatUser[]): Promise<string> {
  const made = await owner.client.post('/api/v1/client/chats/groups', {
    name,
    usernames: members.map((m) => m.username),
  });
  if (made.status !== 201) throw new Error(JSON.stringify(made.body));
  return made.body.id as string;
}
