import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './client.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { adminClient, idNumber, newDeveloper, registeredApp, verifiedIndividual } from './world.ts';

describe.each(dialects)('bad input on %s', (dialect) => {
  let server: TestServer;
  let dev: ApiClient;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    dev = await newDeveloper(server.url);
  });
  afterAll(() => server.close());

  it('answers malformed JSON with invalid_json on the native face', async () => {
    const response = await dev.request('POST', '/api/v1/subjects', '{"type": "individual",');
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid_json');
  });

  it('names the field of a wrong type', async () => {
    const response = await dev.post('/api/v1/subjects', { type: 'individual', name: 42, idNumber: ['x'] });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
    expect(response.body.error.field).toMatch(/body\.(name|idNumber)/);
  });

  it('refuses an unknown enum value and a missing field', async () => {
    const wrongType = await dev.post('/api/v1/subjects', { type: 'alien', name: 'x', idNumber: '1' });
    expect(wrongType.status).toBe(400);
    const missing = await dev.post('/api/v1/subjects', { type: 'individual', name: 'x' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.field).toContain('idNumber');
  });

  it('refuses an oversized body with 413', async () => {
    const response = await dev.post('/api/v1/subjects', {
      type: 'individual',
      name: 'x'.repeat(2_000_000),
      idNumber: '1',
    });
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('body_too_large');
  });

  it('answers "not found" for unknown ids and for another developer\'s ids alike', async () => {
    const owner = await newDeveloper(server.url);
    const subject = await verifiedIndividual(owner, idNumber(401), '陈一');
    const { app } = await registeredApp(owner, subject.id, '别人的小程序');

    const unknown = await dev.get('/api/v1/miniprograms/app_doesnotexist');
    const foreign = await dev.get(`/api/v1/miniprograms/${app.id}`);
    expect(unknown.status).toBe(404);
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual(unknown.body);
    const foreignWrite = await dev.patch(`/api/v1/miniprograms/${app.id}`, { intro: '我来改改简介' });
    expect(foreignWrite.status).toBe(404);
    expect((await owner.get(`/api/v1/miniprograms/${app.id}`)).body.intro).toBe('一个测试用的小程序');
    const foreignSubject = await dev.post('/api/v1/miniprograms', { subjectId: subject.id });
    expect(foreignSubject.status).toBe(404);
  });

  it('answers the WeChat face with errcodes on HTTP 200, never a 500', async () => {
    const malformed = await new ApiClient(server.url).request('POST', '/cgi-bin/stable_token', '{not json');
    expect(malformed.status).toBe(200);
    expect(malformed.body.errcode).toBe(47001);
    const unknownPath = await new ApiClient(server.url).get('/cgi-bin/no_such_api');
    expect(unknownPath.status).toBe(200);
    expect(unknownPath.body.errcode).toBe(40066);
    const wrongTypes = await new ApiClient(server.url).post('/cgi-bin/stable_token', {
      grant_type: 7,
      appid: {},
      secret: [],
    });
    expect(wrongTypes.body.errcode).toBe(40002);
  });

  it('refuses an icon whose bytes are not an image', async () => {
    const subject = await verifiedIndividual(dev, idNumber(402), '陈二');
    const created = await dev.post('/api/v1/miniprograms', { subjectId: subject.id });
    const fake = `data:image/png;base64,${Buffer.from('not a png at all').toString('base64')}`;
    const response = await dev.patch(`/api/v1/miniprograms/${created.body.id}`, { icon: fake });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'validation_failed', field: 'icon' });
  });

  it('serves the OpenAPI document and a health check', async () => {
    const openapi = await new ApiClient(server.url).get('/api/v1/docs/json');
    expect(openapi.body.openapi).toMatch(/^3\./);
    expect(Object.keys(openapi.body.paths)).toContain('/api/v1/miniprograms');
    expect(Object.keys(openapi.body.paths).some((path) => path.startsWith('/cgi-bin'))).toBe(false);
    expect((await new ApiClient(server.url).get('/healthz')).body).toMatchObject({ ok: true });
  });

  it("refuses numbers beyond a column's range at the edge, on every dialect", async () => {
    const subject = await verifiedIndividual(dev, idNumber(403), '陈三');
    const created = await dev.post('/api/v1/miniprograms', { subjectId: subject.id });
    const huge = await dev.patch(`/api/v1/miniprograms/${created.body.id}`, {
      categories: [{ firstId: 99_999_999_999, secondId: 2 }],
    });
    expect(huge.status).toBe(400);
    expect(huge.body.error.code).toBe('validation_failed');
    // The WeChat face reads ids leniently, so the store itself treats an impossible id as unknown.
    expect(
      await server.ctx.categories.lookup([{ firstId: 99_999_999_999, secondId: 2 }]).catch((e) => e.code),
    ).toBe('category_unknown');

    const admin = await adminClient(server.url, (email) =>
      server.ctx.accounts.createUser({ email, password: 'password-123', role: 'admin' }),
    );
    const audit = await admin.get('/api/v1/review/audits/99999999999999999999');
    expect(audit.status).toBe(400);
    const empty = await admin.patch('/api/v1/admin/categories/200', {});
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe('validation_failed');
  });

  it('answers a trial QR code request with an overlong path with 40159, not a system error', async () => {
    const subject = await verifiedIndividual(dev, idNumber(404), '陈四');
    const { app, secret } = await registeredApp(dev, subject.id, '二维码路径');
    const token = (
      await new ApiClient(server.url).get(
        `/cgi-bin/token?grant_type=client_credential&appid=${app.appid}&secret=${secret}`,
      )
    ).body.access_token;
    const response = await new ApiClient(server.url).get(
      `/wxa/get_qrcode?access_token=${token}&path=${'a'.repeat(5000)}`,
    );
    expect(response.body.errcode).toBe(40159);
  });
});
