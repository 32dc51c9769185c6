import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboxItem } from '../src/delivery/inbox/inbox.service.ts';
import { type ChatUser, chatInbox, chatUsers, group } from './chats-world.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';

describe.each(dialects)('chats between end users on %s', (dialect) => {
  let server: TestServer;
  let ann: ChatUser;
  let bob: ChatUser;
  let cai: ChatUser;
  let dan: ChatUser;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    [ann, bob, cai, dan] = await chatUsers(server, ['安娜', '鲍勃', '蔡', '丹']);
  });
  afterAll(() => server?.close());

  const messages = async (user: ChatUser, chatId: string) =>
    user.client.get(`/api/v1/client/chats/${chatId}/messages`);

  it('opens one one-to-one chat per pair and delivers a text to both inboxes, live to an open stream', async () => {
    const first = await ann.client.post('/api/v1/client/chats/direct', {
      username: bob.username.toUpperCase(),
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ kind: 'direct', name: '鲍勃', memberCount: 2, latest: null });
    expect(first.body.peer).toMatchObject({ id: bob.id, nickname: '鲍勃' });
    const again = await bob.client.post('/api/v1/client/chats/direct', { username: ann.username });
    expect(again.body).toMatchObject({ id: first.body.id, name: '安娜' });

    const seen: InboxItem[] = [];
    const close = server.ctx.inbox.open(
      bob.id,
      undefined,
      { send: (item) => seen.push(item), ping() {}, end() {} },
      server.clock(),
    );
    server.clock.advance(1000);
    const sent = await ann.client.post(`/api/v1/client/chats/${first.body.id}/messages`, {
      text: '你好，鲍勃',
    });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({
      chatId: first.body.id,
      type: 'text',
      text: '你好，鲍勃',
      from: { id: ann.id, nickname: '安娜' },
    });
    await expect.poll(() => seen.map((item) => item.id)).toContain(sent.body.id);
    close();
    expect(seen.find((item) => item.id === sent.body.id)).toMatchObject({
      kind: 'chat',
      sender: null,
      body: { chatId: first.body.id, text: '你好，鲍勃' },
    });
    for (const user of [ann, bob]) {
      expect((await chatInbox(user)).map((item) => item.id)).toEqual([sent.body.id]);
    }
    expect(await chatInbox(cai)).toEqual([]);

    server.clock.advance(1000);
    const reply = await bob.client.post(`/api/v1/client/chats/${first.body.id}/messages`, { text: '你好！' });
    const page = await messages(ann, first.body.id);
    expect(page.body.items.map((m: any) => m.text)).toEqual(['你好！', '你好，鲍勃']);
    const list = await ann.client.get('/api/v1/client/chats');
    expect(list.body[0]).toMatchObject({ id: first.body.id, latest: { id: reply.body.id, text: '你好！' } });
  });

  it('keeps chats to their members: others get chat_not_found and send nothing', async () => {
    const chat = (await ann.client.post('/api/v1/client/chats/direct', { username: bob.username })).body.id;
    const before = (await messages(ann, chat)).body.items.length;
    for (const answer of [
      await cai.client.get(`/api/v1/client/chats/${chat}`),
      await messages(cai, chat),
      await cai.client.post(`/api/v1/client/chats/${chat}/messages`, { text: '偷看' }),
      await cai.client.post(`/api/v1/client/chats/${chat}/members`, { usernames: [cai.username] }),
    ]) {
      expect(answer.status).toBe(404);
      expect(answer.body.error.code).toBe('chat_not_found');
    }
    expect((await messages(ann, chat)).body.items.length).toBe(before);
    expect(await chatInbox(cai)).toEqual([]);
  });

  it('refuses bad input with clear errors and creates nothing', async () => {
    const count = async () =>
      Number(
        (
          await server.ctx.store.db
            .selectFrom('chats')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const chats = await count();
    const unknown = await ann.client.post('/api/v1/client/chats/groups', {
      name: '群',
      usernames: [bob.username, 'nobody_here'],
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: 'chat_user_not_found', field: 'usernames' });
    expect(unknown.body.error.messageZh).toContain('nobody_here');
    const self = await ann.client.post('/api/v1/client/chats/direct', { username: ann.username });
    expect(self.status).toBe(400);
    const extra = await ann.client.post('/api/v1/client/chats/groups', {
      name: '群',
      usernames: [bob.username],
      owner: cai.id,
    });
    expect(extra.status).toBe(400);
    const empty = await ann.client.post('/api/v1/client/chats/groups', {
      name: '',
      usernames: [bob.username],
    });
    expect(empty.status).toBe(400);
    const direct = (await ann.client.post('/api/v1/client/chats/direct', { username: bob.username })).body.id;
    const notGroup = await ann.client.post(`/api/v1/client/chats/${direct}/members`, {
      usernames: [cai.username],
    });
    expect(notGroup.body.error.code).toBe('chat_not_group');
    const blank = await ann.client.post(`/api/v1/client/chats/${direct}/messages`, { text: '', html: '<b>' });
    expect(blank.status).toBe(400);
    const badCursor = await ann.client.get(`/api/v1/client/chats/${direct}/messages?before=nope`);
    expect(badCursor.status).toBe(400);
    expect(await count()).toBe(chats);
    expect(
      (await ann.client.withoutCsrf().post(`/api/v1/client/chats/${direct}/messages`, { text: 'x' })).status,
    ).toBe(403);
  });

  it('holds a group to its size limit, and a member added later sees only what follows', async () => {
    await server.ctx.settings.set('chats.groupMembers', 3);
    const full = await ann.client.post('/api/v1/client/chats/groups', {
      name: '大群',
      usernames: [bob.username, cai.username, dan.username],
    });
    expect(full.status).toBe(409);
    expect(full.body.error.code).toBe('chat_group_full');
    const chat = await group(ann, '三人行', [bob, cai]);
    server.clock.advance(1000);
    await ann.client.post(`/api/v1/client/chats/${chat}/messages`, { text: '早' });
    const over = await bob.client.post(`/api/v1/client/chats/${chat}/members`, { usernames: [dan.username] });
    expect(over.body.error.code).toBe('chat_group_full');
    await server.ctx.settings.set('chats.groupMembers', 500);
    server.clock.advance(1000);
    const added = await bob.client.post(`/api/v1/client/chats/${chat}/members`, {
      usernames: [dan.username],
    });
    expect(added.body).toMatchObject({ memberCount: 4, name: '三人行' });
    server.clock.advance(1000);
    await cai.client.post(`/api/v1/client/chats/${chat}/messages`, { text: '欢迎丹' });
    expect((await messages(dan, chat)).body.items.map((m: any) => m.text)).toEqual(['欢迎丹']);
    expect((await messages(ann, chat)).body.items.map((m: any) => m.text)).toEqual(['欢迎丹', '早']);
    const detail = await dan.client.get(`/api/v1/client/chats/${chat}`);
    expect(detail.body.members.map((m: any) => m.nickname).sort()).toEqual(
      ['安娜', '鲍勃', '蔡', '丹'].sort(),
    );
  });

  it('counts unknown usernames against the caller (chatLookup), not known ones', async () => {
    await server.ctx.settings.set('limits.chatLookup.failuresPerUser', 2);
    for (const name of ['ghost_1', 'ghost_2']) {
      expect((await dan.client.post('/api/v1/client/chats/direct', { username: name })).body.error.code).toBe(
        'chat_user_not_found',
      );
    }
    const third = await dan.client.post('/api/v1/client/chats/direct', { username: ann.username });
    expect(third.status).toBe(429);
    expect(third.body.error.code).toBe('too_many_attempts');
    expect((await cai.client.post('/api/v1/client/chats/direct', { username: dan.username })).status).toBe(
      200,
    );
    await server.ctx.settings.set('limits.chatLookup.failuresPerUser', 30);
  });
});
