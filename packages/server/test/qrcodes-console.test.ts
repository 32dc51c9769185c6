import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './client.ts';
import { type CodeWorld, codeWorld, person, releaseVersion } from './code-world.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { readPng, website } from './qrcodes-world.ts';

describe.each(dialects)("the console's QR rule and code routes on %s", (dialect) => {
  let server: TestServer;
  let site: Awaited<ReturnType<typeof website>>;
  let w: CodeWorld;
  let base: string;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    site = await website();
    w = await codeWorld(server, '控制台码');
    await releaseVersion(w, '1.0.0');
    base = `/api/v1/qrcodes/${w.app.appid}`;
    await server.ctx.settings.set('qrcodes.verifyPrivateAddresses', true);
    await server.ctx.settings.set('limits.qrcodeJump.perApp', 0);
  });
  afterAll(async () => {
    await site?.close();
    await server?.close();
  });

  it('answers only a signed-in developer of the app: 401 without a session, 404 to another developer', async () => {
    expect((await new ApiClient(server.url).get(`${base}/rules`)).status).toBe(401);
    const stranger = await person(server);
    expect((await stranger.client.get(`${base}/rules`)).status).toBe(404);
    expect(
      (await stranger.client.post(`${base}/codes`, { kind: 'square', page: 'pages/index/index' })).status,
    ).toBe(404);
  });

  it('refuses individual subjects (85075) while the operator says so, and unknown fields', async () => {
    const refused = await w.dev.get(`${base}/rules`);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'qr_jump_individual' });
    expect(refused.body.error.messageZh).toContain('个人主体');
    await server.ctx.settings.set('qrcodes.rulesForIndividuals', true);
    const unknown = await w.dev.post(`${base}/rules/check`, { prefix: `${site.origin}/shop/`, extra: 1 });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: 'validation_failed', field: 'body.extra' });
  });

  it('checks the verification file, adds, tests, publishes and deletes a rule, errors at their field', async () => {
    const prefix = `${site.origin}/shop/`;
    const missing = await w.dev.post(`${base}/rules/check`, { prefix });
    expect(missing.status).toBe(422);
    expect(missing.body.error).toMatchObject({ code: 'qr_jump_verification', field: 'prefix' });
    const file = await w.dev.post(`${base}/rules/verification-file`);
    expect(file.body.fileName).toMatch(/^[0-9a-f]{10}\.txt$/);
    site.files.set(`/shop/${file.body.fileName}`, file.body.fileContent);
    expect((await w.dev.post(`${base}/rules/check`, { prefix })).body).toEqual({
      url: `${prefix}${file.body.fileName}`,
    });

    const rule = {
      prefix,
      permitSubRule: 1,
      path: 'pages/index/index?from=poster',
      openVersion: 3,
      debugUrls: [],
    };
    const badPage = await w.dev.post(`${base}/rules`, { ...rule, path: 'pages/none/none' });
    expect(badPage.body.error).toMatchObject({ code: 'qr_invalid_page', field: 'path' });
    const added = await w.dev.post(`${base}/rules`, rule);
    expect(added.status).toBe(200);
    expect(added.body.rules).toEqual([expect.objectContaining({ prefix, state: 1 })]);
    expect((await w.dev.post(`${base}/rules`, rule)).body.error).toMatchObject({
      code: 'qr_jump_duplicate',
      field: 'prefix',
    });

    const link = `${prefix}item?id=7`;
    const before = await w.dev.post(`${base}/rules/test`, { url: link });
    expect(before.body.rule).toMatchObject({ prefix, state: 1, debug: false });
    expect(before.body.opens).toEqual({ action: 'open_web', url: link });

    const published = await w.dev.post(`${base}/rules/publish`, { prefix });
    expect(published.body.rules[0].state).toBe(2);
    expect(published.body.publishesLeft).toBe(99);
    const after = await w.dev.post(`${base}/rules/test`, { url: link });
    expect(after.body.opens).toMatchObject({
      action: 'open_miniprogram',
      appid: w.app.appid,
      path: 'pages/index/index',
      scene: 1011,
      query: {
        from: 'poster',
        q: encodeURIComponent(link),
        scancode_time: String(Math.floor(server.clock() / 1000)),
      },
    });
    expect((await w.dev.post(`${base}/rules/test`, { url: 'ftp://x' })).body.error).toMatchObject({
      field: 'url',
    });

    expect((await w.dev.post(`${base}/rules/delete`, { prefix })).body.rules).toEqual([]);
    expect((await w.dev.post(`${base}/rules/test`, { url: link })).body).toMatchObject({
      rule: null,
      opens: { action: 'open_web' },
    });
  });

  it('shares the 5-a-second limit (44990) of the WeChat face', async () => {
    await server.ctx.settings.set('limits.qrcodeJump.perApp', 5);
    try {
      server.clock.advance(2_000);
      for (let i = 0; i < 4; i++) expect((await w.dev.get(`${base}/rules`)).status).toBe(200);
      expect((await w.wx('/cgi-bin/wxopen/qrcodejumpget', {})).errcode).toBe(0);
      const sixth = await w.dev.get(`${base}/rules`);
      expect(sixth.status).toBe(429);
      expect(sixth.body.error).toMatchObject({ code: 'qr_jump_too_fast' });
      expect(sixth.body.error.messageZh).toContain('5');
    } finally {
      await server.ctx.settings.set('limits.qrcodeJump.perApp', 0);
    }
  });

  it('makes the three kinds of code as PNG, counts the limited ones, and puts refusals at their field', async () => {
    const overview = await w.dev.get(base);
    expect(overview.body.pages.release).toContain('pages/index/index');
    expect(overview.body.pages.trial).toBeNull();
    const used = overview.body.codes.used as number;

    const unlimited = await w.dev.post(`${base}/codes`, {
      kind: 'unlimited',
      page: 'pages/index/index',
      scene: 'table=12',
      width: 280,
      lineColor: { r: 20, g: 80, b: 160 },
      hyaline: true,
    });
    expect(unlimited.status).toBe(200);
    expect(readPng(Buffer.from(unlimited.body.png, 'base64'))).toBe(unlimited.body.text);
    expect(unlimited.body.codes.used).toBe(used);
    const opened = await new ApiClient(server.url).post('/api/v1/scan', { text: unlimited.body.text });
    expect(opened.body).toMatchObject({
      path: 'pages/index/index',
      scene: 1047,
      query: { scene: 'table%3D12' },
    });

    const limited = await w.dev.post(`${base}/codes`, {
      kind: 'wxacode',
      page: 'pages/index/index',
      query: 'a=1',
    });
    expect(limited.body.codes.used).toBe(used + 1);
    const square = await w.dev.post(`${base}/codes`, { kind: 'square', page: 'pages/index/index' });
    expect(
      (await new ApiClient(server.url).post('/api/v1/scan', { text: square.body.text })).body.scene,
    ).toBe(1011);

    const refusals: Array<[Record<string, unknown>, string, string]> = [
      [{ kind: 'wxacode', page: 'pages/none/none' }, 'qr_invalid_page', 'page'],
      [{ kind: 'wxacode', page: '', envVersion: 'trial' }, 'qr_invalid_page', 'page'],
      [
        { kind: 'unlimited', page: 'pages/index/index', scene: 'x'.repeat(33) },
        'qr_invalid_scene_length',
        'scene',
      ],
      [{ kind: 'unlimited', page: 'pages/index/index', scene: 'a b' }, 'qr_invalid_scene', 'scene'],
      [{ kind: 'wxacode', page: 'pages/index/index', width: 100 }, 'qr_invalid_width', 'width'],
      [{ kind: 'wxacode', page: 'pages/index/index', envVersion: 'trial' }, 'qr_invalid_page', 'page'],
      [{ kind: 'wxacode', page: 'pages/index/index', query: 'scancode_time=1' }, 'qr_path_reserved', 'query'],
      [
        { kind: 'wxacode', page: 'pages/index/index', lineColor: { r: 300, g: 0, b: 0 } },
        'validation_failed',
        'lineColor',
      ],
    ];
    for (const [body, code, field] of refusals) {
      const refused = await w.dev.post(`${base}/codes`, body);
      expect(refused.body.error, JSON.stringify(body)).toMatchObject({ code, field });
    }
    expect((await w.dev.get(base)).body.codes.used).toBe(used + 2);
  });
});
