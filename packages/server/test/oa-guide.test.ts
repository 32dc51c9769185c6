import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './client.ts';
import { type CodeWorld, codeWorld, releaseVersion } from './code-world.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { accountOf, endUsers, oaCall, wechatApi } from './oa-world.ts';

/**
 * `<official-account>` in a mini program (公众号关注组件): the client asks which account it shows,
 * the first one of the mini program's subject linked to it, and follows it from the card; the
 * account's server sees the follow with scene ADD_SCENE_WXA.
 */
describe.each(dialects)('the account a mini program shows in <official-account> on %s', (dialect) => {
  let server: TestServer;
  let world: CodeWorld;
  let user: ApiClient;
  const guide = () => user.get(`/api/v1/client/miniprograms/${world.app.appid}/official-account`);

  beforeAll(async () => {
    server = await startTestServer(dialect);
    world = await codeWorld(server, '引导');
    await releaseVersion(world, '1.0.0');
    user = (await endUsers(server, 1, 'guide'))[0]!.client;
  });
  afterAll(() => server?.close());

  it('says no account is linked, in both languages, and refuses strangers and bad appids', async () => {
    const none = await guide();
    expect(none.status).toBe(404);
    expect((none.body as { error: unknown }).error).toMatchObject({
      code: 'oa_guide_unlinked',
      message: 'No official account of the same subject is linked to this mini program',
      messageZh: '该小程序未关联同主体的公众号',
    });
    expect(
      (await new ApiClient(server.url).get(`/api/v1/client/miniprograms/${world.app.appid}/official-account`))
        .status,
    ).toBe(401);
    expect((await user.get('/api/v1/client/miniprograms/not-an-appid/official-account')).status).toBe(400);
    const unknown = await user.post(
      '/api/v1/client/miniprograms/wx0000000000000000/official-account/follow',
      {},
    );
    expect(unknown.status).toBe(400);
    expect((unknown.body as { error: { code: string } }).error.code).toBe('wx_invalid_appid');
  });

  it('shows the linked account of the same subject, follows it from the card with ADD_SCENE_WXA', async () => {
    const { account, secret } = await accountOf(world, '引导号');
    const wx = await oaCall(server.url, account.appid, secret);
    expect((await wx('/cgi-bin/wxopen/wxamplink', { appid: world.app.appid, notify_users: 0 })).errcode).toBe(
      0,
    );

    expect((await guide()).body).toEqual({ appid: account.appid, name: '引导号', following: false });
    const followed = await user.post(
      `/api/v1/client/miniprograms/${world.app.appid}/official-account/follow`,
      {},
    );
    expect(followed.status).toBe(200);
    const { openid } = followed.body as { appid: string; openid: string };
    expect(followed.body).toEqual({ appid: account.appid, openid });
    expect((await guide()).body).toEqual({ appid: account.appid, name: '引导号', following: true });
    // The account's own server reads the follower through the real SDK.
    const sdk = wechatApi(server.url, account.appid, secret) as any;
    const info = await sdk.getUser({ openid, lang: 'zh_CN' });
    expect(info).toMatchObject({ subscribe: 1, openid, subscribe_scene: 'ADD_SCENE_WXA' });
  });
});
