import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChatUser, chatUsers } from './chats-world.ts';
import { ApiClient } from './client.ts';
import { type CodeWorld, codeWorld, person, releaseVersion } from './code-world.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';

/** Client users (end users) as testers: `/wxa/bind_tester` naming their username, the trial launch and its packages. */
describe.each(dialects)('client users as testers on %s', (dialect) => {
  let server: TestServer;
  let w: CodeWorld;
  let wang: ChatUser;
  let li: ChatUser;
  let trialEntry: string;

  const launchTrial = (client: ApiClient, path = '') =>
    client.get(
      `/api/v1/launch/${w.app.appid}?version=trial${path ? `&path=${encodeURIComponent(path)}` : ''}`,
    );

  beforeAll(async () => {
    server = await startTestServer(dialect);
    w = await codeWorld(server, '体验');
    [wang, li] = await chatUsers(server, ['小王', '小李']);
    await releaseVersion(w, '1.0.0');
    const uploaded = await w.upload('2.0.0-trial');
    trialEntry = uploaded.body.entryFile;
    expect(
      (await w.dev.put(`/api/v1/code/${w.app.appid}/trial`, { versionId: uploaded.body.id })).status,
    ).toBe(200);
  });
  afterAll(() => server.close());

  it('binds a client user named by username at once; they open the trial (1017) and read its package, others get a clear refusal', async () => {
    expect((await launchTrial(wang.client)).body.error.code).toBe('trial_not_tester');
    const bound = await w.wx('/wxa/bind_tester', { wechatid: wang.username.toUpperCase() });
    expect(bound).toMatchObject({ errcode: 0, userstr: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect((await w.wx('/wxa/bind_tester', { wechatid: wang.username })).errcode).toBe(85004);
    const listed = await w.wx('/wxa/memberauth', { action: 'get_experiencer' });
    expect(listed.members).toContainEqual({ userstr: bound.userstr });

    const launch = await launchTrial(wang.client, 'pages/form/form?x=1');
    expect(launch.status).toBe(200);
    expect(launch.body).toMatchObject({
      target: 'trial',
      scene: 1017,
      userVersion: '2.0.0-trial',
      path: 'pages/form/form?x=1',
    });
    // The grant in packageBase is the client user's: the runtime's cookieless frame reads the trial with it.
    const file = await fetch(`${launch.body.packageBase}${trialEntry}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('cache-control')).toMatch(/^private/);

    // Another client user: told they are no tester, in both languages; nobody signed in: not found.
    const refused = await launchTrial(li.client);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'trial_not_tester' });
    expect(refused.body.error.messageZh).toContain('体验成员');
    expect((await launchTrial(new ApiClient(server.url))).status).toBe(404);
    // A tester is no developer: the development version stays closed.
    expect((await wang.client.get(`/api/v1/launch/${w.app.appid}?version=develop`)).status).toBe(404);

    // Unbound: the launch refuses and the grant already handed out stops at once.
    expect((await w.wx('/wxa/unbind_tester', { wechatid: wang.username })).errcode).toBe(0);
    expect((await launchTrial(wang.client)).status).toBe(403);
    expect((await fetch(`${launch.body.packageBase}${trialEntry}`)).status).toBe(404);
    expect((await w.wx('/wxa/unbind_tester', { wechatid: wang.username })).errcode).toBe(85001);
  });

  it('unbinds a client tester by userstr, and keeps platform accounts as invited testers', async () => {
    const bound = await w.wx('/wxa/bind_tester', { wechatid: li.username });
    expect((await launchTrial(li.client)).status).toBe(200);
    expect((await w.wx('/wxa/unbind_tester', { userstr: bound.userstr })).errcode).toBe(0);
    expect((await launchTrial(li.client)).status).toBe(403);

    // An email still names a platform account, who becomes a tester by accepting.
    const account = await person(server);
    expect((await w.wx('/wxa/bind_tester', { wechatid: account.email })).errcode).toBe(0);
    expect((await account.client.get(`/api/v1/launch/${w.app.appid}?version=trial`)).status).toBe(404);
    const [invitation] = (await account.client.get('/api/v1/invitations')).body;
    expect((await account.client.post(`/api/v1/invitations/${invitation.id}/accept`)).status).toBe(200);
    expect((await account.client.get(`/api/v1/launch/${w.app.appid}?version=trial`)).status).toBe(200);
  });

  it('counts client testers toward the tester limit (85002)', async () => {
    const [a, b] = await chatUsers(server, ['甲', '乙']);
    const used = (await w.wx('/wxa/memberauth', { action: 'get_experiencer' })).members.length;
    await server.ctx.settings.set('code.testersPerApp', used + 1);
    try {
      expect((await w.wx('/wxa/bind_tester', { wechatid: a.username })).errcode).toBe(0);
      expect((await w.wx('/wxa/bind_tester', { wechatid: b.username })).errcode).toBe(85002);
    } finally {
      await server.ctx.settings.set('code.testersPerApp', 100);
    }
    expect((await launchTrial(b.client)).status).toBe(403);
  });

  it("lets the owner manage client testers in the console's API, and nobody else", async () => {
    const base = `/api/v1/miniprograms/${w.app.id}/client-testers`;
    const [zhao] = await chatUsers(server, ['小赵']);
    const added = await w.dev.post(base, { username: zhao.username });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ username: zhao.username, nickname: '小赵' });
    expect((await w.dev.post(base, { username: zhao.username })).body.error.code).toBe('tester_already');
    const missing = await w.dev.post(base, { username: 'nobody_here' });
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: 'client_tester_not_found', field: 'username' });
    expect((await w.dev.post(base, { username: zhao.username, role: 'admin' })).status).toBe(400);
    const list = (await w.dev.get(base)).body as Array<{ userstr: string; username: string }>;
    expect(list.map((t) => t.username)).toContain(zhao.username);
    // The userstr is the one /wxa/memberauth lists.
    const listed = (await w.wx('/wxa/memberauth', { action: 'get_experiencer' })).members;
    expect(listed).toContainEqual({ userstr: added.body.userstr });

    const stranger = await person(server);
    expect((await stranger.client.get(base)).status).toBe(404);
    expect((await stranger.client.post(base, { username: zhao.username })).status).toBe(404);
    expect((await stranger.client.delete(`${base}/${added.body.userstr}`)).status).toBe(404);

    expect((await launchTrial(zhao.client)).status).toBe(200);
    expect((await w.dev.delete(`${base}/${added.body.userstr}`)).status).toBe(200);
    expect((await w.dev.delete(`${base}/${added.body.userstr}`)).status).toBe(404);
    expect((await launchTrial(zhao.client)).status).toBe(403);
  });

  it("resolves the trial code (/wxa/get_qrcode) to the trial version with scene 1017 and the code's path", async () => {
    const png = await fetch(
      `${server.url}/wxa/get_qrcode?path=${encodeURIComponent('pages/form/form?from=qr')}&access_token=${w.token}`,
    );
    expect(png.headers.get('content-type')).toBe('image/png');
    const image = Buffer.from(await png.arrayBuffer()).toString('base64');
    const scanned = await wang.client.post('/api/v1/scan', { image, source: 'album' });
    expect(scanned.status).toBe(200);
    expect(scanned.body).toMatchObject({
      action: 'open_miniprogram',
      appid: w.app.appid,
      version: 'trial',
      path: 'pages/form/form',
      query: { from: 'qr' },
      scene: 1017,
      via: 'trial',
    });
    // The console's trial code has no path: the entry page.
    const bare = await wang.client.post('/api/v1/scan', {
      text: `${server.url}/api/v1/launch/${w.app.appid}?version=trial`,
    });
    expect(bare.body).toMatchObject({ version: 'trial', path: '', scene: 1017 });
    // A release launch link is no trial code.
    const release = await wang.client.post('/api/v1/scan', {
      text: `${server.url}/api/v1/launch/${w.app.appid}?version=release`,
    });
    expect(release.body.action).toBe('open_web');
  });
});
