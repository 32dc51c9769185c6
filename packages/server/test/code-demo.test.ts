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
