import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { SESSION_COOKIE } from '../src/http/auth.ts';
import { ApiClient } from './client.ts';
import { type CodeWorld, codeWorld, person, releaseVersion } from './code-world.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';

describe.each(dialects)('serving packages on %s', (dialect) => {
  let server: TestServer;
  let w: CodeWorld;
  let other: CodeWorld;
  const anonymous = () => new ApiClient(server.url);
  const get = (url: string, headers: Record<string, string> = {}) => fetch(url, { headers });

  beforeAll(async () => {
    server = await startTestServer(dialect);
    w = await codeWorld(server, '服务');
    other = await codeWorld(server, '别的');
    await releaseVersion(w, '1.0.0');
  });
  afterAll(() => server.close());

  it('launches the released version for anyone, manifest inline, files immutable with ETag and 304', async () => {
    const launch = await anonymous().get(`/api/v1/launch/${w.app.appid}`);
    expect(launch.status).toBe(200);
    expect(launch.body).toMatchObject({ appid: w.app.appid, target: 'release', userVersion: '1.0.0' });
    expect(launch.body.manifest).toBeTruthy();
    expect(launch.body.packageBase).toBe(
      `${server.runtimeUrl}/pkg/${w.app.appid}/${launch.body.versionHash}/`,
    );
    const first = await get(`${launch.body.packageBase}${launch.body.entryFile}`);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(first.headers.get('access-control-allow-origin')).toBe('*');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    expect(JSON.parse(await first.text())).toEqual(launch.body.manifest);
    const again = await get(`${launch.body.packageBase}${launch.body.entryFile}`, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect((await get(`${launch.body.packageBase}nope.js`)).status).toBe(404);
    expect((await get(`${server.runtimeUrl}/pkg/${w.app.appid}/${'0'.repeat(64)}/app.json`)).status).toBe(
      404,
    );
    expect((await get(`${server.runtimeUrl}/pkg/${w.app.appid}/..%2F..%2Fetc/passwd`)).status).toBe(404);
    // Past a valid version segment, in the file path itself: the data folder's key stays out of reach.
    for (const escaped of ['..%2f..%2f..%2fsecret.key', '..%2F..%2Fwharf.sqlite', '..%5c..%5csecret.key']) {
      const response = await get(`${launch.body.packageBase}${escaped}`);
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain(server.ctx.config.dataDir);
    }
  });

  let trialHash: string;
  let entry: string;

  it('serves the trial version only to members and testers (launch scene 1017)', async () => {
    const uploaded = await w.upload('2.0.0-trial');
    trialHash = uploaded.body.versionHash;
    entry = uploaded.body.entryFile;
    await w.dev.put(`/api/v1/code/${w.app.appid}/trial`, { versionId: uploaded.body.id });
    expect((await anonymous().get(`/api/v1/launch/${w.app.appid}?version=trial`)).status).toBe(404);
    const launch = await w.dev.get(`/api/v1/launch/${w.app.appid}?version=trial`);
    expect(launch.body).toMatchObject({ target: 'trial', scene: 1017, userVersion: '2.0.0-trial' });
    // The grant in packageBase lets the runtime's cookieless frame read it.
    const viaGrant = await get(`${launch.body.packageBase}${entry}`);
    expect(viaGrant.status).toBe(200);
    expect(viaGrant.headers.get('cache-control')).toMatch(/^private/);
    expect((await get(`${server.runtimeUrl}/pkg/${w.app.appid}/${trialHash}/${entry}`)).status).toBe(404);
  });

  it('binds (the tester accepts), lists and unbinds testers with WeChat field names (wechatid = email or user id)', async () => {
    const tester = await person(server);
    const bound = await w.wx('/wxa/bind_tester', { wechatid: tester.email });
    expect(bound).toMatchObject({ errcode: 0, errmsg: 'ok' });
    expect(bound.userstr).toMatch(/^[0-9a-f]{32}$/);
    // Not a tester until they accept.
    expect((await w.wx('/wxa/memberauth', { action: 'get_experiencer' })).members).toEqual([]);
    const [invitation] = (await tester.client.get('/api/v1/invitations')).body;
    expect((await tester.client.post(`/api/v1/invitations/${invitation.id}/accept`)).status).toBe(200);
    expect((await w.wx('/wxa/bind_tester', { wechatid: tester.id })).errcode).toBe(85004);
    const members = await w.wx('/wxa/memberauth', { action: 'get_experiencer' });
    expect(members.members).toEqual([{ userstr: bound.userstr }]);

    // A tester opens the trial, by launch and by its plain URL with their session.
    const launch = await tester.client.get(`/api/v1/launch/${w.app.appid}?version=trial`);
    expect(launch.status).toBe(200);
    const plain = `${server.runtimeUrl}/pkg/${w.app.appid}/${trialHash}/${entry}`;
    expect((await get(plain, { authorization: `Bearer ${tester.token}` })).status).toBe(200);
    // …but cannot develop it, nor read another app's unreleased versions.
    expect((await tester.client.get(`/api/v1/launch/${w.app.appid}?version=develop`)).status).toBe(404);
    const theirs = await other.upload('0.1.0');
    await other.dev.put(`/api/v1/code/${other.app.appid}/trial`, { versionId: theirs.body.id });
    expect((await tester.client.get(`/api/v1/launch/${other.app.appid}?version=trial`)).status).toBe(404);
    const foreign = `${server.runtimeUrl}/pkg/${other.app.appid}/${theirs.body.versionHash}/${entry}`;
    expect((await get(foreign, { authorization: `Bearer ${tester.token}` })).status).toBe(404);

    expect((await w.wx('/wxa/unbind_tester', { userstr: bound.userstr })).errcode).toBe(0);
    expect((await w.wx('/wxa/unbind_tester', { userstr: bound.userstr })).errcode).toBe(85001);
    expect((await get(plain, { authorization: `Bearer ${tester.token}` })).status).toBe(404);
  });

  it('lets a reviewer read a submitted version, and nobody else', async () => {
    const uploaded = await other.upload('0.2.0');
    const submitted = await other.wx('/wxa/submit_audit', { item_list: [await other.item()] });
    expect(submitted.errcode).toBe(0);
    const url = `${server.runtimeUrl}/pkg/${other.app.appid}/${uploaded.body.versionHash}/${uploaded.body.entryFile}`;
    const reviewer = await person(server, 'reviewer');
    const stranger = await person(server);
    expect((await get(url, { authorization: `Bearer ${reviewer.token}` })).status).toBe(200);
    expect((await get(url, { authorization: `Bearer ${stranger.token}` })).status).toBe(404);
    const detail = await reviewer.client.get(`/api/v1/review/audits/${submitted.auditid}`);
    expect((await get(`${detail.body.preview.packageBase}${uploaded.body.entryFile}`)).status).toBe(200);
  });

  it('answers /wxa/get_qrcode with a PNG of the trial entry', async () => {
    const response = await fetch(
      `${server.url}/wxa/get_qrcode?path=pages%2Fform%2Fform&access_token=${w.token}`,
    );
    expect(response.headers.get('content-type')).toBe('image/png');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
  });

  it('keeps serving a version after a newer release replaces it (URLs stay valid)', async () => {
    const before = (await anonymous().get(`/api/v1/launch/${w.app.appid}`)).body;
    await releaseVersion(w, '3.0.0');
    const after = (await anonymous().get(`/api/v1/launch/${w.app.appid}`)).body;
    expect(after.userVersion).toBe('3.0.0');
    expect((await get(`${before.packageBase}${before.entryFile}`)).status).toBe(200);
  });

  it("serves the runtime's assets on the runtime origin, frame.html with the runtime's frame headers, and revalidates by ETag", async () => {
    const frame = await get(`${server.runtimeUrl}/runtime/frame.html`);
    expect(frame.status).toBe(200);
    expect(frame.headers.get('content-security-policy')).toContain("connect-src 'none'");
    const preview = await get(`${server.url}/runtime/preview.html`);
    expect(preview.status).toBe(200);
    expect(preview.headers.get('content-security-policy')).toBeNull();
    const etag = preview.headers.get('etag')!;
    expect((await get(`${server.url}/runtime/preview.html`, { 'if-none-match': etag })).status).toBe(304);
    expect((await get(`${server.runtimeUrl}/runtime/nope.js`)).status).toBe(404);
  }, 60_000);

  it('keeps package code off the platform origin: the frame and package files redirect to the runtime origin, which serves nothing else and reads no session cookie', async () => {
    expect(new URL(server.runtimeUrl).origin).not.toBe(new URL(server.url).origin);
    const launch = (await anonymous().get(`/api/v1/launch/${w.app.appid}`)).body;
    expect(launch.packageBase.startsWith(`${server.runtimeUrl}/pkg/`)).toBe(true);
    expect(launch.runtimeBase).toBe(`${server.runtimeUrl}/runtime/`);
    const onPlatform = (path: string) => fetch(`${server.url}${path}`, { redirect: 'manual' });
    const file = `/pkg/${w.app.appid}/${launch.versionHash}/${launch.entryFile}`;
    for (const path of ['/runtime/frame.html', file]) {
      const response = await onPlatform(path);
      expect(response.status).toBe(308);
      expect(response.headers.get('location')).toBe(`${server.runtimeUrl}${path}`);
      expect(await response.text()).not.toContain('<script');
    }
    // The runtime origin has no API, client or console, and a console session cookie opens nothing there.
    for (const path of [
      '/api/v1/client/me',
      '/client/',
      '/',
      '/cgi-bin/token?grant_type=client_credential',
    ]) {
      expect((await get(`${server.runtimeUrl}${path}`)).status).toBe(404);
    }
    const cookie = `${SESSION_COOKIE}=${w.devToken}`;
    const unreleased = `/pkg/${w.app.appid}/${trialHash}/${entry}`;
    expect((await get(`${server.url}/api/v1/code/${w.app.appid}/overview`, { cookie })).status).toBe(200);
    expect((await get(`${server.runtimeUrl}${unreleased}`, { cookie })).status).toBe(404);
  });
});

describe('links behind a configured public URL', () => {
  it('builds package bases on WHARF_PUBLIC_URL, never on the Host header a client sends', async () => {
    const server = await startTestServer('sqlite', { publicUrl: 'https://mp.example.com' });
    try {
      const w = await codeWorld(server, '公网');
      await releaseVersion(w, '1.0.0');
      const response = await fetch(`${server.url}/api/v1/launch/${w.app.appid}`, {
        headers: { host: 'evil.example' },
      });
      const launch = await response.json();
      // Mini programs on the same host's runtime port (its own origin), unless one is configured.
      expect(launch.packageBase).toMatch(/^https:\/\/mp\.example\.com:\d+\/pkg\//);
      expect(launch.runtimeBase).toBe(`https://mp.example.com:${new URL(server.runtimeUrl).port}/runtime/`);
    } finally {
      await server.close();
    }
  });

  it('builds package bases and the client page policy on WHARF_RUNTIME_ORIGIN when one is set', async () => {
    const server = await startTestServer('sqlite', {
      publicUrl: 'https://mp.example.com',
      runtimeOrigin: 'https://run.example.com/',
    });
    try {
      const w = await codeWorld(server, '运行源');
      await releaseVersion(w, '1.0.0');
      const launch = await (await fetch(`${server.url}/api/v1/launch/${w.app.appid}`)).json();
      expect(launch.packageBase).toMatch(/^https:\/\/run\.example\.com\/pkg\//);
      expect(launch.runtimeBase).toBe('https://run.example.com/runtime/');
      const redirect = await fetch(`${server.url}/runtime/frame.html`, { redirect: 'manual' });
      expect(redirect.headers.get('location')).toBe('https://run.example.com/runtime/frame.html');
      const client = await fetch(`${server.url}/client/`);
      if (client.status === 200) {
        expect(client.headers.get('content-security-policy')).toContain(
          "frame-src 'self' https://run.example.com",
        );
      }
    } finally {
      await server.close();
    }
    expect(() =>
      loadConfig({ publicUrl: 'https://mp.example.com', runtimeOrigin: 'https://mp.example.com' }, {}),
    ).toThrow(/must differ/);
    expect(() => loadConfig({ runtimeOrigin: 'https://run.example.com/path' }, {})).toThrow(/without a path/);
  });
});
