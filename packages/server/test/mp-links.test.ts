import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './client.ts';
import { type CodeWorld, codeWorld, person } from './code-world.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { accountAsking } from './mp-links-world.ts';

describe.each(dialects)("a mini program's linked official accounts on %s", (dialect) => {
  let server: TestServer;
  let w: CodeWorld;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    w = await codeWorld(server, '关联');
  });
  afterAll(() => server?.close());

  it("lists the accounts asking and linked for the app's members only; accepting links it", async () => {
    const account = await accountAsking(server, w.app.appid, '关联订阅号');
    const path = `/api/v1/official-account-links/${w.app.appid}`;
    expect((await new ApiClient(server.url).get(path)).status).toBe(401);
    expect((await (await person(server)).client.get(path)).status).toBe(404);
    expect((await w.dev.get(path)).body).toEqual([
      { accountAppid: account.appid, accountName: '关联订阅号', status: 2 },
    ]);
    const accepted = await w.dev.post('/api/v1/link-requests/accept', {
      accountAppid: account.appid,
      appid: w.app.appid,
    });
    expect(accepted.body).toEqual({ status: 1 });
    expect((await w.dev.get(path)).body[0].status).toBe(1);
  });
});
