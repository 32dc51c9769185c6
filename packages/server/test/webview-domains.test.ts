/**
 * Business domains (业务域名) for `<web-view>`: WeChat's `/wxa/setwebviewdomain` (add, delete,
 * set, get) for the app's own token, the native GET / PUT, and the launch answer that hands them
 * to the runtime host.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './client.ts';
import { type CodeWorld, codeWorld, releaseVersion } from './code-world.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';

describe.each(dialects)('business domains on %s', (dialect) => {
  let server: TestServer;
  let w: CodeWorld;
  let other: CodeWorld;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    w = await codeWorld(server, '业务域名');
    other = await codeWorld(server, '旁人');
    await releaseVersion(w, '1.0.0');
  });
  afterAll(() => server.close());

  it('adds, gets, deletes and sets them with /wxa/setwebviewdomain, with WeChat errcodes', async () => {
    expect(await w.wx('/wxa/setwebviewdomain', { action: 'get' })).toMatchObject({
      errcode: 0,
      webviewdomain: [],
    });
    expect(
      await w.wx('/wxa/setwebviewdomain', {
        action: 'add',
        webviewdomain: ['https://www.example.com', 'https://M.Example.com/'],
      }),
    ).toMatchObject({ errcode: 0, errmsg: 'ok' });
    expect(await w.wx('/wxa/setwebviewdomain', { action: 'get' })).toMatchObject({
      webviewdomain: ['https://www.example.com', 'https://m.example.com'],
    });
    // Adding what is there changes nothing: 89019, as WeChat answers.
    expect(
      await w.wx('/wxa/setwebviewdomain', { action: 'add', webviewdomain: ['https://www.example.com'] }),
    ).toMatchObject({ errcode: 89019 });
    expect(
      await w.wx('/wxa/setwebviewdomain', { action: 'delete', webviewdomain: ['https://nope.example.com'] }),
    ).toMatchObject({ errcode: 89022 });
    expect(
      await w.wx('/wxa/setwebviewdomain', { action: 'delete', webviewdomain: ['https://m.example.com'] }),
    ).toMatchObject({ errcode: 0 });
    expect(
      await w.wx('/wxa/setwebviewdomain', { action: 'set', webviewdomain: ['https://h5.example.org'] }),
    ).toMatchObject({ errcode: 0 });
    expect((await w.wx('/wxa/setwebviewdomain', { action: 'get' })).webviewdomain).toEqual([
      'https://h5.example.org',
    ]);
    // Another app's token sees its own (empty) list.
    expect((await other.wx('/wxa/setwebviewdomain', { action: 'get' })).webviewdomain).toEqual([]);
  });

  it('refuses what WeChat refuses and keeps the list as it was', async () => {
    for (const webviewdomain of [
      ['http://h5.example.org'],
      ['h5.example.org'],
      ['https://h5.example.org:8443'],
      ['https://h5.example.org/path'],
      ['https://10.0.0.1'],
      ['https://localhost'],
      'https://h5.example.org',
      [42],
    ]) {
      const answer = await w.wx('/wxa/setwebviewdomain', { action: 'add', webviewdomain });
      expect(answer.errcode, JSON.stringify(webviewdomain)).toBe(40097);
      expect(answer.errmsg).toMatch(/webviewdomain/);
    }
    expect((await w.wx('/wxa/setwebviewdomain', { action: 'replace' })).errcode).toBe(40097);
    const many = Array.from({ length: 301 }, (_, i) => `https://d${i}.example.com`);
    expect((await w.wx('/wxa/setwebviewdomain', { action: 'set', webviewdomain: many })).errcode).toBe(40097);
    const get = await new ApiClient(server.url).get('/wxa/setwebviewdomain?access_token=' + w.token);
    expect(get.body.errcode).toBe(43002);
    expect((await w.wx('/wxa/setwebviewdomain', { action: 'get' })).webviewdomain).toEqual([
      'https://h5.example.org',
    ]);
    // No token, no answer.
    expect(
      (await new ApiClient(server.url).post('/wxa/setwebviewdomain', { action: 'get' })).body.errcode,
    ).toBe(41001);
  });

  it('reads and replaces them natively, for the owner only, refusing unknown fields', async () => {
    const url = `/api/v1/miniprograms/${w.app.id}/webview-domains`;
    expect((await w.dev.get(url)).body).toEqual({ domains: ['https://h5.example.org'] });
    const put = await w.dev.put(url, { domains: ['https://a.example.com', 'https://b.example.com'] });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ domains: ['https://a.example.com', 'https://b.example.com'] });
    // Setting the same list again is fine natively (idempotent PUT).
    expect(
      (await w.dev.put(url, { domains: ['https://a.example.com', 'https://b.example.com'] })).status,
    ).toBe(200);
    const bad = await w.dev.put(url, { domains: ['ftp://a.example.com'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'validation_failed' });
    expect(bad.body.error.messageZh).toContain('https://');
    expect((await w.dev.put(url, { domains: [], extra: 1 })).status).toBe(400);
    expect((await other.dev.get(url)).status).toBe(404);
    expect((await other.dev.put(url, { domains: [] })).status).toBe(404);
    expect((await new ApiClient(server.url).get(url)).status).toBe(401);
  });

  it('hands them to the runtime host in the launch answer', async () => {
    const launch = await new ApiClient(server.url).get(`/api/v1/launch/${w.app.appid}`);
    expect(launch.status).toBe(200);
    expect(launch.body.webviewDomains).toEqual(['https://a.example.com', 'https://b.example.com']);
  });
});
