import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idCheckCharacter } from '../src/features/identity/id-number.ts';
import { ApiClient } from './client.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { idNumber, newDeveloper, registeredApp } from './world.ts';

/** 李明's number, printed by the demo seed for anyone to read. */
const LI_MING = `11010519900307123${idCheckCharacter('11010519900307123')}`;

describe.each(dialects)('one identity, one account, on %s', (dialect) => {
  let server: TestServer;
  let admin: ApiClient;
  let serial = 700;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await newDeveloper(server.url, 'admin');
    const me = (await admin.get('/api/v1/me')).body.user;
    await server.ctx.accounts.setRole(me.id, 'admin');
    admin = await new ApiClient(server.url).signIn(me.email, 'password-123');
  });
  afterAll(() => server.close());

  const submit = (client: ApiClient, name: string, id: string) =>
    client.post('/api/v1/subjects', { type: 'individual', name, idNumber: id });
  const userId = async (client: ApiClient) => (await client.get('/api/v1/me')).body.user.id as string;

  it("sends another account's submission of a verified ID number to an admin, saying why in both languages", async () => {
    const liMing = await newDeveloper(server.url);
    expect((await submit(liMing, '李明', LI_MING)).body.status).toBe('verified');

    const other = await newDeveloper(server.url);
    const copied = await submit(other, '李明', LI_MING);
    expect(copied.status).toBe(201);
    expect(copied.body.status).toBe('pending');
    expect(copied.body.notice).toEqual({
      code: 'id_number_needs_review',
      message: expect.stringContaining('already verified on another account'),
      messageZh: expect.stringContaining('已在其他账号完成实名认证'),
    });
    expect(copied.body.reason).toBe(copied.body.notice.message);
    expect((await other.get('/api/v1/subjects')).body).toEqual([copied.body]);

    // It cannot use his quota: registering a mini program is refused, with the same reason.
    const refused = await other.post('/api/v1/miniprograms', { subjectId: copied.body.id });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'id_number_needs_review', field: 'subjectId' });
    expect(refused.body.error.messageZh).toContain('人工审核');

    // The admin's queue shows it, with the account that already holds the number.
    const queue = (await admin.get('/api/v1/admin/subjects?status=pending')).body;
    const entry = queue.find((s: { id: string }) => s.id === copied.body.id);
    expect(entry).toMatchObject({ fullIdNumber: LI_MING, verifiedOnAccounts: [await userId(liMing)] });

    const rejected = await admin.post(`/api/v1/admin/subjects/${copied.body.id}/reject`, {
      reason: '不是本人',
    });
    expect(rejected.body).toMatchObject({ status: 'rejected', reason: '不是本人', notice: null });
    expect((await other.post('/api/v1/miniprograms', { subjectId: copied.body.id })).status).toBe(409);
  });

  it("verifies the second account once an admin approves the review, and it then shares the person's quota", async () => {
    const id = idNumber(serial++);
    const first = await newDeveloper(server.url);
    const own = await submit(first, '赵一', id);
    for (let i = 0; i < 4; i++) await registeredApp(first, own.body.id, `身份配额${serial}-${i}`);
    const second = await newDeveloper(server.url);
    const pending = await submit(second, '赵一', id);
    expect(pending.body.status).toBe('pending');
    const approved = await admin.post(`/api/v1/admin/subjects/${pending.body.id}/approve`);
    expect(approved.body).toMatchObject({ status: 'verified', reason: null, notice: null });
    expect((await second.post('/api/v1/miniprograms', { subjectId: pending.body.id })).status).toBe(201);
    const sixth = await second.post('/api/v1/miniprograms', { subjectId: pending.body.id });
    expect(sixth.body.error.code).toBe('quota_exceeded');
  });

  it('verifies at once the same account submitting its own number again', async () => {
    const id = idNumber(serial++);
    const dev = await newDeveloper(server.url);
    expect((await submit(dev, '钱二', id)).body.status).toBe('verified');
    expect((await submit(dev, '钱二', id)).body).toMatchObject({ status: 'verified', notice: null });
  });

  it('still refuses another name for a verified number, before any review', async () => {
    const impostor = await newDeveloper(server.url);
    const refused = await submit(impostor, '王五', LI_MING);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('id_number_taken');
  });

  it('lets exactly one of several accounts submitting a new number at once hold it without review', async () => {
    const id = idNumber(serial++);
    const accounts = await Promise.all([1, 2, 3, 4].map(() => newDeveloper(server.url)));
    const answers = await Promise.all(accounts.map((client) => submit(client, '孙三', id)));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201]);
    const statuses = answers.map((a) => a.body.status).sort();
    expect(statuses).toEqual(['pending', 'pending', 'pending', 'verified']);
  });
});
