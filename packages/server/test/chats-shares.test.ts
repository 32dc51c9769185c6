import { createDecipheriv } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChatUser, chatInbox, chatUsers, group } from './chats-world.ts';
import { ApiClient } from './client.ts';
import { type CodeWorld, codeWorld } from './code-world.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';

/** WeChat's open-data layout (AES-128-CBC, base64 key and iv from the session), decrypted here on its own. */
function openData(sessionKey: string, encryptedData: string, iv: string): any {
  const decipher = createDecipheriv(
    'aes-128-cbc',
    Buffer.from(sessionKey, 'base64'),
    Buffer.from(iv, 'base64'),
  );
  return JSON.parse(
    Buffer.concat([decipher.update(encryptedData, 'base64'), decipher.final()]).toString('utf8'),
  );
}

describe.each(dialects)('shares from mini programs into chats on %s', (dialect) => {
  let server: TestServer;
  let code: CodeWorld;
  let other: CodeWorld;
  let ann: ChatUser;
  let bob: ChatUser;
  let cai: ChatUser;
  let direct: string;
  let team: string;
  let family: string;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    code = await codeWorld(server, '分享');
    other = await codeWorld(server, '别的');
    [ann, bob, cai] = await chatUsers(server, ['安娜', '鲍勃', '蔡']);
    direct = (await ann.client.post('/api/v1/client/chats/direct', { username: bob.username })).body.id;
    team = await group(ann, '项目组', [bob]);
    family = await group(cai, '家人', [ann]);
  });
  afterAll(() => server?.close());

  const share = (user: ChatUser, chatId: string, body: Record<string, unknown>) =>
    user.client.post(`/api/v1/client/chats/${chatId}/shares`, {
      appid: code.app.appid,
      title: '来看看',
      path: '/pages/index/index?from=share',
      ...body,
    });

  it('opens a one-to-one card with 1007 and a group card with 1008, without a shareTicket', async () => {
    server.clock.advance(1000);
    const one = await share(ann, direct, {
      withShareTicket: true,
      imageUrl: 'https://cdn.example.com/a.png',
    });
    expect(one.status).toBe(201);
    expect(one.body.card).toMatchObject({
      source: 'miniprogram',
      appid: code.app.appid,
      title: '来看看',
      path: 'pages/index/index?from=share',
      scene: 1007,
      envVersion: 'release',
      thumbUrl: 'https://cdn.example.com/a.png',
    });
    // WeChat gives shareTickets only for groups.
    expect(one.body.card.shareTicket).toBeUndefined();
    server.clock.advance(1000);
    const two = await share(bob, team, { title: '' });
    expect(two.body.card).toMatchObject({ scene: 1008, thumbUrl: null });
    expect(two.body.card.title).toMatch(/^分享/);
    expect(two.body.card.shareTicket).toBeUndefined();
    // Both members' inboxes carry the card as the stream sends it.
    const inbox = await chatInbox(ann);
    expect(inbox.at(-1)).toMatchObject({
      id: two.body.id,
      body: { type: 'miniprogram', card: { scene: 1008 } },
    });
  });

  it('gives a group card shared withShareTicket scene 1044 and a shareTicket that resolves to the open group id', async () => {
    server.clock.advance(1000);
    const first = await share(ann, team, { withShareTicket: true });
    expect(first.body.card).toMatchObject({ scene: 1044 });
    const ticket = first.body.card.shareTicket as string;
    expect(ticket).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    server.clock.advance(1000);
    const second = await share(bob, team, { withShareTicket: true });
    const { chats } = server.ctx;
    const forAnn = await chats.resolveShareTicket(ann.id, code.app.appid, ticket);
    const forBob = await chats.resolveShareTicket(bob.id, code.app.appid, second.body.card.shareTicket);
    // One group, one mini program: one openGId, whichever card or member.
    expect(forAnn.openGId).toBe(forBob.openGId);
    expect(forAnn.openGId).toMatch(/^tG[A-Za-z0-9_-]{26}$/);
    expect(chats.openGId(other.app.appid, team)).not.toBe(forAnn.openGId);
    expect(chats.openGId(code.app.appid, family)).not.toBe(forAnn.openGId);
  });

  it('refuses a shareTicket from a group the user is not in, or of another mini program', async () => {
    server.clock.advance(1000);
    const card = await share(ann, team, { withShareTicket: true });
    const ticket = card.body.card.shareTicket as string;
    const { chats } = server.ctx;
    await expect(chats.resolveShareTicket(cai.id, code.app.appid, ticket)).rejects.toMatchObject({
      code: 'chat_share_ticket_invalid',
    });
    await expect(chats.resolveShareTicket(ann.id, other.app.appid, ticket)).rejects.toMatchObject({
      code: 'chat_share_ticket_invalid',
    });
    await expect(
      chats.resolveShareTicket(ann.id, code.app.appid, 'forged-ticket-1234567890'),
    ).rejects.toMatchObject({
      code: 'chat_share_ticket_invalid',
    });
  });

  /** As the mini program's server does: `wx.login` in the client, then jscode2session with its secret. */
  async function sessionKey(user: ChatUser): Promise<string> {
    const login = (await user.client.post(`/api/v1/client/miniprograms/${code.app.appid}/login`)).body;
    const session = await new ApiClient(server.url).get(
      `/sns/jscode2session?appid=${code.app.appid}&secret=${code.secret}&js_code=${login.code}&grant_type=authorization_code`,
    );
    return session.body.session_key;
  }

  it('answers wx.getShareInfo for a member with the openGId sealed as WeChat open data, and refuses a ticket of another group', async () => {
    server.clock.advance(1000);
    const card = await share(ann, team, { withShareTicket: true });
    const ticket = card.body.card.shareTicket as string;
    const info = await bob.client.post(`/api/v1/client/miniprograms/${code.app.appid}/share-info`, {
      shareTicket: ticket,
    });
    expect(info.status).toBe(200);
    const data = openData(await sessionKey(bob), info.body.encryptedData, info.body.iv);
    expect(data).toEqual({
      openGId: server.ctx.chats.openGId(code.app.appid, team),
      watermark: { appid: code.app.appid, timestamp: Math.floor(server.clock() / 1000) },
    });
    // Cai is in "家人", not in "项目组": the ticket tells him nothing.
    const foreign = await cai.client.post(`/api/v1/client/miniprograms/${code.app.appid}/share-info`, {
      shareTicket: ticket,
    });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe('chat_share_ticket_invalid');
    expect(foreign.body.error.messageZh).toContain('shareTicket');
    const otherApp = await bob.client.post(`/api/v1/client/miniprograms/${other.app.appid}/share-info`, {
      shareTicket: ticket,
    });
    expect(otherApp.body.error.code).toBe('chat_share_ticket_invalid');
    expect(
      (
        await bob.client.post(`/api/v1/client/miniprograms/${code.app.appid}/share-info`, {
          shareTicket: ticket,
          openGId: 'x',
        })
      ).status,
    ).toBe(400);
  });

  it('refuses a card of an unknown mini program, a non-http image and unknown fields; nothing is sent', async () => {
    const before = (await chatInbox(bob)).length;
    const unknown = await share(ann, team, { appid: 'wx0000000000000000' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: 'chat_card_app_not_found', field: 'appid' });
    expect((await share(ann, team, { imageUrl: 'javascript:alert(1)' })).status).toBe(400);
    expect((await share(ann, team, { scene: 1036 })).status).toBe(400);
    expect((await share(ann, team, { path: '' })).status).toBe(400);
    expect((await share(cai, team, {})).body.error.code).toBe('chat_not_found');
    expect((await chatInbox(bob)).length).toBe(before);
  });
});
