/**
 * Server domains (服务器域名): WeChat's `/wxa/modify_domain` (add, delete, set, get over request,
 * socket, uploadFile and downloadFile domains) for the app's own token, the native GET / PUT,
 * and the launch answer that hands them to the runtime host. co-wechat-api has no method for
 * modify_domain, so the compatible calls are plain HTTP as WeChat documents them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './client.ts';
import { type CodeWorld, codeWorld, releaseVersion } from './code-world.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';

const EMPTY = { requestdomain: [], wsrequestdomain: [], uploaddomain: [], downloaddomain: [] };

describe.each(dialects)('server domains on %s', (dialect) => {
  let server: TestServer;
  let w: CodeWorld;
  let other: CodeWorld;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    w = await codeWorld(server, '服务器域名');
    other = await codeWorld(server, '旁人');
    await releaseVersion(w, '1.0.0');
  });
  afterAll(() => server.close());

  it('adds, gets, deletes and sets them with /wxa/modify_domain, each kind apart', async () => {
    expect(await w.wx('/wxa/modify_domain', { action: 'get' })).toMatchObject({ errcode: 0, ...EMPTY });
    const added = await w.wx('/wxa/modify_domain', {
      action: 'add',
      requestdomain: ['https://api.example.com', 'https://API.example.com:8443/'],
      wsrequestdomain: ['wss://ws.example.com'],
      uploaddomain: ['https://up.example.com'],
      downloaddomain: ['https://cdn.example.com'],
      udpdomain: [],
      tcpdomain: [],
    });
    expect(added).toMatchObject({
      errcode: 0,
      errmsg: 'ok',
      requestdomain: ['https://api.example.com', 'https://api.example.com:8443'],
      wsrequestdomain: ['wss://ws.example.com'],
      uploaddomain: ['https://up.example.com'],
      downloaddomain: ['https://cdn.example.com'],
      invalid_wsrequestdomain: [],
    });
    // A kind left out stays as it was.
    expect(
      await w.wx('/wxa/modify_domain', { action: 'add', wsrequestdomain: ['wss://ws2.example.com:9000'] }),
    ).toMatchObject({
      errcode: 0,
      requestdomain: ['https://api.example.com', 'https://api.example.com:8443'],
      wsrequestdomain: ['wss://ws.example.com', 'wss://ws2.example.com:9000'],
    });
    expect(
      await w.wx('/wxa/modify_domain', { action: 'delete', requestdomain: ['https://api.example.com:8443'] }),
    ).toMatchObject({ errcode: 0, requestdomain: ['https://api.example.com'] });
    expect(
      await w.wx('/wxa/modify_domain', {
        action: 'set',
        wsrequestdomain: ['wss://live.example.org'],
        downloaddomain: [],
      }),
    ).toMatchObject({
      errcode: 0,
      requestdomain: ['https://api.example.com'],
      wsrequestdomain: ['wss://live.example.org'],
      uploaddomain: ['https://up.example.com'],
      downloaddomain: [],
    });
    // Another app's token sees its own lists.
    expect(await other.wx('/wxa/modify_domain', { action: 'get' })).toMatchObject(EMPTY);
  });

  it('filters out what breaks the rules, naming it, with WeChat errcodes when nothing changes', async () => {
    const mixed = await w.wx('/wxa/modify_domain', {
      action: 'add',
      requestdomain: ['https://b.example.com', 'http://plain.example.com', 'https://10.0.0.1'],
      wsrequestdomain: ['https://ws.example.com', 'wss://ws.example.com/path'],
    });
    expect(mixed).toMatchObject({
      errcode: 0,
      requestdomain: ['https://api.example.com', 'https://b.example.com'],
      invalid_requestdomain: ['http://plain.example.com', 'https://10.0.0.1'],
      wsrequestdomain: ['wss://live.example.org'],
      invalid_wsrequestdomain: ['https://ws.example.com', 'wss://ws.example.com/path'],
    });
    // Only invalid entries: 85301; only what is there already: 85017.
    expect(
      (await w.wx('/wxa/modify_domain', { action: 'add', wsrequestdomain: ['ws://ws.example.com'] })).errcode,
    ).toBe(85301);
    expect(
      (await w.wx('/wxa/modify_domain', { action: 'add', requestdomain: ['https://b.example.com'] })).errcode,
    ).toBe(85017);
    expect(
      (await w.wx('/wxa/modify_domain', { action: 'add', requestdomain: ['https://api.weixin.qq.com'] }))
        .errcode,
    ).toBe(85301);
    const many = Array.from({ length: 201 }, (_, i) => `wss://s${i}.example.com`);
    const tooMany = await w.wx('/wxa/modify_domain', { action: 'set', wsrequestdomain: many });
    expect(tooMany.errcode).toBe(85016);
    expect(tooMany.errmsg).toMatch(/wsrequestdomain.*200/);
    // UDP and TCP domains are refused clearly; empty lists (as SDKs send them) are fine above.
    const udp = await w.wx('/wxa/modify_domain', { action: 'add', udpdomain: ['udp://u.example.com'] });
    expect(udp.errcode).toBe(40097);
    expect(udp.errmsg).toMatch(/udpdomain.*no UDP or TCP/);
    for (const input of [
      { action: 'replace' },
      {},
      { action: 'add', requestdomain: 'https://c.example.com' },
      { action: 'add', requestdomain: [42] },
      { action: 'add', webviewdomain: ['https://c.example.com'] },
    ])
      expect((await w.wx('/wxa/modify_domain', input)).errcode, JSON.stringify(input)).toBe(40097);
    const get = await new ApiClient(server.url).get(`/wxa/modify_domain?access_token=${w.token}`);
    expect(get.body.errcode).toBe(43002);
    expect((await new ApiClient(server.url).post('/wxa/modify_domain', { action: 'get' })).body.errcode).toBe(
      41001,
    );
    expect(await w.wx('/wxa/modify_domain', { action: 'get' })).toMatchObject({
      requestdomain: ['https://api.example.com', 'https://b.example.com'],
      wsrequestdomain: ['wss://live.example.org'],
      uploaddomain: ['https://up.example.com'],
      downloaddomain: [],
    });
  });

  it('reads and replaces them natively, for the owner only, refusing a bad entry whole', async () => {
    const url = `/api/v1/miniprograms/${w.app.id}/domains`;
    expect((await w.dev.get(url)).body).toEqual({
      requestDomains: ['https://api.example.com', 'https://b.example.com'],
      socketDomains: ['wss://live.example.org'],
      uploadDomains: ['https://up.example.com'],
      downloadDomains: [],
    });
    const lists = {
      requestDomains: ['https://api.example.com'],
      socketDomains: ['wss://live.example.org', 'wss://chat.example.org:8443'],
      uploadDomains: ['https://up.example.com'],
      downloadDomains: ['https://cdn.example.com'],
    };
    const put = await w.dev.put(url, lists);
    expect(put.status).toBe(200);
    expect(put.body).toEqual(lists);
    expect((await w.dev.put(url, lists)).status).toBe(200);
    const bad = await w.dev.put(url, {
      ...lists,
      socketDomains: ['wss://ok.example.org', 'ws://plain.example.org'],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'validation_failed', field: 'wsrequestdomain' });
    expect(bad.body.error.messageZh).toContain('wss://');
    expect((await w.dev.put(url, { ...lists, extra: 1 })).status).toBe(400);
    expect((await w.dev.put(url, { requestDomains: [] })).status).toBe(400);
    expect((await w.dev.get(url)).body).toEqual(lists);
    expect((await other.dev.get(url)).status).toBe(404);
    expect((await other.dev.put(url, lists)).status).toBe(404);
    expect((await new ApiClient(server.url).get(url)).status).toBe(401);
    // The app's own PATCH of requestDomains still works, and the lists agree.
    const patch = await w.dev.patch(`/api/v1/miniprograms/${w.app.id}`, {
      requestDomains: ['https://api2.example.com'],
    });
    expect(patch.status).toBe(200);
    expect(patch.body.app.requestDomains).toEqual(['https://api2.example.com']);
    expect((await w.dev.get(url)).body.requestDomains).toEqual(['https://api2.example.com']);
    expect((await w.wx('/wxa/modify_domain', { action: 'get' })).requestdomain).toEqual([
      'https://api2.example.com',
    ]);
  });

  it('hands them to the runtime host in the launch answer', async () => {
    const launch = await new ApiClient(server.url).get(`/api/v1/launch/${w.app.appid}`);
    expect(launch.status).toBe(200);
    expect(launch.body).toMatchObject({
      requestDomains: ['https://api2.example.com'],
      socketDomains: ['wss://live.example.org', 'wss://chat.example.org:8443'],
      uploadDomains: ['https://up.example.com'],
      downloadDomains: ['https://cdn.example.com'],
    });
  });
});
