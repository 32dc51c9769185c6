import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './client.ts';
import { type CodeWorld, codeWorld, person } from './code-world.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';

describe.each(dialects)("the console's subscription template routes on %s", (dialect) => {
  let server: TestServer;
  let w: CodeWorld;
  let base: string;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    w = await codeWorld(server, '订阅');
    base = `/api/v1/mp-templates/${w.app.appid}`;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers only a signed-in developer of the app: 401 without a session, 404 to another developer', async () => {
    expect((await new ApiClient(server.url).get(`${base}/library`)).status).toBe(401);
    expect((await new ApiClient(server.url).post(base, { tid: 1401, kidList: [1, 2] })).status).toBe(401);
    const stranger = await person(server);
    expect((await stranger.client.get(`${base}/library`)).status).toBe(404);
    expect((await stranger.client.get(base)).status).toBe(404);
    expect((await stranger.client.post(base, { tid: 1401, kidList: [1, 2] })).status).toBe(404);
    expect((await stranger.client.delete(`${base}/abc`)).status).toBe(404);
  });

  it('refuses unknown fields', async () => {
    const unknown = await w.dev.post(base, { tid: 1401, kidList: [1, 2], extra: 1 });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: 'validation_failed', field: 'body.extra' });
    expect((await w.dev.get(base)).body).toEqual([]);
  });

  it('adds a template from the library, lists it as gettemplate does, and deletes it', async () => {
    const library = (await w.dev.get(`${base}/library`)).body as Array<{
      id: number;
      name: string;
      mine: boolean;
      titles: Array<{
        tid: number;
        title: string;
        type: number;
        keywords: Array<{ kid: number; name: string }>;
      }>;
    }>;
    const express = library.find((c) => c.id === 801)!;
    expect(express.name).toContain('快递');
    expect(express.mine).toBe(false);
    const shipped = express.titles.find((t) => t.title === '订单发货通知')!;
    expect(shipped.keywords.map((k) => k.kid)).toEqual([1, 2, 3, 4, 5]);
    expect(library.flatMap((c) => c.titles)).toHaveLength(3);

    const added = await w.dev.post(base, { tid: shipped.tid, kidList: [3, 1], sceneDesc: '发货' });
    expect(added.status).toBe(201);
    const mine = (await w.dev.get(base)).body;
    expect(mine).toEqual([
      {
        priTmplId: added.body.priTmplId,
        title: '订单发货通知',
        content: '发货时间:{{time3.DATA}}\n商品名称:{{thing1.DATA}}',
        example: '发货时间:2026年12月01日 10:30\n商品名称:夏季新款T恤',
        type: 2,
      },
    ]);
    expect((await w.wx('/wxaapi/newtmpl/gettemplate')).data).toEqual(mine);

    expect((await w.dev.delete(`${base}/${added.body.priTmplId}`)).body).toEqual({ ok: true });
    expect((await w.dev.get(base)).body).toEqual([]);
    const again = await w.dev.delete(`${base}/${added.body.priTmplId}`);
    expect(again.status).toBe(400);
    expect(again.body.error).toMatchObject({ code: 'oa_template_invalid' });
  });

  it("shows the service's refusals at their field: too few keywords, an unknown title, a long scene", async () => {
    const few = await w.dev.post(base, { tid: 1401, kidList: [1] });
    expect(few.status).toBe(400);
    expect(few.body.error).toMatchObject({ code: 'mp_template_keyword_invalid', field: 'kidList' });
    expect(few.body.error.messageZh).toContain('关键词');
    const unknown = await w.dev.post(base, { tid: 999, kidList: [1, 2] });
    expect(unknown.body.error).toMatchObject({ code: 'mp_template_title_invalid', field: 'tid' });
    const long = await w.dev.post(base, {
      tid: 1401,
      kidList: [1, 2],
      sceneDesc: '这是一个超过十五个字的场景描述说明文字',
    });
    expect(long.body.error).toMatchObject({ code: 'mp_template_scene_desc_invalid', field: 'sceneDesc' });
    expect((await w.dev.get(base)).body).toEqual([]);
  });
});
