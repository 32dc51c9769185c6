import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { appCall, type OpenWorld, openWorld } from './open-world.ts';
import { registeredApp } from './world.ts';

/** `/cgi-bin/open/have`, and verifying an open-platform account made by `/cgi-bin/open/create`. */
describe.each(dialects)('open-platform accounts made by the API on %s', (dialect) => {
  let server: TestServer;
  let w: OpenWorld;
  let other: OpenWorld;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    w = await openWorld(server, '认证');
    other = await openWorld(server, '旁人');
  });
  afterAll(() => server.close());

  it('answers /cgi-bin/open/have with have_open false, then true once the app is bound', async () => {
    expect(await w.mpCall('/cgi-bin/open/have')).toEqual({ errcode: 0, errmsg: 'ok', have_open: false });
    const created = await w.mpCall('/cgi-bin/open/create', {});
    expect(created.errcode).toBe(0);
    expect(await w.mpCall('/cgi-bin/open/have')).toMatchObject({ errcode: 0, have_open: true });
    // The official account of the same subject is not bound by the mini program's create.
    expect((await w.oaCall('/cgi-bin/open/have')).have_open).toBe(false);
  });

  it('lets the owner verify an API-made account, which lifts the unverified cap of 5 mini programs; nobody else can', async () => {
    const [account] = (await w.developer.get('/api/v1/open-accounts')).body;
    expect(account).toMatchObject({ verified: false, creatorAppid: w.mp.appid });
    await server.ctx.settings.set('openPlatform.unverifiedMiniPrograms', 1);
    try {
      const { app, secret } = await registeredApp(w.developer, w.subjectId, `认证第二个${dialect}`);
      const call = await appCall(server.url, app.appid, secret);
      expect((await call('/cgi-bin/open/bind', { open_appid: account.openAppid })).errcode).toBe(89004);

      const path = `/api/v1/open-accounts/${account.openAppid}/verification`;
      expect((await other.developer.post(path)).status).toBe(404);
      const verified = await w.developer.post(path);
      expect(verified.status).toBe(200);
      expect(verified.body).toMatchObject({ openAppid: account.openAppid, verified: true });
      expect((await w.developer.post(path)).body.error.code).toBe('open_already_verified');

      expect((await call('/cgi-bin/open/bind', { open_appid: account.openAppid })).errcode).toBe(0);
      expect((await w.developer.get(`/api/v1/open-accounts/${account.openAppid}`)).body.verified).toBe(true);
    } finally {
      await server.ctx.settings.set('openPlatform.unverifiedMiniPrograms', 5);
    }
  });
});
