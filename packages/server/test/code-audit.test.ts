import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type CodeWorld, codeWorld, sampleFiles } from './code-world.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';

describe.each(dialects)('review and release through /wxa/* on %s', (dialect) => {
  let server: TestServer;
  let w: CodeWorld;
  const status = async () => (await w.dev.get(`/api/v1/miniprograms/${w.app.id}`)).body.status as string;
  const submit = async (address = 'pages/index/index') =>
    w.wx('/wxa/submit_audit', {
      item_list: [await w.item(address)],
      version_desc: 'first',
      feedback_info: 'hi',
    });

  beforeAll(async () => {
    server = await startTestServer(dialect);
    w = await codeWorld(server, '审核');
  });
  afterAll(() => server.close());

  it('refuses to submit before any upload (85086) and get_page says the same', async () => {
    expect((await submit()).errcode).toBe(85086);
    expect((await w.wx('/wxa/get_page')).errcode).toBe(85086);
  });

  it('answers get_category and get_page from the app and its package', async () => {
    expect((await w.upload('1.0.0')).status).toBe(201);
    const categories = await w.wx('/wxa/get_category');
    expect(categories.errcode).toBe(0);
    expect(categories.category_list[0]).toMatchObject({ first_class: '工具' });
    expect((await w.wx('/wxa/get_page')).page_list).toEqual(['pages/index/index', 'pages/form/form']);
  });

  it.each([
    ['no items', { item_list: [] }, 85023],
    ['a page not in the package', 'pages/nope/nope', 85007],
    ['a category the app does not have', { first_class: '餐饮', second_class: '菜谱' }, 85008],
    ['too many tags', { tag: Array.from({ length: 11 }, (_, i) => `t${i}`).join(' ') }, 85006],
    ['a title too long', { title: 'x'.repeat(33) }, 85011],
    ['invalid ext_json', { ext_json: '{not json' }, 85013],
  ] as const)('refuses a submit with %s', async (_name, change, errcode) => {
    let body: Record<string, unknown>;
    if (typeof change === 'string') body = { item_list: [await w.item(change)] };
    else if ('item_list' in change || 'ext_json' in change) body = { item_list: [await w.item()], ...change };
    else {
      const item: Record<string, unknown> = { ...(await w.item()), ...change };
      if ('first_class' in change) {
        delete item.first_id;
        delete item.second_id;
      }
      body = { item_list: [item] };
    }
    const answer = await w.wx('/wxa/submit_audit', body);
    expect(answer.errcode).toBe(errcode);
    expect(answer.errmsg).toMatch(/rid: /);
  });

  it('refuses navigateToMiniProgram without declared appids (85087)', async () => {
    const files = {
      ...sampleFiles('nav'),
      'pages/form/form.js': 'Page({ go() { wx.navigateToMiniProgram({ appId: "wx1" }); } });',
    };
    expect((await w.upload('1.0.1-nav', files)).status).toBe(201);
    expect((await submit()).errcode).toBe(85087);
    const declared = {
      ...files,
      'app.json': JSON.stringify({
        pages: ['pages/index/index', 'pages/form/form'],
        navigateToMiniProgramAppIdList: ['wx1'],
      }),
    };
    expect((await w.upload('1.0.2', declared)).status).toBe(201);
  });

  let firstAudit: number;

  it('submits; a second submit while auditing is refused (85009); the app is reviewing', async () => {
    const answer = await submit();
    expect(answer).toMatchObject({ errcode: 0, errmsg: 'ok' });
    expect(answer.auditid).toBeGreaterThan(0);
    firstAudit = answer.auditid;
    expect((await submit()).errcode).toBe(85009);
    expect(await status()).toBe('reviewing');
    expect(await w.wx('/wxa/get_auditstatus', { auditid: firstAudit })).toMatchObject({
      errcode: 0,
      status: 2,
    });
    const latest = await w.wx('/wxa/get_latest_auditstatus');
    expect(latest).toMatchObject({ errcode: 0, auditid: firstAudit, status: 2, user_version: '1.0.2' });
  });

  it('refuses releasing while the audit is in flight (85020)', async () => {
    expect((await w.wx('/wxa/release', {})).errcode).toBe(85020);
  });

  it('shows the audit in the reviewers queue with the package pages and files', async () => {
    const queue = await w.reviewer.get('/api/v1/review/audits');
    expect(queue.body.map((a: { auditid: number }) => a.auditid)).toContain(firstAudit);
    const detail = await w.reviewer.get(`/api/v1/review/audits/${firstAudit}`);
    expect(detail.body.version.pages).toEqual(['pages/index/index', 'pages/form/form']);
    expect(detail.body.version.files.map((f: { path: string }) => f.path)).toContain('app.json');
    expect(detail.body.preview.url).toContain('/runtime/preview.html?packageBase=');
    expect((await w.dev.get(`/api/v1/review/audits/${firstAudit}`)).status).toBe(403);
  });

  it('rejects with a reason per item; status 1, weapp_audit_fail recorded; app back to developing', async () => {
    const rejected = await w.reviewer.post(`/api/v1/review/audits/${firstAudit}/reject`, {
      reason: '内容不完整',
      items: [{ address: 'pages/index/index', reason: '列表为空' }],
    });
    expect(rejected.status).toBe(200);
    const answer = await w.wx('/wxa/get_auditstatus', { auditid: firstAudit });
    expect(answer.status).toBe(1);
    expect(answer.reason).toContain('内容不完整');
    expect(answer.reason).toContain('pages/index/index: 列表为空');
    expect(await status()).toBe('developing');
    const events = (await w.dev.get(`/api/v1/code/${w.app.appid}/events`)).body;
    expect(events.at(-1)).toMatchObject({
      type: 'weapp_audit_fail',
      payload: {
        Event: 'weapp_audit_fail',
        ToUserName: w.app.originalId,
        Reason: expect.stringContaining('内容不完整'),
      },
      deliveredAt: null,
    });
    expect(events.at(-1).payload.FailTime).toBeGreaterThan(0);
    expect((await w.reviewer.post(`/api/v1/review/audits/${firstAudit}/approve`)).status).toBe(409);
    expect((await w.wx('/wxa/release', {})).errcode).toBe(85019);
  });

  it('withdraws an audit once a day (87013 after), status 3', async () => {
    const { auditid } = await submit();
    expect((await w.wx('/wxa/undocodeaudit')).errcode).toBe(0);
    expect((await w.wx('/wxa/get_auditstatus', { auditid })).status).toBe(3);
    expect((await w.wx('/wxa/undocodeaudit')).errcode).toBe(85019);
    await submit();
    expect((await w.wx('/wxa/undocodeaudit')).errcode).toBe(87013);
    server.clock.advance(24 * 3600 * 1000);
    expect((await w.wx('/wxa/undocodeaudit')).errcode).toBe(0);
  });

  it('answers 85012 for an unknown auditid', async () => {
    expect((await w.wx('/wxa/get_auditstatus', { auditid: 12345 })).errcode).toBe(85012);
  });

  it('lets only one of two simultaneous submits through', async () => {
    const answers = await Promise.all([submit(), submit()]);
    expect(answers.map((a) => a.errcode).sort()).toEqual([0, 85009]);
  });

  it('delays (status 4, still in flight), then approves: status 0 and weapp_audit_success', async () => {
    const { auditid } = await w.wx('/wxa/get_latest_auditstatus');
    expect(
      (await w.reviewer.post(`/api/v1/review/audits/${auditid}/delay`, { reason: '需要更多时间' })).status,
    ).toBe(200);
    expect((await w.wx('/wxa/get_auditstatus', { auditid })).status).toBe(4);
    expect((await submit()).errcode).toBe(85009);
    expect((await w.reviewer.post(`/api/v1/review/audits/${auditid}/approve`)).status).toBe(200);
    expect((await w.wx('/wxa/get_auditstatus', { auditid })).status).toBe(0);
    const events = (await w.dev.get(`/api/v1/code/${w.app.appid}/events`)).body;
    expect(events.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['weapp_audit_delay', 'weapp_audit_success']),
    );
  });

  it('releases the passed version (app released), refuses a second release (85052), keeps history', async () => {
    const answers = await Promise.all([w.wx('/wxa/release', {}), w.wx('/wxa/release', {})]);
    expect(answers.map((a) => a.errcode).sort()).toEqual([0, 85052]);
    expect(await status()).toBe('released');
    const history = (await w.dev.get(`/api/v1/code/${w.app.appid}/releases`)).body;
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ kind: 'release', userVersion: '1.0.2', current: true });
  });

  it('refuses revert with no previous release (87012)', async () => {
    expect((await w.wx('/wxa/revertcoderelease')).errcode).toBe(87012);
  });

  it('keeps the app released through a later audit, releases again, reverts once, then refuses', async () => {
    expect(
      (
        await w.upload('1.1.0', {
          ...sampleFiles('1.1.0'),
          'app.json': JSON.stringify({
            pages: ['pages/index/index', 'pages/form/form'],
            navigateToMiniProgramAppIdList: ['wx1'],
          }),
        })
      ).status,
    ).toBe(201);
    const { auditid } = await submit('pages/form/form');
    expect(await status()).toBe('released');
    await w.reviewer.post(`/api/v1/review/audits/${auditid}/approve`);
    expect((await w.wx('/wxa/release', {})).errcode).toBe(0);
    const versions = (await w.dev.get(`/api/v1/code/${w.app.appid}/versions`)).body;
    expect(versions.find((v: { isReleased: boolean }) => v.isReleased).userVersion).toBe('1.1.0');
    expect((await w.wx('/wxa/revertcoderelease')).errcode).toBe(0);
    const after = (await w.dev.get(`/api/v1/code/${w.app.appid}/versions`)).body;
    expect(after.find((v: { isReleased: boolean }) => v.isReleased).userVersion).toBe('1.0.2');
    expect((await w.wx('/wxa/revertcoderelease')).errcode).toBe(87012);
    const history = (await w.wx('/wxa/revertcoderelease?action=get_history_version')).version_list;
    expect(history.map((v: { user_version: string }) => v.user_version)).toEqual(['1.1.0', '1.0.2']);
    const log = (await w.dev.get(`/api/v1/code/${w.app.appid}/releases`)).body;
    expect(log.map((r: { kind: string }) => r.kind)).toEqual(['revert', 'release', 'release']);
  });

  describe('quotas and individual categories', () => {
    let q: CodeWorld;
    beforeEach(async () => {
      q = await codeWorld(server, '配额');
      await q.upload('1.0.0');
    });

    it('refuses a submit over the 7-day quota (85085)', async () => {
      await server.ctx.settings.set('code.auditSubmitsPer7Days', 1);
      try {
        const item = await q.item();
        expect((await q.wx('/wxa/submit_audit', { item_list: [item] })).errcode).toBe(0);
        expect((await q.wx('/wxa/undocodeaudit')).errcode).toBe(0);
        expect((await q.wx('/wxa/submit_audit', { item_list: [item] })).errcode).toBe(85085);
      } finally {
        await server.ctx.settings.set('code.auditSubmitsPer7Days', 20);
      }
    });

    it("refuses to pass an individual's app whose category closed to individuals after submitting", async () => {
      const item = await q.item();
      const { auditid } = await q.wx('/wxa/submit_audit', { item_list: [item] });
      await server.ctx.categories.update(item.first_id as number, { openToIndividual: false });
      try {
        const approved = await q.reviewer.post(`/api/v1/review/audits/${auditid}/approve`);
        expect(approved.status).toBe(403);
        expect(approved.body.error.code).toBe('category_not_open');
        expect((await q.wx('/wxa/get_auditstatus', { auditid })).status).toBe(2);
      } finally {
        await server.ctx.categories.update(item.first_id as number, { openToIndividual: true });
      }
    });
  });
});
