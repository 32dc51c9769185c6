import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './client.ts';
import { type CodeWorld, codeWorld } from './code-world.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { newDeveloper } from './world.ts';

describe.each(dialects)('members join by accepting an invitation, on %s', (dialect) => {
  let server: TestServer;
  let w: CodeWorld;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    w = await codeWorld(server, '邀请');
  });
  afterAll(() => server.close());

  const me = async (client: ApiClient) =>
    (await client.get('/api/v1/me')).body.user as { id: string; email: string; displayName: string };
  const invite = (email: string, role = 'developer') =>
    w.dev.post(`/api/v1/miniprograms/${w.app.id}/invitations`, { email, role });
  const members = async () => (await w.dev.get(`/api/v1/miniprograms/${w.app.id}/members`)).body;
  const pendingFor = async (client: ApiClient) => (await client.get('/api/v1/invitations')).body;

  it('shows the owner nothing of the invitee until they accept, then makes them a member', async () => {
    const invitee = await newDeveloper(server.url, 'Invitee');
    const { id, email } = await me(invitee);
    const typed = email.toUpperCase();
    const invited = await invite(typed);
    expect(invited.status).toBe(201);
    expect(Object.keys(invited.body).sort()).toEqual(['createdAt', 'id', 'invitee', 'role']);
    expect(invited.body).toMatchObject({ invitee: email, role: 'developer' });

    // Neither the members list nor the invitation list names the account.
    expect(await members()).toEqual([]);
    const listed = (await w.dev.get(`/api/v1/miniprograms/${w.app.id}/invitations`)).body;
    expect(listed).toEqual([invited.body]);
    expect(JSON.stringify(listed)).not.toContain(id);
    expect((await invitee.get(`/api/v1/miniprograms/${w.app.id}`)).status).toBe(404);

    const waiting = await pendingFor(invitee);
    expect(waiting).toEqual([
      {
        id: invited.body.id,
        appid: w.app.appid,
        appName: expect.any(String),
        role: 'developer',
        createdAt: expect.any(Number),
      },
    ]);
    expect((await invitee.post(`/api/v1/invitations/${invited.body.id}/accept`)).status).toBe(200);
    expect(await members()).toEqual([expect.objectContaining({ userId: id, email, role: 'developer' })]);
    expect((await invitee.get(`/api/v1/miniprograms/${w.app.id}`)).status).toBe(200);
    expect((await w.dev.get(`/api/v1/miniprograms/${w.app.id}/invitations`)).body).toEqual([]);
    expect(await pendingFor(invitee)).toEqual([]);
    // A member already in that role is no secret to the owner any more.
    expect((await invite(email)).body.error.code).toBe('member_already');
  });

  it('answers an email nobody registered exactly as a registered one', async () => {
    const known = await me(await newDeveloper(server.url, 'known'));
    const answers = [await invite(known.email, 'tester'), await invite('nobody-here@example.com', 'tester')];
    expect(answers.map((a) => a.status)).toEqual([201, 201]);
    expect(Object.keys(answers[0]!.body).sort()).toEqual(Object.keys(answers[1]!.body).sort());
    // Inviting again is the same invitation, for both.
    expect((await invite(known.email, 'tester')).body.id).toBe(answers[0]!.body.id);
    expect((await invite('nobody-here@example.com', 'tester')).body.id).toBe(answers[1]!.body.id);

    // The WeChat face too: bind_tester answers ok and a userstr either way.
    const wx = [
      await w.wx('/wxa/bind_tester', { wechatid: known.email }),
      await w.wx('/wxa/bind_tester', { wechatid: 'wx-nobody@example.com' }),
      await w.wx('/wxa/bind_tester', { wechatid: known.id }),
    ];
    for (const answer of wx) {
      expect(Object.keys(answer).sort()).toEqual(['errcode', 'errmsg', 'userstr']);
      expect(answer).toMatchObject({
        errcode: 0,
        errmsg: 'ok',
        userstr: expect.stringMatching(/^[0-9a-f]{32}$/),
      });
    }
    expect((await w.wx('/wxa/memberauth', { action: 'get_experiencer' })).members).toEqual([]);
  });

  it('lets the invitee decline, and nobody else see, accept or decline it', async () => {
    const invitee = await newDeveloper(server.url);
    const stranger = await newDeveloper(server.url);
    const invited = await invite((await me(invitee)).email);
    expect(await pendingFor(stranger)).toEqual([]);
    expect((await stranger.post(`/api/v1/invitations/${invited.body.id}/accept`)).status).toBe(404);
    expect((await stranger.post(`/api/v1/invitations/${invited.body.id}/decline`)).status).toBe(404);
    expect((await invitee.post(`/api/v1/invitations/${invited.body.id}/decline`)).status).toBe(200);
    expect((await invitee.post(`/api/v1/invitations/${invited.body.id}/accept`)).status).toBe(404);
    expect((await members()).map((m: { userId: string }) => m.userId)).not.toContain((await me(invitee)).id);
  });

  it('lets only the owner invite and cancel', async () => {
    const invitee = await newDeveloper(server.url);
    const invited = await invite((await me(invitee)).email, 'tester');
    const developer = (await members()).find((m: { role: string }) => m.role === 'developer');
    expect(developer).toBeTruthy();
    const stranger = await newDeveloper(server.url);
    const attempt = await stranger.post(`/api/v1/miniprograms/${w.app.id}/invitations`, {
      email: 'x@example.com',
      role: 'tester',
    });
    expect(attempt.status).toBe(404);
    expect(
      (await stranger.delete(`/api/v1/miniprograms/${w.app.id}/invitations/${invited.body.id}`)).status,
    ).toBe(404);
    expect(
      (await w.dev.delete(`/api/v1/miniprograms/${w.app.id}/invitations/${invited.body.id}`)).status,
    ).toBe(200);
    expect(await pendingFor(invitee)).toEqual([]);
    expect((await invitee.post(`/api/v1/invitations/${invited.body.id}/accept`)).status).toBe(404);
  });

  it('refuses what is not an email, and unknown fields', async () => {
    expect((await invite('not-an-email')).body.error).toMatchObject({
      code: 'validation_failed',
      field: 'email',
    });
    const extra = await w.dev.post(`/api/v1/miniprograms/${w.app.id}/invitations`, {
      email: 'a@example.com',
      role: 'tester',
      userId: 'usr_x',
    });
    expect(extra.status).toBe(400);
  });

  it('keeps the userstr bind_tester gave for someone who signs up and accepts later', async () => {
    const email = `later-${Date.now()}@example.com`;
    const bound = await w.wx('/wxa/bind_tester', { wechatid: email });
    expect(bound.errcode).toBe(0);
    const later = new ApiClient(server.url);
    expect((await later.post('/api/v1/auth/signup', { email, password: 'password-123' })).status).toBe(201);
    await later.signIn(email, 'password-123');
    const [invitation] = await pendingFor(later);
    expect(invitation).toMatchObject({ appid: w.app.appid, role: 'tester' });
    expect((await later.post(`/api/v1/invitations/${invitation.id}/accept`)).status).toBe(200);
    const testers = (await w.wx('/wxa/memberauth', { action: 'get_experiencer' })).members;
    expect(testers).toEqual([{ userstr: bound.userstr }]);
    expect((await w.wx('/wxa/unbind_tester', { userstr: bound.userstr })).errcode).toBe(0);
    expect((await w.wx('/wxa/memberauth', { action: 'get_experiencer' })).members).toEqual([]);
  });

  it('withdraws a pending bind_tester invitation by userstr or wechatid', async () => {
    const invitee = await newDeveloper(server.url);
    const { email } = await me(invitee);
    const bound = await w.wx('/wxa/bind_tester', { wechatid: email });
    expect((await w.wx('/wxa/unbind_tester', { userstr: bound.userstr })).errcode).toBe(0);
    expect(await pendingFor(invitee)).toEqual([]);
    await w.wx('/wxa/bind_tester', { wechatid: email });
    expect((await w.wx('/wxa/unbind_tester', { wechatid: email })).errcode).toBe(0);
    expect(await pendingFor(invitee)).toEqual([]);
    expect((await w.wx('/wxa/unbind_tester', { wechatid: email })).errcode).toBe(85001);
  });
});
