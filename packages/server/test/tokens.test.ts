import WechatAPI from 'co-wechat-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenTags } from '../src/features/tokens/token-tags.ts';
import { tokensService } from '../src/features/tokens/tokens.service.ts';
import { type TokenQueries, tokensStore } from '../src/features/tokens/tokens.store.ts';
import { sealer } from '../src/security/seal.ts';
import { ApiClient } from './client.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import {
  adminClient,
  creditCode,
  idNumber,
  newDeveloper,
  PNG_ICON,
  registeredApp,
  verifiedIndividual,
} from './world.ts';

/** co-wechat-api pointed at the test server, exactly as an integrator would configure it. */
function sdk(url: string, appid: string, secret: string) {
  const api = new WechatAPI(appid, secret);
  api.prefix = `${url}/cgi-bin/`;
  api.wxaPrefix = `${url}/wxa/`;
  return api;
}

describe.each(dialects)('WeChat-compatible access tokens on %s', (dialect) => {
  let server: TestServer;
  let dev: ApiClient;
  let app: { id: string; appid: string };
  let secret: string;
  let serial = 700;
  const raw = () => new ApiClient(server.url);
  const token = (query: string) => raw().get(`/cgi-bin/token?${query}`);

  beforeAll(async () => {
    server = await startTestServer(dialect);
    dev = await newDeveloper(server.url);
    const subject = await verifiedIndividual(dev, idNumber(serial++), '令牌甲');
    ({ app, secret } = await registeredApp(dev, subject.id, '令牌测试'));
  });
  afterAll(() => server.close());

  it('gives co-wechat-api a token through its own getAccessToken', async () => {
    const api = sdk(server.url, app.appid, secret);
    const issued = await api.getAccessToken();
    expect(issued.accessToken).toMatch(/^[A-Za-z0-9_-]{100,}$/);
    expect(issued.expireTime).toBeGreaterThan(Date.now() + 7000 * 1000);
  });

  it.each([
    ['grant_type=password&appid=A&secret=S', 40002],
    ['grant_type=client_credential&secret=S', 41002],
    ['grant_type=client_credential&appid=wx0000000000000000', 41004],
    ['grant_type=client_credential&appid=not-an-appid&secret=S', 40013],
    ['grant_type=client_credential&appid=wx0123456789abcdef&secret=0123456789abcdef0123456789abcdef', 40013],
  ])('answers %s with errcode %i', async (query, errcode) => {
    const response = await token(query);
    expect(response.status).toBe(200);
    expect(response.body.errcode).toBe(errcode);
    expect(response.body.errmsg).toMatch(/ rid: /);
  });

  it('answers a malformed secret with 40125 and a wrong one with 40001', async () => {
    expect((await token(`grant_type=client_credential&appid=${app.appid}&secret=short`)).body.errcode).toBe(
      40125,
    );
    const wrong = 'f'.repeat(32);
    // (co-wechat-api is not used here: on 40001 it fetches a new token and retries without end, against WeChat too.)
    expect(
      (await token(`grant_type=client_credential&appid=${app.appid}&secret=${wrong}`)).body.errcode,
    ).toBe(40001);
  });

  it('refuses an app whose details are not complete yet', async () => {
    const subject = await verifiedIndividual(dev, idNumber(serial++), '令牌乙');
    const bare = await dev.post('/api/v1/miniprograms', { subjectId: subject.id });
    const response = await token(
      `grant_type=client_credential&appid=${bare.body.appid}&secret=${'a'.repeat(32)}`,
    );
    expect(response.body.errcode).toBe(40013);
  });

  it('keeps the previous token valid for five minutes after a refresh, then answers 40001', async () => {
    const first = (await token(`grant_type=client_credential&appid=${app.appid}&secret=${secret}`)).body
      .access_token;
    const second = (await token(`grant_type=client_credential&appid=${app.appid}&secret=${secret}`)).body
      .access_token;
    expect(second).not.toBe(first);
    const call = (t: string) => raw().post(`/card/create?access_token=${t}`, {});
    // The card API is refused for individuals (48001) only after the token passes: a token fault shows first.
    expect((await call(first)).body.errcode).toBe(48001);
    server.clock.advance(4 * 60_000);
    expect((await call(first)).body.errcode).toBe(48001);
    server.clock.advance(2 * 60_000);
    expect((await call(first)).body.errcode).toBe(40001);
    expect((await call(second)).body.errcode).toBe(48001);
  });

  it('answers 42001 for an expired token, 41001 for a missing one and 40014 for a malformed one', async () => {
    const issued = (await token(`grant_type=client_credential&appid=${app.appid}&secret=${secret}`)).body
      .access_token;
    server.clock.advance(7201 * 1000);
    expect((await raw().post(`/card/create?access_token=${issued}`, {})).body.errcode).toBe(42001);
    expect((await raw().post('/card/create', {})).body.errcode).toBe(41001);
    expect((await raw().post('/card/create?access_token=abc', {})).body.errcode).toBe(40014);
    expect((await raw().post(`/card/create?access_token=${'x'.repeat(96)}`, {})).body.errcode).toBe(40001);
  });

  it('invalidates the old secret and its tokens when the secret is reset', async () => {
    const api = sdk(server.url, app.appid, secret);
    const old = (await api.getAccessToken()).accessToken;
    const reset = await dev.post(`/api/v1/miniprograms/${app.id}/secret/reset`);
    expect(reset.body.secret).toMatch(/^[0-9a-f]{32}$/);
    expect(reset.body.secret).not.toBe(secret);
    expect((await raw().post(`/card/create?access_token=${old}`, {})).body.errcode).toBe(40001);
    expect(
      (await token(`grant_type=client_credential&appid=${app.appid}&secret=${secret}`)).body.errcode,
    ).toBe(40001);
    secret = reset.body.secret;
    expect((await sdk(server.url, app.appid, secret).getAccessToken()).accessToken).toBeTruthy();
  });

  it('answers the same stable token while valid, and GET with 43002', async () => {
    const body = { grant_type: 'client_credential', appid: app.appid, secret };
    const first = await raw().post('/cgi-bin/stable_token', body);
    expect(first.body.expires_in).toBe(7200);
    server.clock.advance(60_000);
    const again = await raw().post('/cgi-bin/stable_token', body);
    expect(again.body.access_token).toBe(first.body.access_token);
    expect(again.body.expires_in).toBe(7140);
    // Isolated from /cgi-bin/token: issuing one does not replace the other.
    await token(`grant_type=client_credential&appid=${app.appid}&secret=${secret}`);
    expect((await raw().post(`/card/create?access_token=${first.body.access_token}`, {})).body.errcode).toBe(
      48001,
    );
    expect((await raw().get('/cgi-bin/stable_token')).body.errcode).toBe(43002);
  });

  it('honours force_refresh at most every 30 s and 20 times a day, killing the old token at once', async () => {
    const body = { grant_type: 'client_credential', appid: app.appid, secret, force_refresh: true };
    server.clock.advance(31_000);
    const before = (await raw().post('/cgi-bin/stable_token', { ...body, force_refresh: false })).body
      .access_token;
    server.clock.advance(31_000);
    const forced = await raw().post('/cgi-bin/stable_token', body);
    expect(forced.body.access_token).not.toBe(before);
    expect((await raw().post(`/card/create?access_token=${before}`, {})).body.errcode).toBe(40001);
    expect((await raw().post('/cgi-bin/stable_token', body)).body.errcode).toBe(45011);
    let refused: number | undefined;
    for (let i = 0; i < 25 && refused === undefined; i++) {
      server.clock.advance(31_000);
      refused = (await raw().post('/cgi-bin/stable_token', { ...body, force_refresh: 'true' })).body.errcode;
    }
    expect(refused).toBe(45009);
  });

  it('refuses callers outside the IP allow-list with 40164, and lets listed ranges in', async () => {
    await dev.patch(`/api/v1/miniprograms/${app.id}`, { ipAllowlist: ['10.1.2.3'] });
    const refused = await token(`grant_type=client_credential&appid=${app.appid}&secret=${secret}`);
    expect(refused.body.errcode).toBe(40164);
    expect(refused.body.errmsg).toContain('127.0.0.1');
    await dev.patch(`/api/v1/miniprograms/${app.id}`, { ipAllowlist: ['127.0.0.0/8'] });
    expect(
      (await token(`grant_type=client_credential&appid=${app.appid}&secret=${secret}`)).body.access_token,
    ).toBeTruthy();
    const bad = await dev.patch(`/api/v1/miniprograms/${app.id}`, { ipAllowlist: ['not-an-ip'] });
    expect(bad.status).toBe(400);
    await dev.patch(`/api/v1/miniprograms/${app.id}`, { ipAllowlist: [] });
  });

  it('enforces the daily quota of an API with 45009', async () => {
    const admin = await adminClient(server.url, (email) =>
      server.ctx.accounts.createUser({ email, password: 'password-123', role: 'admin' }),
    );
    server.clock.advance(24 * 3600_000); // a new day
    await admin.put('/api/v1/admin/settings/api.dailyQuota.%2Fcgi-bin%2Ftoken', { value: 3 });
    server.clock.advance(6_000);
    const query = `grant_type=client_credential&appid=${app.appid}&secret=${secret}`;
    for (let i = 0; i < 3; i++) expect((await token(query)).body.access_token).toBeTruthy();
    expect((await token(query)).body.errcode).toBe(45009);
    server.clock.advance(24 * 3600_000);
    expect((await token(query)).body.access_token).toBeTruthy();
    await admin.put('/api/v1/admin/settings/api.dailyQuota.%2Fcgi-bin%2Ftoken', { value: 2000 });
    server.clock.advance(6_000);
  });

  it('answers 48001 to an individual app on organisation-only APIs, and plainly "not offered" to an organisation', async () => {
    const admin = await adminClient(server.url, (email) =>
      server.ctx.accounts.createUser({ email, password: 'password-123', role: 'admin' }),
    );
    const individualToken = (await token(`grant_type=client_credential&appid=${app.appid}&secret=${secret}`))
      .body.access_token;
    for (const path of ['/card/create', '/card/get', '/wxa/getpaidunionid']) {
      const response = await raw().post(`${path}?access_token=${individualToken}`, {});
      expect(response.body.errcode).toBe(48001);
      expect(response.body.errmsg).toContain('individual mini programs cannot use');
    }

    const org = await dev.post('/api/v1/subjects', {
      type: 'enterprise',
      name: '卡券公司',
      idNumber: creditCode(serial++),
    });
    await admin.post(`/api/v1/admin/subjects/${org.body.id}/approve`);
    const created = await dev.post('/api/v1/miniprograms', { subjectId: org.body.id });
    const tree = (await dev.get('/api/v1/categories')).body as Array<{
      id: number;
      name: string;
      children: Array<{ id: number }>;
    }>;
    const shop = tree.find((c) => c.name === '商家自营')!;
    const done = await dev.patch(`/api/v1/miniprograms/${created.body.id}`, {
      name: '卡券商城',
      intro: '组织主体的小程序',
      icon: PNG_ICON,
      categories: [{ firstId: shop.id, secondId: shop.children[0]!.id }],
    });
    const orgToken = (
      await token(`grant_type=client_credential&appid=${created.body.appid}&secret=${done.body.secret}`)
    ).body.access_token;
    const card = await raw().post(`/card/create?access_token=${orgToken}`, {});
    expect(card.body.errcode).toBe(48001);
    expect(card.body.errmsg).toContain('does not offer cards and coupons');
  });

  it('gives every one of many concurrent stable_token callers the same token', async () => {
    // Widen the race on purpose: each caller, after reading the current token, waits until all
    // ten have read it (or 150 ms pass). Without the app lock all ten read "none" and mint ten.
    const callers = 10;
    let arrived = 0;
    const barrier = () =>
      new Promise<void>((resolve) => {
        arrived += 1;
        const started = Date.now();
        const poll = () =>
          arrived >= callers || Date.now() - started > 150 ? resolve() : setTimeout(poll, 5);
        poll();
      });
    const base = tokensStore(server.ctx.store.db, server.ctx.store.dialect);
    const slow = <Q extends TokenQueries>(queries: Q): Q => ({
      ...queries,
      current: async (...args: Parameters<TokenQueries['current']>) => {
        const found = await queries.current(...args);
        await barrier();
        return found;
      },
    });
    const store = { ...slow(base), transaction: base.transaction.bind(base) } as typeof base;
    store.transaction = (work) => base.transaction((tx) => work(slow(tx)));
    const tokens = tokensService(store, server.ctx.settings, sealer('k'), tokenTags('k'), server.clock);
    server.clock.advance(3 * 3600_000); // past any stable token issued above
    const request = {
      grantType: 'client_credential',
      appid: app.appid,
      secret,
      forceRefresh: false,
      ip: '127.0.0.1',
    };
    const answers = await Promise.all(Array.from({ length: callers }, () => tokens.stable(request)));
    expect(new Set(answers.map((a) => a.access_token)).size).toBe(1);
  });
});
