import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './client.ts';
import { codeWorld, releaseVersion } from './code-world.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { endUsers } from './oa-world.ts';

describe.each(dialects)("the client's mini program search on %s", (dialect) => {
  let server: TestServer;
  let user: ApiClient;
  let released: string;
  let unreleased: string;
  const search = (client: ApiClient, q: string) =>
    client.get(`/api/v1/client/miniprograms?q=${encodeURIComponent(q)}`);

  beforeAll(async () => {
    server = await startTestServer(dialect);
    const shop = await codeWorld(server, 'Harbour商店');
    await releaseVersion(shop, '1.0.0');
    released = shop.app.appid;
    unreleased = (await codeWorld(server, 'Harbour草稿')).app.appid;
    user = (await endUsers(server, 1, 'search'))[0]!.client;
  });
  afterAll(() => server?.close());

  it('finds released mini programs by a part of their name, case-insensitively, and no unreleased one', async () => {
    const found = await search(user, 'harbour');
    expect(found.status).toBe(200);
    expect(found.body).toEqual([
      { appid: released, name: expect.stringMatching(/^Harbour商店\d+$/), intro: '一个测试用的小程序' },
    ]);
    expect((await search(user, '商店')).body.map((r: { appid: string }) => r.appid)).toEqual([released]);
    expect((await search(user, '草稿')).body).toEqual([]);
    expect(unreleased).not.toBe(released);
    // LIKE's wildcards are text here.
    expect((await search(user, '%')).body).toEqual([]);
    expect((await search(user, '_')).body).toEqual([]);
  });

  it('answers only signed-in end users, and refuses odd queries', async () => {
    expect((await search(new ApiClient(server.url), 'harbour')).status).toBe(401);
    expect((await user.get('/api/v1/client/miniprograms')).status).toBe(400);
    expect((await search(user, 'x'.repeat(31))).status).toBe(400);
    expect((await user.get('/api/v1/client/miniprograms?q=a&extra=1')).status).toBe(400);
  });
});
