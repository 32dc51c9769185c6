import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './client.ts';
import { type CodeWorld, codeWorld, projectDir, sampleFiles } from './code-world.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../../..');
const wharf = resolve(root, 'packages/cli/bin/wharf.js');
/** The demo's sample project once it is in the repo; a generated one until then. */
const sampleProject = () => {
  const demo = resolve(root, 'examples/demo');
  return existsSync(resolve(demo, 'app.json')) ? demo : projectDir(sampleFiles('e2e'));
};

describe.each(dialects)('wharf upload → submit → approve → release → revert → serve on %s', (dialect) => {
  let server: TestServer;
  let w: CodeWorld;
  let key: string;
  const upload = (version: string, extra: string[] = [], project = sampleProject()) =>
    run(
      process.execPath,
      [
        wharf,
        'upload',
        '--appid',
        w.app.appid,
        '--version',
        version,
        '--desc',
        `e2e ${version}`,
        '--project',
        project,
        '--server',
        server.url,
        ...extra,
      ],
      { env: { ...process.env, WHARF_UPLOAD_KEY: key }, cwd: root },
    );

  beforeAll(async () => {
    server = await startTestServer(dialect);
    w = await codeWorld(server, '端到端');
    key = (await w.dev.post(`/api/v1/code/${w.app.appid}/upload-keys`, { label: 'e2e' })).body.key;
  });
  afterAll(() => server.close());

  it('runs the whole flow with the CLI, plain WeChat calls and the reviewer API', async () => {
    const first = await upload('1.0.0', ['--json']);
    const v1 = JSON.parse(first.stdout);
    expect(v1.userVersion).toBe('1.0.0');
    expect(first.stderr).toContain('100%');

    const item = await w.item((await w.wx('/wxa/get_page')).page_list[0]);
    const audit1 = await w.wx('/wxa/submit_audit', { item_list: [item], version_desc: 'v1' });
    expect(audit1.errcode).toBe(0);
    expect((await w.reviewer.post(`/api/v1/review/audits/${audit1.auditid}/approve`)).status).toBe(200);
    expect((await w.wx('/wxa/release', {})).errcode).toBe(0);

    const second = await upload('1.1.0');
    expect(second.stdout).toContain('1.1.0');
    const audit2 = await w.wx('/wxa/submit_audit', { item_list: [item], version_desc: 'v2' });
    expect((await w.reviewer.post(`/api/v1/review/audits/${audit2.auditid}/approve`)).status).toBe(200);
    expect((await w.wx('/wxa/release', {})).errcode).toBe(0);
    expect((await w.wx('/wxa/get_latest_auditstatus')).status).toBe(0);

    expect((await w.wx('/wxa/revertcoderelease')).errcode).toBe(0);
    const launch = await new ApiClient(server.url).get(`/api/v1/launch/${w.app.appid}`);
    expect(launch.body.userVersion).toBe('1.0.0');
    expect(launch.body.versionHash).toBe(v1.versionHash);

    // The served package: the manifest first, then every built file it lists, all immutable.
    const manifest = await fetch(`${launch.body.packageBase}${launch.body.entryFile}`);
    expect(manifest.status).toBe(200);
    const version = await w.dev.get(`/api/v1/code/${w.app.appid}/versions/${v1.id}`);
    expect(version.body.files.map((f: { path: string }) => f.path)).toContain('app.json');
    const events = (await w.dev.get(`/api/v1/code/${w.app.appid}/events`)).body;
    expect(events.filter((e: { type: string }) => e.type === 'weapp_audit_success')).toHaveLength(2);
  });

  it('shows a refusal from the server and exits non-zero', async () => {
    const failed = await upload('2.0.0', [], projectDir({ 'app.json': '{"pages":[]}', 'app.js': '' })).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect((failed as { code: number }).code).toBe(1);
    expect((failed as { stderr: string }).stderr).toContain('app_json_no_pages');
  });
});
