import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from './client.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import {
  adminClient,
  creditCode,
  idNumber,
  individualCategory,
  newDeveloper,
  PNG_ICON,
  registeredApp,
  verifiedIndividual,
} from './world.ts';

describe.each(dialects)('mini program registration, quotas and categories on %s', (dialect) => {
  let server: TestServer;
  let admin: ApiClient;
  let serial = 500;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await adminClient(server.url, (email) =>
      server.ctx.accounts.createUser({ email, password: 'password-123', role: 'admin' }),
    );
  });
  afterAll(() => server.close());

  const create = (client: ApiClient, subjectId: string) => client.post('/api/v1/miniprograms', { subjectId });

  it('gives an AppID and an original id at registration, and the AppSecret once when details are complete', async () => {
    const dev = await newDeveloper(server.url);
    const subject = await verifiedIndividual(dev, idNumber(serial++), '刘一');
    const created = await create(dev, subject.id);
    expect(created.status).toBe(201);
    expect(created.body.appid).toMatch(/^wx[0-9a-f]{16}$/);
    expect(created.body.originalId).toMatch(/^gh_[0-9a-f]{12}$/);
    expect(created.body.status).toBe('registered');

    const partial = await dev.patch(`/api/v1/miniprograms/${created.body.id}`, {
      name: '刘一的工具',
      intro: '简单好用的工具',
    });
    expect(partial.body.secret).toBeUndefined();
    expect(partial.body.app.status).toBe('registered');

    const complete = await dev.patch(`/api/v1/miniprograms/${created.body.id}`, {
      icon: PNG_ICON,
      categories: [await individualCategory(dev)],
    });
    expect(complete.body.app.status).toBe('details_complete');
    expect(complete.body.secret).toMatch(/^[0-9a-f]{32}$/);

    const again = await dev.patch(`/api/v1/miniprograms/${created.body.id}`, { intro: '更新后的简介' });
    expect(again.body.secret).toBeUndefined();
    expect((await dev.get(`/api/v1/miniprograms/${created.body.id}`)).body).not.toHaveProperty('secret');
  });

  it('refuses a mini program before the subject is verified', async () => {
    const dev = await newDeveloper(server.url);
    const org = await dev.post('/api/v1/subjects', {
      type: 'enterprise',
      name: '待审公司',
      idNumber: creditCode(serial++),
    });
    const refused = await create(dev, org.body.id);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('subject_not_verified');
  });

  it('keeps names unique on the platform', async () => {
    const a = await newDeveloper(server.url);
    const b = await newDeveloper(server.url);
    const sa = await verifiedIndividual(a, idNumber(serial++), '甲');
    const sb = await verifiedIndividual(b, idNumber(serial++), '乙');
    await registeredApp(a, sa.id, '独一无二');
    const other = await create(b, sb.id);
    const taken = await b.patch(`/api/v1/miniprograms/${other.body.id}`, { name: '独一无二' });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({ code: 'name_taken', field: 'name' });
  });

  it('allows five individual mini programs per person and refuses the sixth, saying which quota', async () => {
    const dev = await newDeveloper(server.url);
    const subject = await verifiedIndividual(dev, idNumber(serial++), '配额甲');
    for (let i = 0; i < 5; i++) expect((await create(dev, subject.id)).status).toBe(201);
    const sixth = await create(dev, subject.id);
    expect(sixth.status).toBe(409);
    expect(sixth.body.error.code).toBe('quota_exceeded');
    expect(sixth.body.error.message).toContain('allows 5, 5 used');
    expect(sixth.body.error.messageZh).toContain('已使用 5');
    expect((await dev.get('/api/v1/miniprograms')).body).toHaveLength(5);
  });

  it('refuses a sixth mini program for the same ID number across two accounts', async () => {
    const id = idNumber(serial++);
    const first = await newDeveloper(server.url);
    const s1 = await verifiedIndividual(first, id, '配额乙');
    for (let i = 0; i < 3; i++) expect((await create(first, s1.id)).status).toBe(201);
    const second = await newDeveloper(server.url);
    // A second account with the same number needs an admin's review; approved, it shares the quota.
    const pending = await second.post('/api/v1/subjects', {
      type: 'individual',
      name: '配额乙',
      idNumber: id,
    });
    expect(pending.body.status).toBe('pending');
    const s2 = (await admin.post(`/api/v1/admin/subjects/${pending.body.id}/approve`)).body;
    expect(s2.status).toBe('verified');
    expect((await create(second, s2.id)).status).toBe(201);
    expect((await create(second, s2.id)).status).toBe(201);
    const sixth = await create(second, s2.id);
    expect(sixth.status).toBe(409);
    expect(sixth.body.error.code).toBe('quota_exceeded');
  });

  it('refuses a sixth mini program on the same account with a second ID number', async () => {
    const dev = await newDeveloper(server.url);
    const s1 = await verifiedIndividual(dev, idNumber(serial++), '配额丙');
    for (let i = 0; i < 5; i++) expect((await create(dev, s1.id)).status).toBe(201);
    const s2 = await verifiedIndividual(dev, idNumber(serial++), '配额丁');
    const sixth = await create(dev, s2.id);
    expect(sixth.status).toBe(409);
    expect(sixth.body.error.code).toBe('quota_exceeded');
  });

  it('counts organisations apart from individuals, with an operator-set quota', async () => {
    const dev = await newDeveloper(server.url);
    const person = await verifiedIndividual(dev, idNumber(serial++), '双重身份');
    for (let i = 0; i < 5; i++) await create(dev, person.id);
    const org = await dev.post('/api/v1/subjects', {
      type: 'enterprise',
      name: '配额公司',
      idNumber: creditCode(serial++),
    });
    await admin.post(`/api/v1/admin/subjects/${org.body.id}/approve`);
    expect((await create(dev, org.body.id)).status).toBe(201);

    expect(
      (await admin.put('/api/v1/admin/settings/quota.organisationMiniPrograms', { value: 2 })).status,
    ).toBe(200);
    server.clock.advance(6_000); // past the settings cache
    expect((await create(dev, org.body.id)).status).toBe(201);
    const third = await create(dev, org.body.id);
    expect(third.status).toBe(409);
    expect(third.body.error.message).toContain('allows 2, 2 used');
    await admin.put('/api/v1/admin/settings/quota.organisationMiniPrograms', { value: 50 });
    server.clock.advance(6_000);
  });

  it('lets only admins change settings, and only to values of the right type', async () => {
    const dev = await newDeveloper(server.url);
    expect((await dev.put('/api/v1/admin/settings/quota.individualMiniPrograms', { value: 99 })).status).toBe(
      403,
    );
    const wrong = await admin.put('/api/v1/admin/settings/quota.individualMiniPrograms', { value: 'many' });
    expect(wrong.status).toBe(400);
    const unknown = await admin.put('/api/v1/admin/settings/no.such.setting', { value: 1 });
    expect(unknown.status).toBe(404);
  });

  it('limits individuals to the nine categories open to them', async () => {
    const tree = (await admin.get('/api/v1/categories')).body as Array<{
      id: number;
      name: string;
      openToIndividual: boolean;
      children: Array<{ id: number; name: string }>;
    }>;
    expect(tree.filter((c) => c.openToIndividual).map((c) => c.name)).toEqual([
      '生活服务',
      '工具',
      '旅游',
      '出行与交通',
      '餐饮',
      '商业服务',
      '体育',
      '快递业与邮政',
      '教育',
    ]);
    const social = tree.find((c) => c.name === '社交')!;
    const dev = await newDeveloper(server.url);
    const subject = await verifiedIndividual(dev, idNumber(serial++), '类目甲');
    const app = await create(dev, subject.id);
    const refused = await dev.patch(`/api/v1/miniprograms/${app.body.id}`, {
      categories: [{ firstId: social.id, secondId: social.children[0]!.id }],
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('category_not_open');
    expect(refused.body.error.messageZh).toContain('社交');

    const org = await dev.post('/api/v1/subjects', {
      type: 'enterprise',
      name: '社交公司',
      idNumber: creditCode(serial++),
    });
    await admin.post(`/api/v1/admin/subjects/${org.body.id}/approve`);
    const orgApp = await create(dev, org.body.id);
    const notes = social.children.find((c) => c.name === '笔记')!;
    const allowed = await dev.patch(`/api/v1/miniprograms/${orgApp.body.id}`, {
      categories: [{ firstId: social.id, secondId: notes.id }],
    });
    expect(allowed.status).toBe(200);
    expect(allowed.body.app.categories[0].firstClass).toBe('社交');
  });

  it('requires 1 to 5 real category pairs', async () => {
    const dev = await newDeveloper(server.url);
    const subject = await verifiedIndividual(dev, idNumber(serial++), '类目乙');
    const app = await create(dev, subject.id);
    const tools = await individualCategory(dev);
    const none = await dev.patch(`/api/v1/miniprograms/${app.body.id}`, { categories: [] });
    expect(none.body.error.code).toBe('category_count');
    const tree = (await dev.get('/api/v1/categories')).body as Array<{
      id: number;
      children: Array<{ id: number }>;
    }>;
    const six = tree.slice(0, 6).map((c) => ({ firstId: c.id, secondId: c.children[0]!.id }));
    expect(
      (await dev.patch(`/api/v1/miniprograms/${app.body.id}`, { categories: six })).body.error.code,
    ).toBe('category_count');
    const mismatched = await dev.patch(`/api/v1/miniprograms/${app.body.id}`, {
      categories: [{ firstId: tools.firstId, secondId: tree[0]!.children[0]!.id }],
    });
    expect(mismatched.body.error.code).toBe('category_unknown');
  });

  it('lets admins edit the tree, and a new open category becomes usable', async () => {
    const first = await admin.post('/api/v1/admin/categories', { name: '宠物', openToIndividual: true });
    expect(first.status).toBe(201);
    const second = await admin.post('/api/v1/admin/categories', {
      parentId: first.body.id,
      name: '宠物领养',
    });
    const dev = await newDeveloper(server.url);
    const subject = await verifiedIndividual(dev, idNumber(serial++), '类目丙');
    const app = await create(dev, subject.id);
    const chosen = await dev.patch(`/api/v1/miniprograms/${app.body.id}`, {
      categories: [{ firstId: first.body.id, secondId: second.body.id }],
    });
    expect(chosen.body.app.categories[0]).toMatchObject({ firstClass: '宠物', secondClass: '宠物领养' });
    expect((await admin.delete(`/api/v1/admin/categories/${second.body.id}`)).status).toBe(409);
    expect((await dev.post('/api/v1/admin/categories', { name: '偷偷加' })).status).toBe(403);
    await admin.patch(`/api/v1/admin/categories/${first.body.id}`, { openToIndividual: false });
    const closed = await dev.patch(`/api/v1/miniprograms/${app.body.id}`, {
      categories: [{ firstId: first.body.id, secondId: second.body.id }],
    });
    expect(closed.body.error.code).toBe('category_not_open');
  });

  it('lets the owner add developers and testers (who accept), who can see the app but not change it', async () => {
    const owner = await newDeveloper(server.url, 'owner');
    const subject = await verifiedIndividual(owner, idNumber(serial++), '成员甲');
    const { app } = await registeredApp(owner, subject.id, '成员测试');
    const tester = await newDeveloper(server.url, 'tester');
    const me = (await tester.get('/api/v1/me')).body.user;
    expect(
      (await owner.post(`/api/v1/miniprograms/${app.id}/invitations`, { email: me.email, role: 'tester' }))
        .status,
    ).toBe(201);
    const [invitation] = (await tester.get('/api/v1/invitations')).body;
    expect((await tester.post(`/api/v1/invitations/${invitation.id}/accept`)).status).toBe(200);
    expect((await tester.get(`/api/v1/miniprograms/${app.id}`)).status).toBe(200);
    expect((await tester.patch(`/api/v1/miniprograms/${app.id}`, { intro: '测试者改简介' })).status).toBe(
      404,
    );
    const members = await owner.get(`/api/v1/miniprograms/${app.id}/members`);
    expect(members.body).toEqual([expect.objectContaining({ email: me.email, role: 'tester' })]);
    expect((await owner.delete(`/api/v1/miniprograms/${app.id}/members/${me.id}/tester`)).status).toBe(200);
    expect((await tester.get(`/api/v1/miniprograms/${app.id}`)).status).toBe(404);
  });

  it('makes exactly five of many concurrent registrations for one person win', async () => {
    const dev = await newDeveloper(server.url);
    const subject = await verifiedIndividual(dev, idNumber(serial++), '并发甲');
    const results = await Promise.all(Array.from({ length: 8 }, () => create(dev, subject.id)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(5);
    expect(results.filter((r) => r.status === 409)).toHaveLength(3);
  });

  it('requires a qualification document for a category that needs one, and keeps it on later edits', async () => {
    const tree = (await admin.get('/api/v1/categories')).body as Array<{
      id: number;
      name: string;
      children: Array<{ id: number; name: string; needsQualification: boolean }>;
    }>;
    const education = tree.find((c) => c.name === '教育')!;
    const video = education.children.find((c) => c.name === '在线视频课程')!;
    expect(video.needsQualification).toBe(true);
    const dev = await newDeveloper(server.url);
    const subject = await verifiedIndividual(dev, idNumber(serial++), '资质甲');
    const app = await create(dev, subject.id);
    const choice = { firstId: education.id, secondId: video.id };

    const missing = await dev.patch(`/api/v1/miniprograms/${app.body.id}`, { categories: [choice] });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: 'qualification_required', field: 'categories' });
    expect(missing.body.error.messageZh).toContain('在线视频课程');

    const fake = `data:application/pdf;base64,${Buffer.from('just text').toString('base64')}`;
    const refused = await dev.patch(`/api/v1/miniprograms/${app.body.id}`, {
      categories: [{ ...choice, qualification: fake }],
    });
    expect(refused.status).toBe(400);
    expect((await dev.get(`/api/v1/miniprograms/${app.body.id}`)).body.categories).toEqual([]);

    const pdf = `data:application/pdf;base64,${Buffer.from('%PDF-1.4\n% license\n').toString('base64')}`;
    const accepted = await dev.patch(`/api/v1/miniprograms/${app.body.id}`, {
      categories: [{ ...choice, qualification: pdf }],
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body.app.categories[0]).toMatchObject({
      secondClass: '在线视频课程',
      qualificationProvided: true,
    });
    const tools = await individualCategory(dev);
    const kept = await dev.patch(`/api/v1/miniprograms/${app.body.id}`, { categories: [choice, tools] });
    expect(kept.status).toBe(200);
    expect(
      kept.body.app.categories.map((c: { qualificationProvided: boolean }) => c.qualificationProvided).sort(),
    ).toEqual([false, true]);
  });

  it('lets several admins add categories at once, every one getting its own id', async () => {
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => admin.post('/api/v1/admin/categories', { name: `并发类目${i}` })),
    );
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201, 201]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(6);
  });
});
