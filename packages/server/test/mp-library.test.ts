import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from './client.ts';
import { type CodeWorld, codeWorld, person } from './code-world.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';

/** The mini programs' template library as rows admins edit; getcategory and getpubtemplatetitles?ids= read it. */
describe.each(dialects)("the mini programs' template library on %s", (dialect) => {
  let server: TestServer;
  let w: CodeWorld;
  let admin: ApiClient;
  const draft = {
    tid: 5001,
    title: '查询结果通知',
    type: 2,
    categoryId: 201,
    keywords: [
      { name: '查询内容', rule: 'thing', example: '明天天气' },
      { name: '查询时间', rule: 'time', example: '2026年12月01日 10:30' },
      { name: '结果', rule: 'phrase', example: '晴天' },
    ],
  };

  beforeAll(async () => {
    server = await startTestServer(dialect);
    w = await codeWorld(server, '模板库');
    admin = (await person(server, 'admin')).client;
  });
  afterAll(() => server.close());

  it("answers getcategory with the app's categories, and starts from the titles that were fixed in code", async () => {
    const categories = await w.wx('/wxaapi/newtmpl/getcategory');
    expect(categories).toEqual({ errcode: 0, errmsg: 'ok', data: [{ id: 201, name: '信息查询' }] });
    const library = (await w.dev.get('/api/v1/mp-template-library')).body as Array<{ tid: number }>;
    expect(library.map((t) => t.tid)).toEqual([1401, 1402, 1403]);
    // No title of the app's category yet; without ids, the whole library.
    expect(await w.wx('/wxaapi/newtmpl/getpubtemplatetitles?start=0&limit=30&ids=201')).toMatchObject({
      errcode: 0,
      count: 0,
      data: [],
    });
    const both = await w.wx('/wxaapi/newtmpl/getpubtemplatetitles?start=0&limit=30&ids=209,801');
    expect(both.data.map((t: { tid: number }) => t.tid)).toEqual([1401, 1402, 1403]);
    expect((await w.wx('/wxaapi/newtmpl/getpubtemplatetitles?start=0&limit=30&ids=2x')).errcode).not.toBe(0);
    expect(
      (await w.wx('/wxaapi/newtmpl/getpubtemplatetitles?start=0&limit=30&ids=99999999999')).errcode,
    ).not.toBe(0);
  });

  it('lets an admin add a title that developers then find under their category and add', async () => {
    expect((await w.dev.post('/api/v1/admin/mp-template-library', draft)).status).toBe(403);
    const added = await admin.post('/api/v1/admin/mp-template-library', draft);
    expect(added.status).toBe(201);
    expect(added.body.keywords.map((k: { kid: number }) => k.kid)).toEqual([1, 2, 3]);
    expect((await admin.post('/api/v1/admin/mp-template-library', draft)).body.error.code).toBe(
      'mp_library_title_exists',
    );

    const titles = await w.wx('/wxaapi/newtmpl/getpubtemplatetitles?start=0&limit=30&ids=201');
    expect(titles).toMatchObject({
      count: 1,
      data: [{ tid: 5001, title: '查询结果通知', type: 2, categoryId: '201' }],
    });
    const keywords = await w.wx('/wxaapi/newtmpl/getpubtemplatekeywords?tid=5001');
    expect(keywords.data[2]).toEqual({ kid: 3, name: '结果', example: '晴天', rule: 'phrase' });
    const template = await w.wx('/wxaapi/newtmpl/addtemplate', { tid: 5001, kidList: [1, 3] });
    expect(template.errcode).toBe(0);
    // The 2017 library reads the same rows.
    expect((await w.wx('/cgi-bin/wxopen/template/library/get', { id: 'AT5001' })).title).toBe('查询结果通知');
    expect((await w.wx('/cgi-bin/wxopen/template/library/list', { offset: 0, count: 20 })).total_count).toBe(
      4,
    );

    // An edit changes what developers pick from next, never a template already added.
    const edited = await admin.put('/api/v1/admin/mp-template-library/5001', {
      ...draft,
      tid: undefined,
      title: '查询完成通知',
    });
    expect(edited.status).toBe(200);
    expect(edited.body.title).toBe('查询完成通知');
    expect((await w.wx('/wxaapi/newtmpl/getpubtemplatetitles?start=0&limit=30&ids=201')).data[0].title).toBe(
      '查询完成通知',
    );
    const mine = await w.wx('/wxaapi/newtmpl/gettemplate');
    expect(mine.data.find((t: { priTmplId: string }) => t.priTmplId === template.priTmplId).title).toBe(
      '查询结果通知',
    );
  });

  it("refuses a bad title: an example that breaks its keyword's rule, a first-level or unknown category, unknown fields", async () => {
    const post = (body: unknown) => admin.post('/api/v1/admin/mp-template-library', body);
    const badExample = await post({
      ...draft,
      tid: 5002,
      keywords: [draft.keywords[0], { name: '结果', rule: 'phrase', example: 'sunny' }],
    });
    expect(badExample.status).toBe(400);
    expect(badExample.body.error).toMatchObject({ code: 'validation_failed', field: 'keywords' });
    expect((await post({ ...draft, tid: 5002, categoryId: 200 })).body.error.code).toBe(
      'mp_library_category_invalid',
    );
    expect((await post({ ...draft, tid: 5002, categoryId: 99_999 })).status).toBe(400);
    expect((await post({ ...draft, tid: 5002, keywords: [draft.keywords[0]] })).status).toBe(400);
    expect((await post({ ...draft, tid: 5002, extra: 1 })).status).toBe(400);
    expect(
      (
        await post({
          ...draft,
          tid: 5002,
          keywords: [draft.keywords[0], { ...draft.keywords[1], secret: 1 }],
        })
      ).status,
    ).toBe(400);
    const { tid: _, ...input } = draft;
    expect((await admin.put('/api/v1/admin/mp-template-library/5999', input)).status).toBe(404);
    // Nothing of the refused ones was kept.
    const library = (await w.dev.get('/api/v1/mp-template-library')).body as Array<{ tid: number }>;
    expect(library.map((t) => t.tid)).toEqual([1401, 1402, 1403, 5001]);
  });
});
