import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './client.ts';
import { type CodeWorld, codeWorld, person, releaseVersion } from './code-world.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { endUsers } from './oa-world.ts';

/**
 * A mini program taken out of service (WeChat's 暂停服务设置): `/wxa/change_visitstatus` close /
 * open and `/wxa/getvisitstatus` with the app's token, the console's native route, and the
 * operator's ban; a launch of an app out of service is refused with a message for its users.
 */
describe.each(dialects)('mini program service status on %s', (dialect) => {
  let server: TestServer;
  let w: CodeWorld;
  let admin: ApiClient;
  let user: ApiClient;
  const launch = () => new ApiClient(server.url).get(`/api/v1/launch/${w.app.appid}`);
  const search = async () =>
    (
      (await user.get(`/api/v1/client/miniprograms?q=${encodeURIComponent('停服')}`)).body as Array<{
        appid: string;
      }>
    ).map((r) => r.appid);
  const raw = (path: string, init?: RequestInit) =>
    fetch(`${server.url}${path}?access_token=${w.token}`, init).then((r) => r.json());

  beforeAll(async () => {
    server = await startTestServer(dialect);
    w = await codeWorld(server, '停服');
    await releaseVersion(w, '1.0.0');
    admin = (await person(server, 'admin')).client;
    user = (await endUsers(server, 1, 'visit'))[0]!.client;
  });
  afterAll(() => server?.close());

  it('answers status 1 for a released app in service, and 44002 for getvisitstatus without a body', async () => {
    expect(await w.wx('/wxa/getvisitstatus', {})).toEqual({ errcode: 0, errmsg: 'ok', status: 1 });
    expect((await raw('/wxa/getvisitstatus', { method: 'POST' })).errcode).toBe(44002);
    expect((await raw('/wxa/change_visitstatus')).errcode).toBe(43002);
    expect((await launch()).status).toBe(200);
    expect(await search()).toEqual([w.app.appid]);
  });

  it('closes the app with change_visitstatus: launches are refused in both languages, search hides it; open brings it back', async () => {
    expect(await w.wx('/wxa/change_visitstatus', { action: 'close' })).toEqual({ errcode: 0, errmsg: 'ok' });
    expect((await w.wx('/wxa/getvisitstatus', {})).status).toBe(0);
    const refused = await launch();
    expect(refused.status).toBe(403);
    expect(refused.body.error).toEqual({
      code: 'mini_program_closed',
      message: 'This mini program has suspended its service',
      messageZh: '该小程序已暂停服务',
    });
    // A signed-in client user meets the same refusal.
    expect((await user.get(`/api/v1/launch/${w.app.appid}`)).body.error.code).toBe('mini_program_closed');
    expect(await search()).toEqual([]);
    // Closing twice keeps it closed; the console reads the same state.
    expect((await w.wx('/wxa/change_visitstatus', { action: 'close' })).errcode).toBe(0);
    expect((await w.dev.get(`/api/v1/code/${w.app.appid}/visit-status`)).body).toEqual({
      status: 0,
      state: 'closed',
    });

    expect(await w.wx('/wxa/change_visitstatus', { action: 'open' })).toEqual({ errcode: 0, errmsg: 'ok' });
    expect((await w.wx('/wxa/getvisitstatus', {})).status).toBe(1);
    expect((await launch()).status).toBe(200);
    expect(await search()).toEqual([w.app.appid]);
  });

  it('refuses an action other than close or open with 40097 and changes nothing', async () => {
    for (const body of [{ action: 'pause' }, {}, { action: 1 }]) {
      expect((await w.wx('/wxa/change_visitstatus', body)).errcode).toBe(40097);
    }
    expect((await w.wx('/wxa/getvisitstatus', {})).status).toBe(1);
  });

  it("lets the console's owner close and open through the native route; others and odd bodies are refused", async () => {
    const route = `/api/v1/code/${w.app.appid}/visit-status`;
    expect((await w.dev.post(route, { action: 'close' })).body).toEqual({ status: 0, state: 'closed' });
    expect((await launch()).body.error.code).toBe('mini_program_closed');
    expect((await w.dev.post(route, { action: 'open' })).body).toEqual({ status: 1, state: 'open' });
    expect((await launch()).status).toBe(200);

    expect((await w.dev.post(route, { action: 'close', why: 'x' })).status).toBe(400);
    expect((await w.dev.post(route, { action: 'shut' })).status).toBe(400);
    expect((await new ApiClient(server.url).post(route, { action: 'close' })).status).toBe(401);
    // Someone else's app is not found, whoever asks.
    const stranger = (await person(server)).client;
    expect((await stranger.post(route, { action: 'close' })).status).toBe(404);
    expect((await stranger.get(route)).status).toBe(404);
    expect((await w.wx('/wxa/getvisitstatus', {})).status).toBe(1);
  });

  it("takes the app out of service while an operator's ban holds; open does not lift it, unbanning does", async () => {
    const banned = await admin.post(`/api/v1/admin/miniprograms/${w.app.appid}/ban`, { reason: '违规内容' });
    expect(banned.status).toBe(200);
    const refused = await launch();
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('mini_program_banned');
    expect(refused.body.error.messageZh).toBe('该小程序因违反平台规范已被暂停服务');
    expect((await w.wx('/wxa/getvisitstatus', {})).status).toBe(0);
    expect(await search()).toEqual([]);
    expect((await w.wx('/wxa/change_visitstatus', { action: 'open' })).errcode).toBe(0);
    expect((await launch()).body.error.code).toBe('mini_program_banned');
    expect((await w.dev.get(`/api/v1/code/${w.app.appid}/visit-status`)).body).toEqual({
      status: 0,
      state: 'banned',
    });

    expect((await admin.delete(`/api/v1/admin/miniprograms/${w.app.appid}/ban`)).status).toBe(200);
    expect((await launch()).status).toBe(200);
    expect((await w.wx('/wxa/getvisitstatus', {})).status).toBe(1);
  });

  it('answers the question a kept-alive mini program asks on its return with the refusal a launch meets now', async () => {
    const status = (appid = w.app.appid, query = '') =>
      new ApiClient(server.url).get(`/api/v1/launch/${appid}/status${query}`);
    expect((await status()).body).toEqual({ state: 'open' });
    expect((await w.wx('/wxa/change_visitstatus', { action: 'close' })).errcode).toBe(0);
    expect((await status()).body.error.code).toBe('mini_program_closed');
    expect((await user.get(`/api/v1/launch/${w.app.appid}/status`)).status).toBe(403);
    expect((await w.wx('/wxa/change_visitstatus', { action: 'open' })).errcode).toBe(0);
    expect((await admin.post(`/api/v1/admin/miniprograms/${w.app.appid}/ban`, { reason: 'x' })).status).toBe(
      200,
    );
    const banned = await status();
    expect(banned.status).toBe(403);
    expect(banned.body.error.messageZh).toBe('该小程序因违反平台规范已被暂停服务');
    expect((await admin.delete(`/api/v1/admin/miniprograms/${w.app.appid}/ban`)).status).toBe(200);
    expect((await status()).status).toBe(200);
    // A deleted (unknown) app, a trial nobody may see, a version that is not one.
    expect((await status('wx0000000000000000')).body.error.code).toBe('not_found');
    expect((await status(w.app.appid, '?version=trial')).status).toBe(404);
    expect((await status(w.app.appid, '?version=beta')).status).toBe(400);
  });
});
