import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../src/demo/seed.ts';
import { ApiClient } from './client.ts';
import { projectDir, sampleFiles } from './code-world.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { appCall, asMobileApp } from './open-world.ts';

describe.each(dialects)('demo open platform on %s', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(dialect);
  });
  afterAll(() => server.close());

  it("binds the individual's mini program, official account and a mobile app to one account; a re-run changes nothing", async () => {
    const project = projectDir(sampleFiles('demo'));
    const world = await seedDemo(server.ctx, { sampleProject: project });
    const weather = world.miniPrograms.find((app) => app.name === '码头天气')!;
    const account = world.officialAccounts.find((a) => a.subjectType === 'individual')!;
    const [app] = world.mobileApps;
    expect(world.openAccounts).toHaveLength(1);
    expect(world.openAccounts[0]!.openAppid).toMatch(/^wx[0-9a-f]{16}$/);
    expect([...world.openAccounts[0]!.bound].sort()).toEqual(
      [weather.appid, account.appid, app!.appid].sort(),
    );
    expect(app).toMatchObject({ name: '码头 App', secret: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect((await asMobileApp(server.url, app!.appid, app!.secret)('/api/v1/mobile-app')).body).toMatchObject(
      {
        appid: app!.appid,
        openAppid: world.openAccounts[0]!.openAppid,
      },
    );
    expect(await server.ctx.openPlatform.accounts.sameOpenAccount(app!.appid, weather.appid)).toBe(true);

    // A demo user logging in to the weather app gets the unionid its official account reports.
    const user = world.endUsers[0]!;
    const client = await new ApiClient(server.url).signInEndUser(user.username, user.password);
    const { code } = (await client.post(`/api/v1/client/miniprograms/${weather.appid}/login`)).body;
    const query = new URLSearchParams({
      appid: weather.appid,
      secret: weather.secret,
      js_code: code,
      grant_type: 'authorization_code',
    });
    const session = await (await fetch(`${server.url}/sns/jscode2session?${query}`)).json();
    const oa = await appCall(server.url, account.appid, account.secret);
    const info = await oa(`/cgi-bin/user/info?openid=${user.openids[account.appid]}`);
    expect(session.unionid).toBeDefined();
    expect(info.unionid).toBe(session.unionid);

    const again = await seedDemo(server.ctx, { sampleProject: project });
    expect(again.openAccounts).toEqual(world.openAccounts);
    expect(again.mobileApps).toEqual(world.mobileApps);
    expect(await server.ctx.openPlatform.accounts.listMine(user.id)).toEqual([]);
  });
});
