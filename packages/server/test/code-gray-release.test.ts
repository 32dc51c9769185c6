import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grayBucket } from '../src/features/code/gray-release.service.ts';
import { ApiClient } from './client.ts';
import { type CodeWorld, codeWorld, person, releaseVersion, sampleFiles } from './code-world.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';

describe.each(dialects)('phased release (/wxa/grayrelease) on %s', (dialect) => {
  let server: TestServer;
  let w: CodeWorld;
  let v1: string;
  let v2: string;
  let users: Array<{ id: string; client: ApiClient }>;
  let tester: ApiClient;
  let testerId: string;

  const launch = async (client: ApiClient) => {
    const answer = await client.get(`/api/v1/launch/${w.app.appid}`);
    expect(answer.status).toBe(200);
    return answer.body as { versionId: string; packageBase: string; entryFile: string };
  };
  const anonymous = () => new ApiClient(server.url);
  const plan = async () => (await w.wx('/wxa/getgrayreleaseplan')).gray_release_plan;
  const submitAndApprove = async () => {
    const submitted = await w.wx('/wxa/submit_audit', { item_list: [await w.item()] });
    expect(submitted.errcode).toBe(0);
    expect((await w.reviewer.post(`/api/v1/review/audits/${submitted.auditid}/approve`)).status).toBe(200);
    return submitted.auditid as number;
  };

  beforeAll(async () => {
    server = await startTestServer(dialect);
    w = await codeWorld(server, '灰度');
    // End users until the 10 % bucket has someone inside and someone outside it.
    users = [];
    for (let round = 0; round < 10; round += 1) {
      const created = await server.ctx.endUsers.createMany(
        Array.from({ length: 8 }, (_, i) => ({
          username: `gray${round}x${i}${dialect}`,
          password: 'password-123',
        })),
      );
      for (const user of created) {
        const { token } = await server.ctx.endUsers.signIn(user.username, 'password-123');
        users.push({ id: user.id, client: new ApiClient(server.url, token) });
      }
      const inside = users.filter((u) => grayBucket(w.app.appid, `end-user:${u.id}`) < 10).length;
      if (inside > 0 && inside < users.length) break;
    }
    // A tester who accepted the invitation.
    const t = await person(server);
    tester = t.client;
    testerId = t.id;
    const invited = await w.dev.post(`/api/v1/miniprograms/${w.app.id}/invitations`, {
      email: t.email,
      role: 'tester',
    });
    expect((await tester.post(`/api/v1/invitations/${invited.body.id}/accept`)).status).toBe(200);
  });
  afterAll(() => server.close());

  it('refuses a phased release before anything is released (85079) and reports status 0', async () => {
    expect(await plan()).toEqual({
      status: 0,
      create_timestamp: 0,
      gray_percentage: 0,
      support_experiencer_first: false,
      support_debuger_first: false,
    });
    expect((await w.wx('/wxa/grayrelease', { gray_percentage: 10 })).errcode).toBe(85079);
  });

  it('refuses one whose latest audit has not passed (85080)', async () => {
    v1 = await releaseVersion(w, '1.0.0', sampleFiles('one'));
    expect((await w.upload('2.0.0', sampleFiles('two'))).status).toBe(201);
    const { auditid } = await w.wx('/wxa/submit_audit', { item_list: [await w.item()] });
    expect((await w.wx('/wxa/grayrelease', { gray_percentage: 10 })).errcode).toBe(85080);
    await w.reviewer.post(`/api/v1/review/audits/${auditid}/reject`, { reason: '再看看' });
    expect((await w.wx('/wxa/grayrelease', { gray_percentage: 10 })).errcode).toBe(85080);
  });

  it.each([
    ['0 with nobody first', { gray_percentage: 0 }],
    ['101', { gray_percentage: 101 }],
    ['a fraction', { gray_percentage: 2.5 }],
    ['text', { gray_percentage: 'ten' }],
    ['nothing', {}],
  ])('refuses gray_percentage %s (85081)', async (_name, body) => {
    expect((await w.wx('/wxa/grayrelease', body)).errcode).toBe(85081);
  });

  it('serves the new version to the users its stable hash picks, the release to the rest', async () => {
    v2 = (await w.upload('2.0.1', sampleFiles('two-fixed'))).body.id;
    await submitAndApprove();
    expect((await w.wx('/wxa/grayrelease', { gray_percentage: 10 })).errcode).toBe(0);
    expect(await plan()).toMatchObject({ status: 1, gray_percentage: 10, support_debuger_first: false });
    expect((await plan()).create_timestamp).toBeGreaterThan(0);

    let inside = 0;
    for (const user of users) {
      const expected = grayBucket(w.app.appid, `end-user:${user.id}`) < 10 ? v2 : v1;
      const served = await launch(user.client);
      expect(served.versionId).toBe(expected);
      if (expected === v2) inside += 1;
      // The same user gets the same version every time.
      expect((await launch(user.client)).versionId).toBe(expected);
    }
    expect(inside).toBeGreaterThan(0);
    expect(inside).toBeLessThan(users.length);
    // Nobody signed in: the release.
    expect((await launch(anonymous())).versionId).toBe(v1);
    // The app's online version is still the release.
    const versions = (await w.dev.get(`/api/v1/code/${w.app.appid}/versions`)).body;
    expect(versions.find((v: { isReleased: boolean }) => v.isReleased).id).toBe(v1);
  });

  it("lets the phased version's package files load in the runtime for the users who get it", async () => {
    const chosen = users.find((u) => grayBucket(w.app.appid, `end-user:${u.id}`) < 10);
    if (!chosen) throw new Error('no user in the bucket');
    const served = await launch(chosen.client);
    expect(served.versionId).toBe(v2);
    const entry = await fetch(`${served.packageBase}${served.entryFile}`);
    expect(entry.status).toBe(200);
    // The built manifest carries app.json's window title of that version.
    expect(await entry.text()).toContain('Sample two-fixed');
  });

  it('refuses a rollback while the phased release runs (87011), and a lower percentage (85082)', async () => {
    expect((await w.wx('/wxa/revertcoderelease')).errcode).toBe(87011);
    expect((await w.wx('/wxa/grayrelease', { gray_percentage: 5 })).errcode).toBe(85082);
    expect((await w.wx('/wxa/grayrelease', { gray_percentage: 10 })).errcode).toBe(85082);
  });

  it('keeps the users it picked when the percentage rises, and adds others', async () => {
    const before = new Map<string, string>();
    for (const user of users) before.set(user.id, (await launch(user.client)).versionId);
    expect((await w.wx('/wxa/grayrelease', { gray_percentage: 60 })).errcode).toBe(0);
    for (const user of users) {
      const now = (await launch(user.client)).versionId;
      if (before.get(user.id) === v2) expect(now).toBe(v2);
      expect(now).toBe(grayBucket(w.app.appid, `end-user:${user.id}`) < 60 ? v2 : v1);
    }
  });

  it('gives members and testers the new version first when asked, whatever the percentage', async () => {
    // A developer whose own bucket is outside 60 % still gets it with support_debuger_first.
    expect(
      (await w.wx('/wxa/grayrelease', { gray_percentage: 70, support_debuger_first: true })).errcode,
    ).toBe(0);
    expect((await launch(w.dev)).versionId).toBe(v2);
    expect(
      (await w.wx('/wxa/grayrelease', { gray_percentage: 80, support_experiencer_first: true })).errcode,
    ).toBe(0);
    expect(await plan()).toMatchObject({ support_experiencer_first: true, support_debuger_first: false });
    expect((await launch(tester)).versionId).toBe(v2);
    // Without the flag the tester is an ordinary user again.
    expect((await w.wx('/wxa/grayrelease', { gray_percentage: 81 })).errcode).toBe(0);
    expect((await launch(tester)).versionId).toBe(
      grayBucket(w.app.appid, `account:${testerId}`) < 81 ? v2 : v1,
    );
  });

  it('reverts the phased release: everyone back on the release, plan status 4, rollback allowed again', async () => {
    expect((await w.wx('/wxa/revertgrayrelease')).errcode).toBe(0);
    expect((await plan()).status).toBe(4);
    for (const user of users) expect((await launch(user.client)).versionId).toBe(v1);
    expect((await launch(w.dev)).versionId).toBe(v1);
    expect((await w.wx('/wxa/revertgrayrelease')).errcode).toBe(85021);
    // No previous release yet (v1 was the first): 87012 now, not 87011.
    expect((await w.wx('/wxa/revertcoderelease')).errcode).toBe(87012);
  });

  it('starts again and completes with /wxa/release: plan status 3, everyone on the new version', async () => {
    expect(
      (await w.wx('/wxa/grayrelease', { gray_percentage: 0, support_debuger_first: true })).errcode,
    ).toBe(0);
    expect((await launch(w.dev)).versionId).toBe(v2);
    for (const user of users) expect((await launch(user.client)).versionId).toBe(v1);
    expect((await w.wx('/wxa/release', {})).errcode).toBe(0);
    expect(await plan()).toMatchObject({ status: 3, gray_percentage: 100 });
    for (const user of users) expect((await launch(user.client)).versionId).toBe(v2);
    expect((await launch(anonymous())).versionId).toBe(v2);
    expect((await w.wx('/wxa/grayrelease', { gray_percentage: 20 })).errcode).toBe(85052);
    // A rollback goes back to the release the phased one started from.
    expect((await w.wx('/wxa/revertcoderelease')).errcode).toBe(0);
    expect((await launch(anonymous())).versionId).toBe(v1);
  });

  it('completes a plan raised to 100 %, through the native face, and refuses a stale revision', async () => {
    const v3 = (await w.upload('3.0.0', sampleFiles('three'))).body.id;
    await submitAndApprove();
    const overview = (await w.dev.get(`/api/v1/code/${w.app.appid}/overview`)).body;
    expect(overview.latestAudit).toMatchObject({ status: 0, userVersion: '3.0.0' });
    const started = await w.dev.post(`/api/v1/code/${w.app.appid}/gray-release`, {
      grayPercentage: 10,
      revision: overview.revision,
    });
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ status: 1, grayPercentage: 10, versionId: v3 });
    // A second tab that loaded the page before the start acts on a revision that is gone.
    const stale = await w.dev.post(`/api/v1/code/${w.app.appid}/gray-release`, {
      grayPercentage: 50,
      revision: overview.revision,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('code_conflict');
    const fresh = (await w.dev.get(`/api/v1/code/${w.app.appid}/overview`)).body;
    expect(fresh.grayPlan).toMatchObject({ status: 1, grayPercentage: 10 });
    // No rollback offered while a phased release runs.
    expect(fresh.canRevert).toBe(false);
    const done = await w.dev.post(`/api/v1/code/${w.app.appid}/gray-release`, {
      grayPercentage: 100,
      revision: fresh.revision,
    });
    expect(done.body).toMatchObject({ status: 3, grayPercentage: 100 });
    expect((await launch(anonymous())).versionId).toBe(v3);
    const after = (await w.dev.get(`/api/v1/code/${w.app.appid}/overview`)).body;
    expect(after.releasedVersionId).toBe(v3);
    expect(after.grayPlans.map((p: { statusName: string }) => p.statusName)).toEqual([
      'completed',
      'completed',
      'deleted',
    ]);
    // Others cannot read or drive another developer's phased release.
    const stranger = (await person(server)).client;
    expect((await stranger.get(`/api/v1/code/${w.app.appid}/gray-release`)).status).toBe(404);
    expect(
      (await stranger.post(`/api/v1/code/${w.app.appid}/gray-release`, { grayPercentage: 5 })).status,
    ).toBe(404);
  });
});
