import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from './client.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import {
  adminClient,
  idNumber,
  individualCategory,
  newDeveloper,
  registeredApp,
  verifiedIndividual,
} from './world.ts';

describe.each(dialects)('disabled categories on %s', (dialect) => {
  let server: TestServer;
  let admin: ApiClient;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await adminClient(server.url, (email) =>
      server.ctx.accounts.createUser({ email, password: 'password-123', role: 'admin' }),
    );
  });
  afterAll(() => server.close());

  it('are refused to new choices, kept by the apps already in them, and offered again once enabled', async () => {
    const dev = await newDeveloper(server.url);
    const subject = await verifiedIndividual(dev, idNumber(41));
    const { app } = await registeredApp(dev, subject.id, '已在类目中');
    const { firstId, secondId } = await individualCategory(dev);

    expect((await admin.patch(`/api/v1/admin/categories/${secondId}`, { disabled: true })).status).toBe(200);
    const tree = (await dev.get('/api/v1/categories')).body as Array<{
      id: number;
      disabled: boolean;
      children: Array<{ id: number; disabled: boolean }>;
    }>;
    const first = tree.find((c) => c.id === firstId)!;
    expect(first.disabled).toBe(false);
    expect(first.children.find((c) => c.id === secondId)!.disabled).toBe(true);

    // A new app cannot choose it, with the category named in both languages.
    const other = (await dev.post('/api/v1/miniprograms', { subjectId: subject.id })).body;
    const refused = await dev.patch(`/api/v1/miniprograms/${other.id}`, {
      categories: [{ firstId, secondId }],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'category_disabled', field: 'categories' });
    expect(refused.body.error.messageZh).toContain('已停用');
    // The app already in it keeps it through an edit of its categories.
    const kept = await dev.patch(`/api/v1/miniprograms/${app.id}`, { categories: [{ firstId, secondId }] });
    expect(kept.status).toBe(200);
    expect((await dev.get(`/api/v1/miniprograms/${app.id}`)).body.categories).toEqual([
      expect.objectContaining({ firstId, secondId }),
    ]);

    // A disabled first level closes all its children.
    expect((await admin.patch(`/api/v1/admin/categories/${secondId}`, { disabled: false })).status).toBe(200);
    expect((await admin.patch(`/api/v1/admin/categories/${firstId}`, { disabled: true })).status).toBe(200);
    const again = await dev.patch(`/api/v1/miniprograms/${other.id}`, {
      categories: [{ firstId, secondId }],
    });
    expect(again.body.error?.code).toBe('category_disabled');
    expect((await admin.patch(`/api/v1/admin/categories/${firstId}`, { disabled: false })).status).toBe(200);
    expect(
      (await dev.patch(`/api/v1/miniprograms/${other.id}`, { categories: [{ firstId, secondId }] })).status,
    ).toBe(200);
    // Only admins change it; unknown fields are refused.
    expect((await dev.patch(`/api/v1/admin/categories/${firstId}`, { disabled: true })).status).toBe(403);
    expect((await admin.patch(`/api/v1/admin/categories/${firstId}`, { hidden: true })).status).toBe(400);
  });
});
