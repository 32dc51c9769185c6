import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { idNumber, newDeveloper, registeredApp, verifiedIndividual } from './world.ts';

describe.each(dialects)('mini program names checked as the developer types on %s', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(dialect);
  });
  afterAll(() => server.close());

  it('says a taken name is taken (except to the app holding it) and a free one is free', async () => {
    const dev = await newDeveloper(server.url);
    const subject = await verifiedIndividual(dev, idNumber(731), '周八');
    const { app } = await registeredApp(dev, subject.id, '名字检查');
    const check = (query: string) => dev.get(`/api/v1/miniprograms/name-available?${query}`);
    expect((await check(`name=${encodeURIComponent('名字检查')}`)).body).toEqual({ available: false });
    expect((await check(`name=${encodeURIComponent(' 名字检查 ')}`)).body).toEqual({ available: false });
    expect((await check(`name=${encodeURIComponent('名字检查')}&appId=${app.id}`)).body).toEqual({
      available: true,
    });
    expect((await check(`name=${encodeURIComponent('另一个名字')}`)).body).toEqual({ available: true });
    const bad = await check('name=');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
    const anonymous = await fetch(`${server.url}/api/v1/miniprograms/name-available?name=x`);
    expect(anonymous.status).toBe(401);
  });
});
