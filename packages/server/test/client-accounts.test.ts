import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './client.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';

describe.each(dialects)('end-user accounts of the client on %s', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(dialect);
  });
  afterAll(() => server.close());

  it('signs an end user up and in, and answers /client/me with the client cookie only', async () => {
    const client = new ApiClient(server.url);
    const signup = await client.post('/api/v1/client/signup', {
      username: 'Lin_Mei',
      password: 'password-123',
      nickname: '林梅',
    });
    expect(signup.status).toBe(201);
    expect(signup.body).toMatchObject({ username: 'lin_mei', nickname: '林梅' });
    await client.signInEndUser('lin_mei', 'password-123');
    expect((await client.get('/api/v1/client/me')).body.user).toMatchObject({ username: 'lin_mei' });
    // The client's session is not a developer session.
    expect((await client.get('/api/v1/me')).status).toBe(401);
  });

  it('keeps developer sessions out of the client', async () => {
    const developer = new ApiClient(server.url);
    await developer.post('/api/v1/auth/signup', { email: 'dev-eu@example.com', password: 'password-123' });
    await developer.signIn('dev-eu@example.com', 'password-123');
    expect((await developer.get('/api/v1/client/me')).status).toBe(401);
  });

  it('refuses a taken username, a bad username and unknown fields, creating nothing', async () => {
    const client = new ApiClient(server.url);
    const taken = await client.post('/api/v1/client/signup', {
      username: 'LIN_MEI',
      password: 'password-456',
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({ code: 'username_taken', field: 'username' });
    const bad = await client.post('/api/v1/client/signup', { username: 'a b', password: 'password-456' });
    expect(bad.status).toBe(400);
    const extra = await client.post('/api/v1/client/signup', {
      username: 'sneaky',
      password: 'password-456',
      role: 'admin',
    });
    expect(extra.status).toBe(400);
    expect(
      await server.ctx.store.db
        .selectFrom('end_users')
        .select('id')
        .where('username', '=', 'sneaky')
        .execute(),
    ).toEqual([]);
  });

  it('refuses a wrong password and needs the CSRF header for cookie writes', async () => {
    const wrong = await new ApiClient(server.url).post('/api/v1/client/signin', {
      username: 'lin_mei',
      password: 'nope-nope-nope',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('client_invalid_credentials');
    const client = await new ApiClient(server.url).signInEndUser('lin_mei', 'password-123');
    expect((await client.withoutCsrf().post('/api/v1/client/signout')).status).toBe(403);
    expect((await client.post('/api/v1/client/signout')).status).toBe(200);
    expect((await client.get('/api/v1/client/me')).status).toBe(401);
  });
});
