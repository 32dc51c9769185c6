import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeWorld, releaseVersion } from './code-world.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { accountOf, endUsers, individualAccount, oaCall } from './oa-world.ts';
import { adminClient, registeredApp } from './world.ts';

describe.each(dialects)('linking mini programs to official accounts on %s', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    // As the server does at start: this node's fan-out worker writes notifications.
    server.ctx.delivery.worker.start();
  });
  afterAll(() => server.close());

  it('links at once when one person administers both, and lists the link as wxamplinkget does', async () => {
    const code = await codeWorld(server, '关联');
    await releaseVersion(code, 'v1');
    const { account, secret } = await accountOf(code);
    const wx = await oaCall(server.url, account.appid, secret);
    // notify_users and show_profile arrive as true, 1 or "true" depending on the SDK.
    expect(
      await wx('/cgi-bin/wxopen/wxamplink', {
        appid: code.app.appid,
        notify_users: '1',
        show_profile: 'true',
      }),
    ).toMatchObject({ errcode: 0 });
    const list = await wx('/cgi-bin/wxopen/wxamplinkget', {});
    expect(list.errcode).toBe(0);
    expect(list.wxopens.items).toEqual([
      expect.objectContaining({
        status: 1,
        appid: code.app.appid,
        username: code.app.originalId,
        selected: 1,
        released: true,
      }),
    ]);
    expect((await wx('/cgi-bin/wxopen/wxamplink', { appid: code.app.appid })).errcode).toBe(89015);
    await server.ctx.officialAccounts.links.checkTarget(account.id, code.app.appid, 'pages/form/form?x=1');
    await expect(
      server.ctx.officialAccounts.links.checkTarget(account.id, code.app.appid, 'pages/nope/nope'),
    ).rejects.toMatchObject({ errcode: 40165 });
    await expect(
      server.ctx.officialAccounts.links.checkTarget(account.id, code.app.appid, '/pages/index/index'),
    ).rejects.toMatchObject({ errcode: 40165 });
  });

  it('asks two confirmations across two admins: 12, then 2, then 1; a refusal leaves 3', async () => {
    const code = await codeWorld(server, '双审');
    const oa = await individualAccount(server);
    const wx = await oaCall(server.url, oa.account.appid, oa.secret);
    expect(
      (await wx('/cgi-bin/wxopen/wxamplink', { appid: code.app.appid, notify_users: true, show_profile: 0 }))
        .errcode,
    ).toBe(0);
    const status = async () => (await wx('/cgi-bin/wxopen/wxamplinkget', {})).wxopens.items[0]?.status;
    expect(await status()).toBe(12);
    expect((await wx('/cgi-bin/wxopen/wxamplink', { appid: code.app.appid })).errcode).toBe(89010);
    // Not the mini program admin's turn yet.
    const early = await code.dev.post('/api/v1/link-requests/accept', {
      accountAppid: oa.account.appid,
      appid: code.app.appid,
    });
    expect(early.status).toBe(409);
    const waiting = await oa.developer.get('/api/v1/link-requests');
    expect(waiting.body).toEqual([
      expect.objectContaining({ appid: code.app.appid, status: 12, as: 'official_account' }),
    ]);
    const confirmed = await oa.developer.post('/api/v1/link-requests/accept', {
      accountAppid: oa.account.appid,
      appid: code.app.appid,
    });
    expect(confirmed.body).toEqual({ status: 2 });
    expect(await status()).toBe(2);
    expect((await code.dev.get('/api/v1/link-requests')).body).toEqual([
      expect.objectContaining({ as: 'miniprogram', status: 2 }),
    ]);
    expect(
      (
        await code.dev.post('/api/v1/link-requests/refuse', {
          accountAppid: oa.account.appid,
          appid: code.app.appid,
        })
      ).body,
    ).toEqual({ status: 3 });
    expect(await status()).toBe(3);
    // A refused link may be asked again; this time the mini program's admin accepts.
    expect((await wx('/cgi-bin/wxopen/wxamplink', { appid: code.app.appid })).errcode).toBe(0);
    await oa.developer.post('/api/v1/link-requests/accept', {
      accountAppid: oa.account.appid,
      appid: code.app.appid,
    });
    expect(
      (
        await code.dev.post('/api/v1/link-requests/accept', {
          accountAppid: oa.account.appid,
          appid: code.app.appid,
        })
      ).body,
    ).toEqual({ status: 1 });
    expect(await status()).toBe(1);
  });

  it('unlinks through the API only with the account admin confirming; the admin unlinks at once', async () => {
    const code = await codeWorld(server, '解绑');
    const { account, secret } = await accountOf(code);
    const wx = await oaCall(server.url, account.appid, secret);
    await wx('/cgi-bin/wxopen/wxamplink', { appid: code.app.appid });
    expect((await wx('/cgi-bin/wxopen/wxampunlink', { appid: code.app.appid })).errcode).toBe(0);
    expect((await wx('/cgi-bin/wxopen/wxampunlink', { appid: code.app.appid })).errcode).toBe(89018);
    expect((await wx('/cgi-bin/wxopen/wxamplinkget', {})).wxopens.items).toHaveLength(1);
    expect(
      (
        await code.dev.post('/api/v1/link-requests/accept', {
          accountAppid: account.appid,
          appid: code.app.appid,
        })
      ).status,
    ).toBe(200);
    expect((await wx('/cgi-bin/wxopen/wxamplinkget', {})).wxopens.items).toEqual([]);
    await code.dev.post(`/api/v1/official-accounts/${account.id}/links`, { appid: code.app.appid });
    expect(
      (await code.dev.delete(`/api/v1/official-accounts/${account.id}/links/${code.app.appid}`)).status,
    ).toBe(200);
    expect((await wx('/cgi-bin/wxopen/wxamplinkget', {})).wxopens.items).toEqual([]);
    expect((await wx('/cgi-bin/wxopen/wxampunlink', { appid: code.app.appid })).errcode).toBe(40097);
  });

  it('holds the per-account same- and other-subject caps, the per-mini-program cap and the monthly cap', async () => {
    await server.ctx.settings.set('links.otherSubjectPerAccount', 1);
    await server.ctx.settings.set('links.sameSubjectPerAccount', 1);
    try {
      const first = await codeWorld(server, '上限甲');
      const second = await codeWorld(server, '上限乙');
      const oa = await individualAccount(server);
      const wx = await oaCall(server.url, oa.account.appid, oa.secret);
      expect((await wx('/cgi-bin/wxopen/wxamplink', { appid: first.app.appid })).errcode).toBe(0);
      expect((await wx('/cgi-bin/wxopen/wxamplink', { appid: second.app.appid })).errcode).toBe(89017);
      const own = await accountOf(first);
      const ownWx = await oaCall(server.url, own.account.appid, own.secret);
      const subjects = (await first.dev.get('/api/v1/subjects')).body as Array<{ id: string }>;
      const sibling = await registeredApp(first.dev, subjects[0]!.id, '上限甲二');
      expect((await ownWx('/cgi-bin/wxopen/wxamplink', { appid: first.app.appid })).errcode).toBe(0);
      expect((await ownWx('/cgi-bin/wxopen/wxamplink', { appid: sibling.app.appid })).errcode).toBe(89016);
      const third = await codeWorld(server, '上限丙');
      await server.ctx.settings.set('links.otherSubjectPerAccount', 10);
      await server.ctx.settings.set('links.accountsPerMiniProgram', 2);
      const another = await individualAccount(server);
      const anotherWx = await oaCall(server.url, another.account.appid, another.secret);
      expect((await anotherWx('/cgi-bin/wxopen/wxamplink', { appid: first.app.appid })).errcode).toBe(89009);
      await server.ctx.settings.set('links.perMonth', 1);
      expect((await anotherWx('/cgi-bin/wxopen/wxamplink', { appid: second.app.appid })).errcode).toBe(0);
      expect((await anotherWx('/cgi-bin/wxopen/wxamplink', { appid: third.app.appid })).errcode).toBe(89007);
    } finally {
      await server.ctx.settings.set('links.otherSubjectPerAccount', 3);
      await server.ctx.settings.set('links.sameSubjectPerAccount', 10);
      await server.ctx.settings.set('links.accountsPerMiniProgram', 500);
      await server.ctx.settings.set('links.perMonth', 13);
    }
  });

  it('sends every follower one link notification that opens the mini program (scene 1074) when notify_users', async () => {
    const code = await codeWorld(server, '通知');
    await releaseVersion(code, 'v1');
    const { account, secret } = await accountOf(code);
    const followers = await endUsers(server, 5, 'ln');
    for (const user of followers)
      await user.client.post(`/api/v1/client/official-accounts/${account.appid}/follow`);
    const bystander = (await endUsers(server, 1, 'nf'))[0]!;
    const wx = await oaCall(server.url, account.appid, secret);
    expect((await wx('/cgi-bin/wxopen/wxamplink', { appid: code.app.appid, notify_users: 1 })).errcode).toBe(
      0,
    );
    const notices = async () =>
      server.ctx.store.db
        .selectFrom('deliveries')
        .innerJoin('messages', 'messages.id', 'deliveries.message_id')
        .select(['deliveries.user_id', 'messages.body', 'messages.kind'])
        .where('messages.sender_account_id', '=', account.id)
        .execute();
    await expect.poll(async () => (await notices()).length, { timeout: 10_000 }).toBe(5);
    const rows = await notices();
    expect(new Set(rows.map((r) => r.user_id))).toEqual(new Set(followers.map((f) => f.id)));
    expect(rows.map((r) => r.user_id)).not.toContain(bystander.id);
    expect(rows[0]!.kind).toBe('link_notice');
    expect(JSON.parse(rows[0]!.body)).toMatchObject({
      appid: code.app.appid,
      pagepath: 'pages/index/index',
      scene: 1074,
    });
  });

  it('sends nothing to followers when notify_users is false', async () => {
    const code = await codeWorld(server, '不通知');
    const { account, secret } = await accountOf(code);
    const [user] = await endUsers(server, 1, 'nn');
    await user!.client.post(`/api/v1/client/official-accounts/${account.appid}/follow`);
    const wx = await oaCall(server.url, account.appid, secret);
    expect(
      (await wx('/cgi-bin/wxopen/wxamplink', { appid: code.app.appid, notify_users: false })).errcode,
    ).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const messages = await server.ctx.store.db
      .selectFrom('messages')
      .select('id')
      .where('sender_account_id', '=', account.id)
      .execute();
    expect(messages).toEqual([]);
  });

  it("refuses to link or unlink a banned mini program (89013), and holds the mini program admin's cap (1003)", async () => {
    const admin = await adminClient(server.url, (email) =>
      server.ctx.accounts.createUser({ email, password: 'password-123', role: 'admin' }),
    );
    const code = await codeWorld(server, '封禁');
    const { account, secret } = await accountOf(code);
    const wx = await oaCall(server.url, account.appid, secret);
    expect((await wx('/cgi-bin/wxopen/wxamplink', { appid: code.app.appid })).errcode).toBe(0);
    expect(
      (await code.dev.post(`/api/v1/admin/miniprograms/${code.app.appid}/ban`, { reason: 'x' })).status,
    ).toBe(403);
    expect(
      (await admin.post(`/api/v1/admin/miniprograms/${code.app.appid}/ban`, { reason: '违规内容' })).status,
    ).toBe(200);
    expect((await wx('/cgi-bin/wxopen/wxampunlink', { appid: code.app.appid })).errcode).toBe(89013);
    const other = await individualAccount(server);
    const otherWx = await oaCall(server.url, other.account.appid, other.secret);
    expect((await otherWx('/cgi-bin/wxopen/wxamplink', { appid: code.app.appid })).errcode).toBe(89013);
    expect((await admin.delete(`/api/v1/admin/miniprograms/${code.app.appid}/ban`)).status).toBe(200);
    await server.ctx.settings.set('links.perMiniProgramAdmin', 2);
    try {
      expect((await otherWx('/cgi-bin/wxopen/wxamplink', { appid: code.app.appid })).errcode).toBe(0);
      const third = await individualAccount(server);
      const thirdWx = await oaCall(server.url, third.account.appid, third.secret);
      expect((await thirdWx('/cgi-bin/wxopen/wxamplink', { appid: code.app.appid })).errcode).toBe(1003);
    } finally {
      await server.ctx.settings.set('links.perMiniProgramAdmin', 1000);
    }
  });

  it('refuses unknown appids, GETs and mini program tokens', async () => {
    const oa = await individualAccount(server);
    const wx = await oaCall(server.url, oa.account.appid, oa.secret);
    expect((await wx('/cgi-bin/wxopen/wxamplink', { appid: 'wx0000000000000000' })).errcode).toBe(40013);
    expect((await wx('/cgi-bin/wxopen/wxamplinkget')).errcode).toBe(43002);
    const code = await codeWorld(server, '令牌');
    expect((await code.wx('/cgi-bin/wxopen/wxamplinkget', {})).errcode).toBe(48001);
  });
});
