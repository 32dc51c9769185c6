import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../server/test/client.ts';
import { dialects, startTestServer, type TestServer } from '../../server/test/harness.ts';

describe.each(dialects)('the console served at / on %s', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(dialect);
  });
  afterAll(() => server.close());

  it('answers a browser with the console page and its assets under /console/', async () => {
    const page = await fetch(`${server.url}/`, {
      headers: { accept: 'text/html,application/xhtml+xml,*/*' },
    });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await page.text();
    const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${server.url}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${server.url}/console/..%2f..%2fpackage.json`)).status).toBe(404);
    // The client keeps its own page at /client/ (the same file server).
    const client = await fetch(`${server.url}/client/`);
    expect(client.status).toBe(200);
    expect(await client.text()).toContain('/client/assets/');
  });

  it('keeps the WeChat answer for API clients asking GET / (40066 on HTTP 200)', async () => {
    const json = await new ApiClient(server.url).get('/');
    expect(json.status).toBe(200);
    expect(json.body.errcode).toBe(40066);
    const other = await new ApiClient(server.url).get('/cgi-bin/no_such_api');
    expect(other.body.errcode).toBe(40066);
  });
});
