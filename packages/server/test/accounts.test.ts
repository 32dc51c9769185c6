import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './client.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { adminClient, creditCode, idNumber, newDeveloper } from './world.ts';

describe.each(dialects)('accounts and identity on %s', (dialect) => {
  let server: TestServer;
  let admin: ApiClient;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await adminClient(server.url, (email) =>
      server.ctx.accounts.createUser({ email, password: 'password-123', role: 'admin' }),
    );
  });
  afterAll(() => server.close());

  it('signs up, signs in with a cookie, and answers /me', async () => {
    const client = new ApiClient(server.url);
    const signup = await client.post('/api/v1/auth/signup', {
      email: 'Ann@Example.com',
      password: 'password-123',
    });
    expect(signup.status).toBe(201);
    expect(signup.body).toMatchObject({ email: 'ann@example.com', role: 'developer' });
    await client.signIn('ann@example.com', 'password-123');
    const me = await client.get('/api/v1/me');
    expect(me.body.user.email).toBe('ann@example.com');
  });

  it('refuses a second account with the same email, whatever its case', async () => {
    const client = new ApiClient(server.url);
    await client.post('/api/v1/auth/signup', { email: 'dup@example.com', password: 'password-123' });
    const again = await client.post('/api/v1/auth/signup', {
      email: 'DUP@example.com',
      password: 'password-456',
    });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'email_taken', field: 'email' });
    expect(again.body.error.messageZh).toContain('已注册');
  });

  it('refuses a wrong password without saying which part was wrong', async () => {
    const response = await new ApiClient(server.url).post('/api/v1/auth/signin', {
      email: 'ann@example.com',
      password: 'nope-nope',
    });
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('invalid_credentials');
  });

  it('requires the CSRF header for cookie-authenticated writes, but not for bearer tokens', async () => {
    const client = await newDeveloper(server.url);
    const noCsrf = await client
      .withoutCsrf()
      .post('/api/v1/subjects', { type: 'individual', name: '王五', idNumber: idNumber(11) });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.error.code).toBe('csrf_failed');

    const email = `bearer-${Date.now()}@example.com`;
    await new ApiClient(server.url).post('/api/v1/auth/signup', { email, password: 'password-123' });
    const signin = await new ApiClient(server.url).post('/api/v1/auth/signin', {
      email,
      password: 'password-123',
    });
    const bearer = new ApiClient(server.url, signin.body.token);
    const created = await bearer.post('/api/v1/subjects', {
      type: 'individual',
      name: '王五',
      idNumber: idNumber(11),
    });
    expect(created.status).toBe(201);
  });

  it('refuses unauthenticated calls', async () => {
    const response = await new ApiClient(server.url).get('/api/v1/miniprograms');
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('unauthenticated');
  });

  it('verifies an individual at once when the ID number passes GB 11643, and masks it in answers', async () => {
    const client = await newDeveloper(server.url);
    const response = await client.post('/api/v1/subjects', {
      type: 'individual',
      name: '赵六',
      idNumber: idNumber(21),
    });
    expect(response.status).toBe(201);
    expect(response.body.status).toBe('verified');
    expect(response.body.idNumber).toMatch(/^1\*{16}.$/);
  });

  it.each([
    ['a wrong check character', '110105199001010211'],
    ['a date that does not exist', '11010519900230021X'],
    ['an unknown province', '990105199001010210'],
    ['the wrong length', '1101051990'],
  ])('refuses an ID number with %s and stores nothing', async (_label, id) => {
    const client = await newDeveloper(server.url);
    const response = await client.post('/api/v1/subjects', {
      type: 'individual',
      name: '钱七',
      idNumber: id,
    });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'id_number_invalid', field: 'idNumber' });
    expect((await client.get('/api/v1/subjects')).body).toEqual([]);
  });

  it('lets one ID number verify only one person', async () => {
    const id = idNumber(31);
    const first = await newDeveloper(server.url);
    expect(
      (await first.post('/api/v1/subjects', { type: 'individual', name: '孙八', idNumber: id })).body.status,
    ).toBe('verified');
    const impostor = await newDeveloper(server.url);
    const refused = await impostor.post('/api/v1/subjects', {
      type: 'individual',
      name: '周九',
      idNumber: id,
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('id_number_taken');
    // The same person on a second account is still the same person, once an admin has
    // reviewed it (one identity binds one account unless reviewed).
    const secondAccount = await newDeveloper(server.url);
    const same = await secondAccount.post('/api/v1/subjects', {
      type: 'individual',
      name: '孙八',
      idNumber: id,
    });
    expect(same.status).toBe(201);
    expect(same.body.status).toBe('pending');
    const reviewed = await admin.post(`/api/v1/admin/subjects/${same.body.id}/approve`);
    expect(reviewed.body.status).toBe('verified');
  });

  it('checks an organisation credit code by GB 32100, then waits for an admin', async () => {
    const client = await newDeveloper(server.url);
    const bad = await client.post('/api/v1/subjects', {
      type: 'enterprise',
      name: '坏公司',
      idNumber: '91350100M000100Y44',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('credit_code_invalid');

    const submitted = await client.post('/api/v1/subjects', {
      type: 'enterprise',
      name: '好公司',
      idNumber: creditCode(1),
    });
    expect(submitted.body.status).toBe('pending');
    const notAdmin = await client.post(`/api/v1/admin/subjects/${submitted.body.id}/approve`);
    expect(notAdmin.status).toBe(403);

    const queue = await admin.get('/api/v1/admin/subjects?status=pending');
    expect(queue.body.map((s: { id: string }) => s.id)).toContain(submitted.body.id);
    const approved = await admin.post(`/api/v1/admin/subjects/${submitted.body.id}/approve`);
    expect(approved.body.status).toBe('verified');
    const twice = await admin.post(`/api/v1/admin/subjects/${submitted.body.id}/reject`, { reason: 'late' });
    expect(twice.status).toBe(409);
  });

  it('lets an admin reject an organisation with a reason', async () => {
    const client = await newDeveloper(server.url);
    const submitted = await client.post('/api/v1/subjects', {
      type: 'media',
      name: '某媒体',
      idNumber: creditCode(2),
    });
    const rejected = await admin.post(`/api/v1/admin/subjects/${submitted.body.id}/reject`, {
      reason: '材料不全',
    });
    expect(rejected.body).toMatchObject({ status: 'rejected', reason: '材料不全' });
  });
});
