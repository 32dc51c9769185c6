import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../src/demo/seed.ts';
import { projectDir, sampleFiles } from './code-world.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { readPng, scan } from './qrcodes-world.ts';

describe.each(dialects)('demo QR world on %s', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(dialect);
  });
  afterAll(() => server.close());

  it('publishes a rule on the demo domain to the enterprise app and writes a code image; a re-run changes nothing', async () => {
    const project = projectDir(sampleFiles('demo'));
    const world = await seedDemo(server.ctx, { sampleProject: project });
    const shop = world.miniPrograms.find((app) => app.subjectType === 'enterprise')!;
    expect(world.qr).not.toBeNull();
    const byRule = await scan(server, { text: world.qr!.ruleUrl });
    expect(byRule.body).toMatchObject({
      action: 'open_miniprogram',
      appid: shop.appid,
      version: 'release',
      path: 'pages/index/index',
      scene: 1011,
    });
    const text = readPng(readFileSync(world.qr!.codePng));
    expect((await scan(server, { text })).body).toMatchObject({
      appid: shop.appid,
      path: 'pages/index/index',
      query: { from: 'demo' },
      scene: 1047,
    });
    const again = await seedDemo(server.ctx, { sampleProject: project });
    expect(again.qr).toEqual(world.qr);
    const rules = await server.ctx.qrcodes.rules.list(shop.appid);
    expect(rules.rules).toHaveLength(1);
    expect(rules.publishesLeft).toBe(99);
  });
});
