import { createDecipheriv, createHash, createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openidFor } from '../src/features/official-accounts/openid.ts';
import { sha256hex } from '../src/security/secrets.ts';
import { ApiClient } from './client.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { endUsers } from './oa-world.ts';
import { miniProgramApi, type OpenWorld, openWorld } from './open-world.ts';
import { adminClient } from './world.ts';

/**
 * WeChat's documented open-data layout, decrypted here without the server's code: key =
 * base64-decode(session_key), iv = base64-decode(iv), AES-128-CBC, PKCS#7 removed by hand.
 */
function decryptOpenData(sessionKey: string, encryptedData: string, iv: string): any {
  const decipher = createDecipheriv(
    'aes-128-cbc',
    Buffer.from(sessionKey, 'base64'),
    Buffer.from(iv, 'base64'),
  );
  decipher.setAutoPadding(false);
  const padded = Buffer.concat([decipher.update(Buffer.from(encryptedData, 'base64')), decipher.final()]);
  const pad = padded[padded.length - 1]!;
  expect(pad).toBeGreaterThanOrEqual(1);
  expect(pad).toBeLessThanOrEqual(16);
  for (let i = 1; i <= pad; i++) expect(padded[padded.length - i]).toBe(pad);
  return JSON.parse(padded.subarray(0, padded.length - pad).toString('utf8'));
}

describe.each(dialects)('mini program login and unionid (%s)', (dialect) => {
  let server: TestServer;
  let w: OpenWorld;
  let users: Awaited<ReturnType<typeof endUsers>>;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    w = await openWorld(server, '登录');
    users = await endUsers(server, 3, 'login');
  });
  afterAll(() => server?.close());

  const login = async (client: ApiClient, appid = w.mp.appid) => {
    const response = await client.post(`/api/v1/client/miniprograms/${appid}/login`);
    expect(response.status).toBe(200);
    return response.body.code as string;
  };
  const code2Session = (
    code: string,
    appid = w.mp.appid,
    secret = w.mp.secret,
    grant = 'authorization_code',
  ) =>
    fetch(
      `${server.url}/sns/jscode2session?${new URLSearchParams({ appid, secret, js_code: code, grant_type: grant })}`,
    ).then((r) => r.json() as Promise<any>);

  it("trades a wx.login code through co-wechat-api's code2Session for the openid every app derives, once", async () => {
    const user = users[0]!;
    const code = await login(user.client);
    const api = miniProgramApi(server.url, w.mp.appid, w.mp.secret);
    const session = (await (api.code2Session as (code: string) => Promise<any>).call(api, code)) as Record<
      string,
      string
    >;
    const key = sha256hex(`wharf-openids:${server.node!.secretKey}`);
    expect(session.openid).toBe(openidFor(key, w.mp.appid, user.id));
    expect(Buffer.from(session.session_key!, 'base64')).toHaveLength(16);
    expect(session.unionid).toBeUndefined();
    // The mini program's user table has them, by openid.
    expect(await server.ctx.mpLogin.byOpenid(w.mp.appid, session.openid!)).toMatchObject({
      endUserId: user.id,
      openid: session.openid,
      unionid: null,
    });
    expect((await code2Session(code)).errcode).toBe(40163);
  });

  it('refuses unknown, expired and foreign codes (40029), wrong secrets and missing parameters', async () => {
    const user = users[0]!;
    expect((await code2Session('not-a-code')).errcode).toBe(40029);
    const expiring = await login(user.client);
    server.clock.advance(5 * 60 * 1000 + 1000);
    expect((await code2Session(expiring)).errcode).toBe(40029);
    const other = await openWorld(server, '别的');
    const theirs = await login(user.client, other.mp.appid);
    expect((await code2Session(theirs)).errcode).toBe(40029);
    const fresh = await login(user.client);
    expect((await code2Session(fresh, w.mp.appid, other.mp.secret)).errcode).toBe(40001);
    expect((await code2Session(fresh, w.mp.appid, w.mp.secret, 'client_credential')).errcode).toBe(40002);
    expect((await code2Session('')).errcode).toBe(41008);
    expect((await code2Session(fresh, w.oa.appid, w.oa.secret)).errcode).toBe(40013);
    // None of those used the fresh code up.
    expect((await code2Session(fresh)).openid).toBeDefined();
    // An unknown mini program gives no code.
    expect((await user.client.post('/api/v1/client/miniprograms/wx0000000000000000/login')).status).toBe(404);
    expect(
      (await new ApiClient(server.url).post(`/api/v1/client/miniprograms/${w.mp.appid}/login`)).status,
    ).toBe(401);
  });

  it('redeems a code once when two redemptions race, and never answers a 500 to odd parameters', async () => {
    const code = await login(users[0]!.client);
    const answers = await Promise.all([code2Session(code), code2Session(code), code2Session(code)]);
    expect(answers.filter((a) => a.openid).length).toBe(1);
    expect(answers.filter((a) => a.errcode === 40163).length).toBe(2);
    const odd = await fetch(
      `${server.url}/sns/jscode2session?appid=${w.mp.appid}&secret=${w.mp.secret}&js_code=a&js_code=b&grant_type=authorization_code`,
    );
    expect(odd.status).toBe(200);
    expect((await odd.json()).errcode).toBe(41008);
    expect((await code2Session('x'.repeat(5000))).errcode).toBe(40029);
  });

  it("refuses a blocked user's login (40226) until an admin lifts the block", async () => {
    const user = users[1]!;
    const admin = await adminClient(server.url, (email) =>
      server.ctx.accounts.createUser({ email, password: 'password-123', role: 'admin' }),
    );
    const blocked = await admin.put(`/api/v1/admin/end-users/${user.id}/login-block`, { reason: '风险' });
    expect(blocked.status).toBe(200);
    expect(
      (await w.developer.put(`/api/v1/admin/end-users/${user.id}/login-block`, { reason: 'x' })).status,
    ).toBe(403);
    const code = await login(user.client);
    expect((await code2Session(code)).errcode).toBe(40226);
    await admin.delete(`/api/v1/admin/end-users/${user.id}/login-block`);
    expect((await code2Session(code)).openid).toBeDefined();
  });

  it('answers 45011 past 100 redemptions a minute for one user (an operator setting)', async () => {
    const user = users[2]!;
    await server.ctx.settings.set('limits.codeToSession.perUser', 2);
    const codes = [await login(user.client), await login(user.client), await login(user.client)];
    expect((await code2Session(codes[0]!)).openid).toBeDefined();
    expect((await code2Session(codes[1]!)).openid).toBeDefined();
    expect((await code2Session(codes[2]!)).errcode).toBe(45011);
    server.clock.advance(61_000);
    expect((await code2Session(codes[2]!)).openid).toBeDefined();
    await server.ctx.settings.set('limits.codeToSession.perUser', 100);
  });

  it('reports one unionid for a person across the bound mini program and official account, none once unbound', async () => {
    const [alice, bob] = users;
    const created = await w.mpCall('/cgi-bin/open/create', {});
    expect(created.errcode).toBe(0);
    expect((await w.oaCall('/cgi-bin/open/bind', { open_appid: created.open_appid })).errcode).toBe(0);
    for (const user of [alice!, bob!]) await server.ctx.officialAccounts.accounts.follow(user.id, w.oa.appid);

    const aliceSession = await code2Session(await login(alice!.client));
    const bobSession = await code2Session(await login(bob!.client));
    expect(aliceSession.unionid).toMatch(/^o[A-Za-z0-9_-]{27}$/);
    expect(bobSession.unionid).not.toBe(aliceSession.unionid);
    expect(aliceSession.unionid).not.toBe(aliceSession.openid);

    const follower = await server.ctx.officialAccounts.accounts.follower(
      (await server.ctx.officialAccounts.accounts.byAppid(w.oa.appid)).id,
      alice!.id,
    );
    const info = await w.oaCall(`/cgi-bin/user/info?openid=${follower!.openid}&lang=zh_CN`);
    expect(info).toMatchObject({ subscribe: 1, unionid: aliceSession.unionid });
    expect(info.openid).not.toBe(aliceSession.openid);
    const batch = await w.oaCall('/cgi-bin/user/info/batchget', {
      user_list: [{ openid: follower!.openid }],
    });
    expect(batch.user_info_list[0].unionid).toBe(aliceSession.unionid);
    expect((await server.ctx.mpLogin.byOpenid(w.mp.appid, aliceSession.openid))?.unionid).toBe(
      aliceSession.unionid,
    );

    expect((await w.oaCall('/cgi-bin/open/unbind', { open_appid: created.open_appid })).errcode).toBe(0);
    expect((await w.oaCall(`/cgi-bin/user/info?openid=${follower!.openid}`)).unionid).toBeUndefined();
  });

  it("seals getUserInfo's open data with the session key as WeChat documents, signs rawData, and checks the session", async () => {
    const user = users[0]!;
    const session = await code2Session(await login(user.client));
    const answer = await user.client.post(`/api/v1/client/miniprograms/${w.mp.appid}/user-info`, {
      lang: 'zh_CN',
    });
    expect(answer.status).toBe(200);
    const { userInfo, rawData, signature, encryptedData, iv } = answer.body;
    expect(JSON.parse(rawData)).toEqual(userInfo);
    expect(userInfo).toMatchObject({ nickName: '用户0', gender: 1, city: 'Shenzhen' });
    expect(signature).toBe(
      createHash('sha1')
        .update(rawData + session.session_key)
        .digest('hex'),
    );
    const data = decryptOpenData(session.session_key, encryptedData, iv);
    expect(data).toMatchObject({ openId: session.openid, nickName: '用户0', unionId: session.unionid });
    expect(data.watermark).toEqual({ appid: w.mp.appid, timestamp: Math.floor(server.clock() / 1000) });

    // wx.getUserInfo since April 2021: the anonymous profile, still sealed with openId and unionId.
    const anonymous = await user.client.post(`/api/v1/client/miniprograms/${w.mp.appid}/user-info`, {
      anonymous: true,
    });
    expect(anonymous.body.userInfo).toMatchObject({ nickName: '微信用户', gender: 0, city: '', country: '' });
    expect(
      decryptOpenData(session.session_key, anonymous.body.encryptedData, anonymous.body.iv),
    ).toMatchObject({
      openId: session.openid,
      nickName: '微信用户',
      unionId: session.unionid,
    });
    expect(
      (
        await user.client.post(`/api/v1/client/miniprograms/${w.mp.appid}/user-info`, {
          anonymous: true,
          x: 1,
        })
      ).status,
    ).toBe(400);

    const sealed = await server.ctx.mpLogin.seal(w.mp.appid, user.id, { openGId: 'G123' });
    expect(decryptOpenData(session.session_key, sealed.encryptedData, sealed.iv)).toMatchObject({
      openGId: 'G123',
      watermark: { appid: w.mp.appid },
    });

    const check = (sig: string, method = 'hmac_sha256') =>
      w.mpCall(`/wxa/checksession?openid=${session.openid}&signature=${sig}&sig_method=${method}`);
    const good = createHmac('sha256', session.session_key).update('').digest('hex');
    expect(await check(good)).toMatchObject({ errcode: 0 });
    expect((await check('0'.repeat(64))).errcode).toBe(87009);
    expect((await check(good, 'md5')).errcode).toBe(87009);
    expect((await user.client.get(`/api/v1/client/miniprograms/${w.mp.appid}/session`)).body).toEqual({
      valid: true,
    });
    expect((await users[2]!.client.get(`/api/v1/client/miniprograms/${w.oa.appid}/session`)).body).toEqual({
      valid: false,
    });
  });

  it('keeps the session key across logins while it is young and replaces it after login.sessionKeyHours', async () => {
    const user = users[0]!;
    const first = await code2Session(await login(user.client));
    const second = await code2Session(await login(user.client));
    expect(second.session_key).toBe(first.session_key);
    server.clock.advance(73 * 3600 * 1000);
    expect((await user.client.get(`/api/v1/client/miniprograms/${w.mp.appid}/session`)).body.valid).toBe(
      false,
    );
    const third = await code2Session(await login(user.client));
    expect(third.session_key).not.toBe(first.session_key);
    expect(third.openid).toBe(first.openid);
  });
});
