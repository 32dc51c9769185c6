import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../src/demo/seed.ts';
import { ApiClient } from './client.ts';
import { projectDir, sampleFiles } from './code-world.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';

describe.each(dialects)('demo seed releases the sample project on %s', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(dialect);
  });
  afterAll(() => server.close());

  it('uploads, reviews and releases it for every demo app, and a re-run changes nothing', async () => {
    const project = projectDir(sampleFiles('demo'));
    const first = await seedDemo(server.ctx, { sampleProject: project });
    expect(first.miniPrograms.map((app) => app.releasedVersion)).toEqual(['1.0.0', '1.0.0', '1.0.0']);
    const appid = first.miniPrograms[0]!.appid;
    const launch = await new ApiClient(server.url).get(`/api/v1/launch/${appid}`);
    expect(launch.status).toBe(200);
    expect((await fetch(`${launch.body.packageBase}${launch.body.entryFile}`)).status).toBe(200);

    const second = await seedDemo(server.ctx, { sampleProject: project });
    expect(second.miniPrograms.map((app) => app.releasedVersion)).toEqual(['1.0.0', '1.0.0', '1.0.0']);
    const events = await server.ctx.events.forApp(appid);
    expect(events.filter((e) => e.type === 'weapp_audit_success')).toHaveLength(1);
  });

  it('adds official accounts linked to the released apps, a menu opening them, and end users following both', async () => {
    const project = projectDir(sampleFiles('demo'));
    const world = await seedDemo(server.ctx, { sampleProject: project });
    expect(world.officialAccounts).toEqual([
      expect.objectContaining({ name: '码头天气速报', type: 'subscription', subjectType: 'individual' }),
      expect.objectContaining({ name: '码头商城服务', type: 'service', subjectType: 'enterprise' }),
    ]);
    expect(world.endUsers).toHaveLength(3);
    const again = await seedDemo(server.ctx, { sampleProject: project });
    expect(again.officialAccounts).toEqual(world.officialAccounts);
    expect(again.endUsers).toEqual(world.endUsers);
    const [individualAccount] = world.officialAccounts;
    const weather = world.miniPrograms[0]!;
    // The printed credentials work: a token, the link, the menu, the followers.
    const token = (
      await new ApiClient(server.url).get(
        `/cgi-bin/token?grant_type=client_credential&appid=${individualAccount!.appid}&secret=${individualAccount!.secret}`,
      )
    ).body.access_token;
    const wx = async (path: string, body?: unknown) =>
      (
        await (body === undefined
          ? new ApiClient(server.url).get(`${path}?access_token=${token}`)
          : new ApiClient(server.url).post(`${path}?access_token=${token}`, body))
      ).body;
    expect((await wx('/cgi-bin/wxopen/wxamplinkget', {})).wxopens.items).toEqual([
      expect.objectContaining({ appid: weather.appid, status: 1 }),
    ]);
    const menu = await wx('/cgi-bin/menu/get');
    expect(menu.menu.button[0]).toMatchObject({
      type: 'miniprogram',
      appid: weather.appid,
      pagepath: 'pages/index/index',
    });
    const followers = await wx('/cgi-bin/user/get');
    expect(followers.total).toBe(3);
    expect([...followers.data.openid].sort()).toEqual(
      world.endUsers.map((u) => u.openids[individualAccount!.appid]).sort(),
    );
    const user = await new ApiClient(server.url).signInEndUser(
      world.endUsers[0]!.username,
      world.endUsers[0]!.password,
    );
    expect((await user.get('/api/v1/client/following')).body).toHaveLength(2);
  });

  it('reports releasedVersion null, and releases nothing, when there is no sample project', async () => {
    const fresh = await startTestServer(dialect);
    try {
      const world = await seedDemo(fresh.ctx, { sampleProject: '/nonexistent-wharf-demo' });
      expect(world.miniPrograms.length).toBeGreaterThan(0);
      expect(world.miniPrograms.map((app) => app.releasedVersion)).toEqual(
        world.miniPrograms.map(() => null),
      );
      for (const app of world.miniPrograms) {
        expect((await new ApiClient(fresh.url).get(`/api/v1/launch/${app.appid}`)).status).toBe(404);
      }
    } finally {
      await fresh.close();
    }
  });
});
