import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CodeWorld, codeWorld, person, sampleFiles } from './code-world.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';

/** A 1×1 PNG, as a browser's canvas would export a screenshot. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

describe.each(dialects)('what the console needs of versions, review and members, on %s', (dialect) => {
  let server: TestServer;
  let w: CodeWorld;
  const overview = async () => (await w.dev.get(`/api/v1/code/${w.app.appid}/overview`)).body;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    w = await codeWorld(server, '控制台');
  });
  afterAll(() => server.close());

  it('answers a repeated upload (double click, retry) with the first version instead of a second', async () => {
    const [a, b] = await Promise.all([w.upload('1.0.0'), w.upload('1.0.0')]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body.id).toBe(b.body.id);
    expect((await w.dev.get(`/api/v1/code/${w.app.appid}/versions`)).body).toHaveLength(1);
    // A new number, or new content, is a new version.
    expect((await w.upload('1.0.1')).status).toBe(201);
    expect((await w.upload('1.0.1', sampleFiles('changed'))).status).toBe(201);
    expect((await w.dev.get(`/api/v1/code/${w.app.appid}/versions`)).body).toHaveLength(3);
  });

  it('refuses a trial change from a tab that saw an older state (code_conflict), keeps the other', async () => {
    const seen = await overview();
    const [newest, older] = seen.versions;
    const put = (versionId: string, revision: number) =>
      w.dev.put(`/api/v1/code/${w.app.appid}/trial`, { versionId, revision });
    expect((await put(newest.id, seen.revision)).status).toBe(200);
    const second = await put(older.id, seen.revision);
    expect(second.status).toBe(409);
    expect(second.body.error).toMatchObject({ code: 'code_conflict' });
    expect(second.body.error.messageZh).toContain('刷新');
    expect((await overview()).trialVersionId).toBe(newest.id);
    // Without a revision (the WeChat face, scripts) the last write wins, as before.
    expect((await w.dev.put(`/api/v1/code/${w.app.appid}/trial`, { versionId: older.id })).status).toBe(200);
    expect((await put(older.id, -1)).status).toBe(400);
  });

  let auditid: number;

  it('shows reviewers the queue with subject type, categories and pages, and the categories checked', async () => {
    const seen = await overview();
    const submitted = await w.dev.post(`/api/v1/code/${w.app.appid}/audits`, {
      versionId: seen.versions[0].id,
      items: [{ ...(await camelItem(w)), address: 'pages/form/form' }],
      feedbackInfo: '请审核',
      revision: seen.revision,
    });
    expect(submitted.status).toBe(201);
    auditid = submitted.body.auditid;
    // The same click from a second tab: the state moved on.
    const again = await w.dev.post(`/api/v1/code/${w.app.appid}/audits`, {
      versionId: seen.versions[0].id,
      items: [await camelItem(w)],
      revision: seen.revision,
    });
    expect(again.status).toBe(409);
    const queue = (await w.reviewer.get('/api/v1/review/audits')).body;
    const entry = queue.find((a: { auditid: number }) => a.auditid === auditid);
    expect(entry).toMatchObject({ subjectType: 'individual', pages: ['pages/form/form'] });
    expect(entry.categories[0]).toMatch(/ > /);
    const detail = (await w.reviewer.get(`/api/v1/review/audits/${auditid}`)).body;
    expect(detail.subjectType).toBe('individual');
    expect(detail.items[0]).toMatchObject({ address: 'pages/form/form', categoryAllowed: true });
  });

  it("serves the reviewer the submitted source as text, and nothing to the developer's session", async () => {
    const file = await fetch(`${server.url}/api/v1/review/audits/${auditid}/files/pages/form/form.wxml`, {
      headers: { authorization: `Bearer ${await reviewerToken(server, w)}` },
    });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toContain('text/plain');
    expect(await file.text()).toContain('<form bindsubmit="submit">');
    const missing = await w.reviewer.get(`/api/v1/review/audits/${auditid}/files/nope.js`);
    expect(missing.status).toBe(404);
    expect((await w.dev.get(`/api/v1/review/audits/${auditid}/files/app.json`)).status).toBe(403);
  });

  it('rejects with a reason per item and a screenshot the developer sees; the history lists it', async () => {
    const rejected = await w.reviewer.post(`/api/v1/review/audits/${auditid}/reject`, {
      reason: '表单页不完整',
      items: [{ address: 'pages/form/form', reason: '提交后没有反馈' }],
      screenshot: `data:image/png;base64,${PNG.toString('base64')}`,
    });
    expect(rejected.status).toBe(200);
    const latest = (await overview()).latestAudit;
    expect(latest).toMatchObject({
      status: 1,
      itemReasons: [{ address: 'pages/form/form', reason: '提交后没有反馈' }],
      hasScreenshot: true,
      feedbackInfo: '请审核',
    });
    const shot = await w.dev.get(`/api/v1/code/${w.app.appid}/audits/${auditid}/screenshot`);
    expect(shot.status).toBe(200);
    const history = (await w.reviewer.get('/api/v1/review/history')).body;
    expect(history[0]).toMatchObject({ auditid, status: 1, appid: w.app.appid });
    expect(history[0].reviewer).toContain('@example.com');
    const list = (await w.dev.get(`/api/v1/code/${w.app.appid}/audits`)).body;
    expect(list[0]).toMatchObject({ auditid, statusName: 'rejected' });
    // Another developer cannot see it.
    const stranger = (await person(server)).client;
    expect((await stranger.get(`/api/v1/code/${w.app.appid}/audits/${auditid}/screenshot`)).status).toBe(404);
  });

  it('refuses a screenshot that is not an image', async () => {
    const next = await w.wx('/wxa/submit_audit', { item_list: [await w.item()] });
    const refused = await w.reviewer.post(`/api/v1/review/audits/${next.auditid}/reject`, {
      reason: 'x',
      screenshot: `data:image/png;base64,${Buffer.from('not a png').toString('base64')}`,
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.field).toBe('screenshot');
    expect((await w.wx('/wxa/get_auditstatus', { auditid: next.auditid })).status).toBe(2);
  });

  it('withdraws natively and shows the daily limit used', async () => {
    const before = (await overview()).quotas;
    expect(before).toMatchObject({ withdrawPerDay: 1, withdrawnToday: 0 });
    expect((await w.dev.post(`/api/v1/code/${w.app.appid}/audits/withdraw`)).status).toBe(200);
    expect((await overview()).quotas.withdrawnToday).toBe(1);
    await w.wx('/wxa/submit_audit', { item_list: [await w.item()] });
    const second = await w.dev.post(`/api/v1/code/${w.app.appid}/audits/withdraw`);
    expect(second.status).toBe(429);
    expect(second.body.error.code).toBe('undo_audit_quota');
  });

  it('caps the tester roles one person holds across mini programs (an operator setting; 85003)', async () => {
    const other = await codeWorld(server, '上限');
    const invitee = await person(server);
    await server.ctx.settings.set('members.testerAppsPerPerson', 1);
    try {
      for (const [world, expected] of [
        [w, 200],
        [other, 409],
      ] as const) {
        const invited = await world.dev.post(`/api/v1/miniprograms/${world.app.id}/invitations`, {
          email: invitee.email,
          role: 'tester',
        });
        const accepted = await invitee.client.post(`/api/v1/invitations/${invited.body.id}/accept`);
        expect(accepted.status).toBe(expected);
        if (expected === 409) {
          expect(accepted.body.error.code).toBe('member_apps_limit');
          expect(accepted.body.error.messageZh).toContain('体验成员');
        }
      }
      // A developer role is counted apart.
      const dev = await other.dev.post(`/api/v1/miniprograms/${other.app.id}/invitations`, {
        email: invitee.email,
        role: 'developer',
      });
      expect((await invitee.client.post(`/api/v1/invitations/${dev.body.id}/accept`)).status).toBe(200);
    } finally {
      await server.ctx.settings.set('members.testerAppsPerPerson', 50);
    }
  });
});

async function camelItem(w: CodeWorld) {
  const item = await w.item();
  return {
    address: item.address as string,
    tag: item.tag as string,
    firstId: item.first_id as number,
    secondId: item.second_id as number,
    title: item.title as string,
  };
}

async function reviewerToken(server: TestServer, w: CodeWorld): Promise<string> {
  // The world's reviewer client carries its Bearer token; read it back for a raw fetch.
  const token = (w.reviewer as unknown as { bearer: string }).bearer;
  if (!token) throw new Error(`no reviewer token on ${server.url}`);
  return token;
}
