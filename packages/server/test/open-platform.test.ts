import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { appCall, asMobileApp, mobileApp, type OpenWorld, openWorld } from './open-world.ts';
import { idNumber, newDeveloper, registeredApp, verifiedIndividual } from './world.ts';

describe.each(dialects)('open-platform accounts and mobile apps (%s)', (dialect) => {
  let server: TestServer;
  let w: OpenWorld;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    w = await openWorld(server);
  });
  afterAll(() => server?.close());

  it('creates an account through the API, bound to the calling mini program, and reports it to get', async () => {
    const created = await w.mpCall('/cgi-bin/open/create', {});
    expect(created).toMatchObject({ errcode: 0, open_appid: expect.stringMatching(/^wx[0-9a-f]{16}$/) });
    expect(await w.mpCall('/cgi-bin/open/get', { appid: w.mp.appid })).toMatchObject({
      errcode: 0,
      open_appid: created.open_appid,
    });
    // Created twice: the app is bound already.
    expect((await w.mpCall('/cgi-bin/open/create', {})).errcode).toBe(89000);
    // The official account binds to it (same subject), then unbinds, then get says 89002.
    expect(await w.oaCall('/cgi-bin/open/bind', { open_appid: created.open_appid })).toMatchObject({
      errcode: 0,
    });
    expect((await w.oaCall('/cgi-bin/open/bind', { open_appid: created.open_appid })).errcode).toBe(89000);
    expect((await w.oaCall('/cgi-bin/open/get', {})).open_appid).toBe(created.open_appid);
    expect((await w.oaCall('/cgi-bin/open/unbind', { open_appid: created.open_appid })).errcode).toBe(0);
    expect((await w.oaCall('/cgi-bin/open/unbind', { open_appid: created.open_appid })).errcode).toBe(89002);
    expect((await w.oaCall('/cgi-bin/open/get', {})).errcode).toBe(89002);
    // The console sees the account the API made, unverified, with the mini program bound.
    const seen = await w.developer.get(`/api/v1/open-accounts/${created.open_appid}`);
    expect(seen.body).toMatchObject({
      verified: false,
      creatorAppid: w.mp.appid,
      bound: [{ appid: w.mp.appid }],
    });
  });

  it('answers 40013 for another appid or an unknown open_appid, and 43002 to a GET', async () => {
    expect((await w.oaCall('/cgi-bin/open/get', { appid: w.mp.appid })).errcode).toBe(40013);
    expect((await w.oaCall('/cgi-bin/open/bind', { open_appid: 'wx0000000000000000' })).errcode).toBe(40013);
    expect((await w.oaCall('/cgi-bin/open/bind', {})).errcode).toBe(40013);
    expect((await w.oaCall('/cgi-bin/open/get')).errcode).toBe(43002);
  });

  it("refuses another subject's app (89001) and a console-made account to the API (89003)", async () => {
    const other = await openWorld(server, '别人');
    const theirs = await other.mpCall('/cgi-bin/open/create', {});
    expect((await w.oaCall('/cgi-bin/open/bind', { open_appid: theirs.open_appid })).errcode).toBe(89001);
    const made = await w.developer.post('/api/v1/open-accounts', { subjectId: w.subjectId });
    expect(made.status).toBe(201);
    expect(made.body.verified).toBe(true);
    expect((await w.oaCall('/cgi-bin/open/bind', { open_appid: made.body.openAppid })).errcode).toBe(89003);
    // The console binds it instead; another subject's app is refused there too, and a stranger sees nothing.
    const bound = await w.developer.post(`/api/v1/open-accounts/${made.body.openAppid}/bindings`, {
      appid: w.oa.appid,
    });
    expect(bound.status).toBe(200);
    expect(bound.body.bound.map((b: { appid: string }) => b.appid)).toEqual([w.oa.appid]);
    const foreign = await other.developer.post(`/api/v1/open-accounts/${made.body.openAppid}/bindings`, {
      appid: other.oa.appid,
    });
    expect(foreign.status).toBe(404);
    expect((await other.developer.get(`/api/v1/open-accounts/${made.body.openAppid}`)).status).toBe(404);
    const unbound = await w.developer.delete(
      `/api/v1/open-accounts/${made.body.openAppid}/bindings/${w.oa.appid}`,
    );
    expect(unbound.body.bound).toEqual([]);
  });

  it('caps an unverified account at 5 mini programs and any account at 100 apps (operator settings)', async () => {
    const developer = await newDeveloper(server.url, 'cap');
    const subject = await verifiedIndividual(developer, idNumber(950, '19930303'));
    const apps = [];
    for (let i = 0; i < 3; i++)
      apps.push(await registeredApp(developer, subject.id, `上限小程序${dialect}${i}`));
    const made = await developer.post('/api/v1/open-accounts', { subjectId: subject.id });
    await server.ctx.settings.set('openPlatform.bindingsPerAccount', 2);
    const bind = (openAppid: string, appid: string) =>
      developer.post(`/api/v1/open-accounts/${openAppid}/bindings`, { appid });
    expect((await bind(made.body.openAppid, apps[0]!.app.appid)).status).toBe(200);
    expect((await bind(made.body.openAppid, apps[1]!.app.appid)).status).toBe(200);
    const third = await bind(made.body.openAppid, apps[2]!.app.appid);
    expect(third.status).toBe(409);
    expect(third.body.error.code).toBe('open_bind_limit');
    await server.ctx.settings.set('openPlatform.bindingsPerAccount', 100);
    await developer.delete(`/api/v1/open-accounts/${made.body.openAppid}/bindings/${apps[0]!.app.appid}`);
    await developer.delete(`/api/v1/open-accounts/${made.body.openAppid}/bindings/${apps[1]!.app.appid}`);

    // Unverified (made by the API): mini programs capped by openPlatform.unverifiedMiniPrograms.
    await server.ctx.settings.set('openPlatform.unverifiedMiniPrograms', 2);
    const call = async (app: { app: { appid: string }; secret: string }, path: string, body: unknown) => {
      return (await appCall(server.url, app.app.appid, app.secret))(path, body);
    };
    const created = await call(apps[0]!, '/cgi-bin/open/create', {});
    expect((await call(apps[1]!, '/cgi-bin/open/bind', { open_appid: created.open_appid })).errcode).toBe(0);
    const refused = await call(apps[2]!, '/cgi-bin/open/bind', { open_appid: created.open_appid });
    expect(refused.errcode).toBe(89004);
    expect(refused.errmsg).toContain('2 mini programs while unverified');
    await server.ctx.settings.set('openPlatform.unverifiedMiniPrograms', 5);
    expect((await call(apps[2]!, '/cgi-bin/open/get', {})).errcode).toBe(89002);
  });

  it('lets one of two racing binds of an app to two accounts win; the other hears 89000', async () => {
    const { app } = await registeredApp(w.developer, w.subjectId, `竞争小程序${dialect}`);
    const [a, b] = await Promise.all([
      w.developer.post('/api/v1/open-accounts', { subjectId: w.subjectId }),
      w.developer.post('/api/v1/open-accounts', { subjectId: w.subjectId }),
    ]);
    const results = await Promise.all(
      [a!, b!].map((made) =>
        w.developer.post(`/api/v1/open-accounts/${made.body.openAppid}/bindings`, { appid: app.appid }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)!.body.error.code).toBe('open_already_bound');
    const bound = await Promise.all(
      [a!, b!].map(
        async (made) => (await w.developer.get(`/api/v1/open-accounts/${made.body.openAppid}`)).body.bound,
      ),
    );
    expect(bound.flat()).toHaveLength(1);
  });

  it('registers a mobile app on an account, bound to it, whose server authenticates with its AppID and AppSecret', async () => {
    const made = await w.developer.post('/api/v1/open-accounts', { subjectId: w.subjectId });
    const { app, secret } = await mobileApp(w.developer, made.body.openAppid);
    expect(app).toMatchObject({
      platform: 'android',
      bundleId: 'com.example.wharf',
      openAppid: made.body.openAppid,
    });
    expect(secret).toMatch(/^[0-9a-f]{32}$/);
    const account = await w.developer.get(`/api/v1/open-accounts/${made.body.openAppid}`);
    expect(account.body.bound).toEqual([expect.objectContaining({ appid: app.appid, kind: 'mobile_app' })]);

    const me = await asMobileApp(server.url, app.appid, secret)('/api/v1/mobile-app');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ appid: app.appid, name: '码头 App' });
    const wrong = await asMobileApp(server.url, app.appid, '0'.repeat(32))('/api/v1/mobile-app');
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('mobile_app_unauthenticated');
    expect((await asMobileApp(server.url, 'wx0000000000000000', secret)('/api/v1/mobile-app')).status).toBe(
      401,
    );

    // A reset secret replaces the old one at once.
    const reset = await w.developer.post(`/api/v1/mobile-apps/${app.appid}/secret`);
    expect((await asMobileApp(server.url, app.appid, secret)('/api/v1/mobile-app')).status).toBe(401);
    expect((await asMobileApp(server.url, app.appid, reset.body.secret)('/api/v1/mobile-app')).status).toBe(
      200,
    );
    expect(await server.ctx.openPlatform.accounts.sameOpenAccount(app.appid, w.mp.appid)).toBe(false);
  });

  it('refuses a mobile app without its signature, or with an iOS signature, and registers nothing', async () => {
    const made = await w.developer.post('/api/v1/open-accounts', { subjectId: w.subjectId });
    const register = (body: unknown) =>
      w.developer.post(`/api/v1/open-accounts/${made.body.openAppid}/mobile-apps`, body);
    const unsigned = await register({ name: 'A', platform: 'android', bundleId: 'com.example.a' });
    expect(unsigned.status).toBe(400);
    expect(unsigned.body.error.field).toBe('signature');
    const ios = await register({ name: 'B', platform: 'ios', bundleId: 'com.example.b', signature: 'abc' });
    expect(ios.status).toBe(400);
    const smuggled = await register({
      name: 'C',
      platform: 'ios',
      bundleId: 'com.example.c',
      ownerUserId: 'x',
    });
    expect(smuggled.status).toBe(400);
    expect((await w.developer.get(`/api/v1/open-accounts/${made.body.openAppid}/mobile-apps`)).body).toEqual(
      [],
    );
    expect((await register({ name: 'D', platform: 'ios', bundleId: 'com.example.d' })).status).toBe(201);
  });

  it('counts wrong mobile app secrets toward the AppSecret guessing limit', async () => {
    const made = await w.developer.post('/api/v1/open-accounts', { subjectId: w.subjectId });
    const { app, secret } = await mobileApp(w.developer, made.body.openAppid, '猜测');
    await server.ctx.settings.set('limits.appSecret.failuresPerApp', 2);
    const guess = asMobileApp(server.url, app.appid, 'f'.repeat(32));
    expect((await guess('/api/v1/mobile-app')).status).toBe(401);
    expect((await guess('/api/v1/mobile-app')).status).toBe(401);
    expect((await guess('/api/v1/mobile-app')).status).toBe(429);
    expect((await asMobileApp(server.url, app.appid, secret)('/api/v1/mobile-app')).status).toBe(429);
    await server.ctx.settings.set('limits.appSecret.failuresPerApp', 20);
  });
});
