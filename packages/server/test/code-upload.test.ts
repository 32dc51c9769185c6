import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renameInZip } from '../src/features/code/package/zip-fixtures.ts';
import { type CodeWorld, codeWorld, person, sampleFiles, uploadZip, zipOf } from './code-world.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';

/** Blobs stored so far: files in the data folder on SQLite, rows on PostgreSQL (the shared store). */
async function blobCount(server: TestServer): Promise<number> {
  if (server.ctx.blobs.kind !== 'data-folder') {
    const row = await server.ctx.store.db
      .selectFrom('blobs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
  const root = join(server.ctx.config.dataDir, 'blobs');
  return readdirSync(root)
    .filter((name) => name !== 'tmp')
    .reduce((sum, folder) => sum + readdirSync(join(root, folder)).length, 0);
}

describe.each(dialects)('code upload on %s', (dialect) => {
  let server: TestServer;
  let w: CodeWorld;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    w = await codeWorld(server, '上传');
  });
  afterAll(() => server.close());

  it('stores an upload as a development version and moves the app to developing', async () => {
    const before = await w.dev.get(`/api/v1/miniprograms/${w.app.id}`);
    expect(before.body.status).toBe('details_complete');
    const uploaded = await w.upload('1.0.0');
    expect(uploaded.status).toBe(201);
    expect(uploaded.body).toMatchObject({
      seq: 1,
      userVersion: '1.0.0',
      userDesc: 'd-1.0.0',
      isTrial: false,
    });
    expect(uploaded.body.pages).toEqual(['pages/index/index', 'pages/form/form']);
    expect(uploaded.body.versionHash).toMatch(/^[0-9a-f]{64}$/);
    const after = await w.dev.get(`/api/v1/miniprograms/${w.app.id}`);
    expect(after.body.status).toBe('developing');
  });

  it('stores a file shared by two versions once (content-addressed)', async () => {
    const before = await blobCount(server);
    const files = { ...sampleFiles('1.0.0'), 'pages/form/form.wxss': '.x { color: blue; }' };
    const second = await w.upload('1.0.1', files);
    expect(second.status).toBe(201);
    expect(second.body.seq).toBe(2);
    const added = (await blobCount(server)) - before;
    // Only the changed source file is new, plus whatever the runtime's build derives from it.
    const version = await w.dev.get(`/api/v1/code/${w.app.appid}/versions/${second.body.id}`);
    expect(added).toBeGreaterThanOrEqual(1);
    expect(added).toBeLessThan(version.body.files.length);
  });

  it('lists versions newest first and lets the owner pick the trial version', async () => {
    const list = await w.dev.get(`/api/v1/code/${w.app.appid}/versions`);
    expect(list.body.map((v: { userVersion: string }) => v.userVersion)).toEqual(['1.0.1', '1.0.0']);
    const first = list.body[1].id;
    expect((await w.dev.put(`/api/v1/code/${w.app.appid}/trial`, { versionId: first })).status).toBe(200);
    const again = await w.dev.get(`/api/v1/code/${w.app.appid}/versions`);
    expect(again.body[1].isTrial).toBe(true);
    expect((await w.dev.put(`/api/v1/code/${w.app.appid}/trial`, { versionId: 'ver_nope' })).status).toBe(
      404,
    );
  });

  const refusals: Array<[string, () => Promise<Buffer>, number, string, string]> = [
    [
      'a malformed zip',
      async () => Buffer.from('PK\u0003\u0004 not really a zip'),
      422,
      'package_invalid',
      'zip_malformed',
    ],
    [
      'a path escape',
      async () =>
        renameInZip(await zipOf({ ...sampleFiles(), 'zz/evil.js': 'x' }), 'zz/evil.js', '../evil.js'),
      422,
      'package_invalid',
      'path_not_allowed',
    ],
    [
      'a missing page',
      () => {
        const files = sampleFiles();
        delete (files as Record<string, string>)['pages/form/form.wxml'];
        return zipOf(files);
      },
      422,
      'package_invalid',
      'page_missing_wxml',
    ],
    [
      'no pages',
      () => zipOf({ ...sampleFiles(), 'app.json': '{"pages":[]}' }),
      422,
      'package_no_pages',
      'app_json_no_pages',
    ],
    [
      'a file type off the allow-list',
      () => zipOf({ ...sampleFiles(), 'pages/index/run.sh': 'rm -rf /' }),
      422,
      'package_invalid',
      'file_type_not_allowed',
    ],
  ];

  it.each(refusals)(
    'refuses %s, names the file and rule, and stores nothing',
    async (_name, make, status, code, rule) => {
      const versionsBefore = (await w.dev.get(`/api/v1/code/${w.app.appid}/versions`)).body.length;
      const response = await uploadZip(server, w.app.appid, '9.9.9', await make(), { bearer: w.devToken });
      expect(response.status).toBe(status);
      expect(response.body.error.code).toBe(code);
      expect(response.body.error.message).toContain(`[${rule}]`);
      expect(response.body.error.field).toBeTruthy();
      expect((await w.dev.get(`/api/v1/code/${w.app.appid}/versions`)).body.length).toBe(versionsBefore);
    },
  );

  it('refuses an oversize package under the operator limit (85044 on the error catalogue)', async () => {
    await server.ctx.settings.set('code.mainPackageBytes', 4096);
    try {
      const big = { ...sampleFiles(), 'images/big.png': new Uint8Array(8192).fill(7) };
      const response = await uploadZip(server, w.app.appid, '9.9.9', await zipOf(big), {
        bearer: w.devToken,
      });
      expect(response.status).toBe(413);
      expect(response.body.error.code).toBe('package_too_large');
      expect(response.body.error.message).toContain('main_package_too_large');
    } finally {
      await server.ctx.settings.set('code.mainPackageBytes', 2 * 1024 * 1024);
    }
  });

  it('refuses a bad version string', async () => {
    const response = await uploadZip(server, w.app.appid, '..%2F1', await zipOf(sampleFiles()), {
      bearer: w.devToken,
    });
    expect(response.status).toBe(400);
    expect(response.body.error.field).toBe('version');
  });

  it('uploads with an upload key (shown once, stored hashed), honouring its IP allow-list', async () => {
    const created = await w.dev.post(`/api/v1/code/${w.app.appid}/upload-keys`, { label: 'ci' });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^wuk_/);
    const listed = await w.dev.get(`/api/v1/code/${w.app.appid}/upload-keys`);
    expect(listed.body[0]).not.toHaveProperty('key');
    const zip = await zipOf(sampleFiles('k'));
    const ok = await uploadZip(server, w.app.appid, '2.0.0', zip, { key: created.body.key });
    expect(ok.status).toBe(201);
    expect(ok.body.uploader).toBe(`key:${created.body.id}`);

    const wrong = await uploadZip(server, w.app.appid, '2.0.1', zip, { key: 'wuk_wrong' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('upload_key_invalid');

    const fenced = await w.dev.post(`/api/v1/code/${w.app.appid}/upload-keys`, { ipAllowlist: ['10.1.2.3'] });
    const blocked = await uploadZip(server, w.app.appid, '2.0.1', zip, { key: fenced.body.key });
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('upload_key_ip');

    expect((await w.dev.delete(`/api/v1/code/${w.app.appid}/upload-keys/${created.body.id}`)).status).toBe(
      200,
    );
    const revoked = await uploadZip(server, w.app.appid, '2.0.2', zip, { key: created.body.key });
    expect(revoked.status).toBe(401);
  });

  it("refuses another developer's upload and upload key to an app they do not own", async () => {
    const other = await person(server);
    const response = await uploadZip(server, w.app.appid, '3.0.0', await zipOf(sampleFiles()), {
      bearer: other.token,
    });
    expect(response.status).toBe(404);
    expect((await other.client.post(`/api/v1/code/${w.app.appid}/upload-keys`, {})).status).toBe(404);
    expect((await other.client.get(`/api/v1/code/${w.app.appid}/versions`)).status).toBe(404);
  });

  it('refuses an upload before the details are complete (86002)', async () => {
    const created = await w.dev.post('/api/v1/miniprograms', {
      subjectId: (await w.dev.get(`/api/v1/miniprograms/${w.app.id}`)).body.subjectId,
    });
    const response = await uploadZip(server, created.body.appid, '1.0.0', await zipOf(sampleFiles()), {
      bearer: w.devToken,
    });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('details_incomplete');
  });
});
