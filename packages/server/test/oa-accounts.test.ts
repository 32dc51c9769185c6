import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from './client.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { endUsers, individualAccount, organisationAccount, wechatApi } from './oa-world.ts';
import { adminClient, idNumber, newDeveloper, verifiedIndividual } from './world.ts';

describe.each(dialects)('official accounts and followers on %s', (dialect) => {
  let server: TestServer;
  let admin: ApiClient;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await adminClient(server.url, (email) =>
      server.ctx.accounts.createUser({ email, password: 'password-123', role: 'admin' }),
    );
  });
  afterAll(() => server.close());

  it('lets an individual create subscription accounts only, an organisation service accounts', async () => {
    const developer = await newDeveloper(server.url, 'oa-type');
    const subject = await verifiedIndividual(developer, idNumber(901, '19791212'));
    const service = await developer.post('/api/v1/official-accounts', {
      subjectId: subject.id,
      name: '个人服务号',
      type: 'service',
    });
    expect(service.status).toBe(403);
    expect(service.body.error.code).toBe('oa_type_not_for_individuals');
    const subscription = await developer.post('/api/v1/official-accounts', {
      subjectId: subject.id,
      name: '个人订阅号',
      type: 'subscription',
    });
    expect(subscription.status).toBe(201);
    expect(subscription.body.account).toMatchObject({ type: 'subscription', subjectType: 'individual' });
    expect(subscription.body.account.appid).toMatch(/^wx[0-9a-f]{16}$/);
    expect(subscription.body.account.originalId).toMatch(/^gh_[0-9a-f]{12}$/);
    expect(subscription.body.secret).toMatch(/^[0-9a-f]{32}$/);
    // The secret is answered once: never again in a read.
    expect(JSON.stringify((await developer.get('/api/v1/official-accounts')).body)).not.toContain(
      subscription.body.secret,
    );
    const org = await organisationAccount(server, admin);
    expect(org.account.type).toBe('service');
  });

  it('holds an individual to the quota of official accounts per person, and names unique', async () => {
    const developer = await newDeveloper(server.url, 'oa-quota');
    const subject = await verifiedIndividual(developer, idNumber(902, '19791212'));
    for (const name of ['甲号', '乙号']) {
      expect(
        (
          await developer.post('/api/v1/official-accounts', {
            subjectId: subject.id,
            name,
            type: 'subscription',
          })
        ).status,
      ).toBe(201);
    }
    const third = await developer.post('/api/v1/official-accounts', {
      subjectId: subject.id,
      name: '丙号',
      type: 'subscription',
    });
    expect(third.status).toBe(409);
    expect(third.body.error.code).toBe('quota_exceeded');
    const other = await newDeveloper(server.url, 'oa-name');
    const otherSubject = await verifiedIndividual(other, idNumber(903, '19791212'));
    const taken = await other.post('/api/v1/official-accounts', {
      subjectId: otherSubject.id,
      name: '甲号',
      type: 'subscription',
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({ code: 'name_taken', field: 'name' });
  });

  it('issues tokens to an official account and keeps them off mini program APIs and back', async () => {
    const world = await individualAccount(server);
    const api = wechatApi(server.url, world.account.appid, world.secret);
    const { accessToken } = await api.getAccessToken();
    expect(accessToken).toMatch(/^[A-Za-z0-9_-]{64,}$/);
    const onMiniProgramApi = await fetch(`${server.url}/wxa/get_category?access_token=${accessToken}`);
    expect((await onMiniProgramApi.json()).errcode).toBe(48001);
    const reset = await world.developer.post(`/api/v1/official-accounts/${world.account.id}/secret`);
    expect(reset.status).toBe(200);
    const oldSecret = await fetch(
      `${server.url}/cgi-bin/token?grant_type=client_credential&appid=${world.account.appid}&secret=${world.secret}`,
    );
    expect((await oldSecret.json()).errcode).toBe(40001);
  });

  it('pages followers, answers user info with WeChat fields, and raises subscribe / unsubscribe events', async () => {
    const world = await individualAccount(server);
    const users = await endUsers(server, 3);
    const openids: string[] = [];
    for (const user of users) {
      const followed = await user.client.post(
        `/api/v1/client/official-accounts/${world.account.appid}/follow`,
      );
      expect(followed.status).toBe(200);
      openids.push(followed.body.openid);
    }
    // Following twice changes nothing; the openid is stable across unfollow and follow again.
    expect(
      (await users[0]!.client.post(`/api/v1/client/official-accounts/${world.account.appid}/follow`)).body
        .openid,
    ).toBe(openids[0]);
    expect(
      (await users[2]!.client.delete(`/api/v1/client/official-accounts/${world.account.appid}/follow`))
        .status,
    ).toBe(200);

    const api = wechatApi(server.url, world.account.appid, world.secret) as any;
    const page = await api.getFollowers();
    expect(page.total).toBe(2);
    expect(page.count).toBe(2);
    expect([...page.data.openid].sort()).toEqual([openids[0], openids[1]].sort());
    expect(page.next_openid).toBe(page.data.openid[1]);
    const rest = await api.getFollowers(page.next_openid);
    expect(rest).toMatchObject({ total: 2, count: 0, next_openid: '' });

    const info = await api.getUser({ openid: openids[0], lang: 'zh_CN' });
    expect(info).toMatchObject({
      subscribe: 1,
      openid: openids[0],
      nickname: '用户0',
      sex: 1,
      city: 'Shenzhen',
    });
    expect(typeof info.subscribe_time).toBe('number');
    const batch = await api.batchGetUsers([openids[1], openids[2]]);
    expect(batch.user_info_list.map((u: { subscribe: number }) => u.subscribe)).toEqual([1, 0]);

    const again = await users[2]!.client.post(
      `/api/v1/client/official-accounts/${world.account.appid}/follow`,
    );
    expect(again.body.openid).toBe(openids[2]);
    const events = await server.ctx.store.db
      .selectFrom('app_events')
      .select(['type', 'payload'])
      .where('appid', '=', world.account.appid)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.type).sort()).toEqual([
      'subscribe',
      'subscribe',
      'subscribe',
      'subscribe',
      'unsubscribe',
    ]);
    const payload = JSON.parse(events.find((e) => e.type === 'unsubscribe')!.payload);
    expect(payload).toMatchObject({
      ToUserName: world.account.originalId,
      FromUserName: openids[2],
      MsgType: 'event',
      Event: 'unsubscribe',
    });
  });

  it('refuses malformed openids with 40003 and a batch over 100 with an error', async () => {
    const world = await individualAccount(server);
    const api = wechatApi(server.url, world.account.appid, world.secret) as any;
    expect(
      (await api.getUser({ openid: 'not-an-openid', lang: 'en' }).catch((e: { code: number }) => e)).code,
    ).toBe(40003);
    const many = Array.from({ length: 101 }, (_, i) => `o${String(i).padStart(27, 'x')}`);
    expect((await api.batchGetUsers(many).catch((e: { code: number }) => e)).code).toBe(40097);
  });

  it('searches names for LIKE’s escape and wildcard characters as plain characters', async () => {
    const slash = await individualAccount(server, '斜杠\\测试号');
    const [user] = await endUsers(server, 1);
    const search = async (q: string) =>
      (await user!.client.get(`/api/v1/client/official-accounts?q=${encodeURIComponent(q)}`)).body.map(
        (a: { appid: string }) => a.appid,
      );
    expect(await search('斜杠\\测')).toEqual([slash.account.appid]);
    expect(await search('\\')).toEqual([slash.account.appid]);
    // `%` and `_` are characters too: no account's name holds them.
    expect(await search('%')).toEqual([]);
    expect(await search('_')).toEqual([]);
  });

  it('lets an end user find accounts by name and list the ones followed', async () => {
    const world = await individualAccount(server, '搜索测试号');
    const [user] = await endUsers(server, 1);
    const found = await user!.client.get(`/api/v1/client/official-accounts?q=${encodeURIComponent('搜索')}`);
    expect(found.body.map((a: { appid: string }) => a.appid)).toContain(world.account.appid);
    await user!.client.post(`/api/v1/client/official-accounts/${world.account.appid}/follow`);
    const following = await user!.client.get('/api/v1/client/following');
    expect(following.body).toEqual([
      expect.objectContaining({ appid: world.account.appid, name: '搜索测试号' }),
    ]);
  });
});
