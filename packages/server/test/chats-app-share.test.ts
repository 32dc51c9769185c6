import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChatUser, chatInbox, chatUsers, group } from './chats-world.ts';
import { ApiClient } from './client.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { mobileApp, type OpenWorld, openWorld } from './open-world.ts';
import { PNG_ICON, registeredApp } from './world.ts';

const PNG = Buffer.from(PNG_ICON.split(',')[1]!, 'base64');

describe.each(dialects)('mobile apps sharing mini program pages into chats on %s', (dialect) => {
  let server: TestServer;
  let w: OpenWorld;
  let stranger: OpenWorld;
  let app: { appid: string; secret: string };
  let ann: ChatUser;
  let bob: ChatUser;
  let cai: ChatUser;
  let team: string;
  /** Ann's Bearer token, as the app's server holds it after she signed in through the app. */
  let annToken: string;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    w = await openWorld(server, '应用分享');
    stranger = await openWorld(server, '外人');
    const account = await w.developer.post('/api/v1/open-accounts', { subjectId: w.subjectId });
    const bound = await w.developer.post(`/api/v1/open-accounts/${account.body.openAppid}/bindings`, {
      appid: w.mp.appid,
    });
    if (bound.status !== 200) throw new Error(JSON.stringify(bound.body));
    const made = await mobileApp(w.developer, account.body.openAppid, '码头 App');
    app = { appid: made.app.appid, secret: made.secret };
    [ann, bob, cai] = await chatUsers(server, ['安娜', '鲍勃', '蔡']);
    team = await group(ann, '项目组', [bob]);
    const signin = await new ApiClient(server.url).post('/api/v1/client/signin', {
      username: ann.username,
      password: 'password-123',
    });
    annToken = signin.body.token;
  });
  afterAll(() => server?.close());

  const share = (
    body: Record<string, unknown>,
    options: { chat?: string; secret?: string; token?: string } = {},
  ) =>
    new ApiClient(server.url, options.token ?? annToken).request(
      'POST',
      `/api/v1/client/chats/${options.chat ?? team}/app-shares`,
      {
        userName: w.mp.originalId,
        path: 'pages/index/index?id=42',
        webpageUrl: 'https://www.example.com/fallback',
        title: '码头的页面',
        description: '来自 App',
        thumbData: PNG.toString('base64'),
        ...body,
      },
      { 'x-wharf-app-id': app.appid, 'x-wharf-app-secret': options.secret ?? app.secret },
    );

  it("posts a WXMiniProgramObject card into the user's group that opens with 1036, its thumbnail served to members only", async () => {
    server.clock.advance(1000);
    const posted = await share({ miniprogramType: 0 });
    expect(posted.status).toBe(201);
    expect(posted.body).toMatchObject({ type: 'miniprogram', from: { id: ann.id }, chatId: team });
    expect(posted.body.card).toMatchObject({
      source: 'app',
      appid: w.mp.appid,
      path: 'pages/index/index?id=42',
      scene: 1036,
      envVersion: 'release',
      webpageUrl: 'https://www.example.com/fallback',
      title: '码头的页面',
      description: '来自 App',
      sharedBy: { appid: app.appid, name: '码头 App' },
    });
    expect((await chatInbox(bob)).at(-1)).toMatchObject({
      id: posted.body.id,
      body: { card: { scene: 1036 } },
    });
    const thumbUrl = posted.body.card.thumbUrl as string;
    expect(thumbUrl).toMatch(new RegExp(`^/api/v1/client/chats/${team}/thumbs/[0-9a-f]{64}$`));
    const seen = await fetch(`${server.url}${thumbUrl}`, { headers: { cookie: await cookieOf(bob) } });
    expect(seen.status).toBe(200);
    expect(seen.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await seen.arrayBuffer()).equals(PNG)).toBe(true);
    expect((await cai.client.get(thumbUrl)).status).toBe(404);
  });

  it("maps miniprogramType as WeChat's OpenSDK does (1 Test: the developer version, 2 Preview: the trial), and gives a group share a shareTicket", async () => {
    server.clock.advance(1000);
    const trial = await share({ miniprogramType: 2, withShareTicket: true, thumbData: undefined });
    expect(trial.body.card).toMatchObject({ envVersion: 'trial', scene: 1036, thumbUrl: null });
    expect(trial.body.card.shareTicket).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    server.clock.advance(1000);
    const test = await share({ miniprogramType: 1 });
    expect(test.body.card.envVersion).toBe('develop');
  });

  it('refuses an unbound mini program, a thumbnail over 128 KB, bad credentials and a chat the user is not in; nothing is sent', async () => {
    const before = (await chatInbox(bob)).length;
    const unbound = await share({ userName: stranger.mp.originalId });
    expect(unbound.status).toBe(403);
    expect(unbound.body.error).toMatchObject({ code: 'chat_app_not_bound', field: 'userName' });
    expect(unbound.body.error.messageZh).toContain('开放平台');
    // Of the app's own subject but not bound to its open-platform account: refused as well.
    const { app: sibling } = await registeredApp(w.developer, w.subjectId, `未绑定${Date.now() % 1000}`);
    expect((await share({ userName: sibling.originalId })).body.error.code).toBe('chat_app_not_bound');
    const unknown = await share({ userName: 'gh_000000000000' });
    expect(unknown.body.error.code).toBe('chat_card_app_not_found');
    const big = Buffer.concat([PNG, Buffer.alloc(128 * 1024)]);
    const tooBig = await share({ thumbData: big.toString('base64') });
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.error).toMatchObject({ code: 'chat_thumb_invalid', field: 'thumbData' });
    expect(tooBig.body.error.message).toContain('131072');
    const notImage = await share({ thumbData: Buffer.from('GIF89a-not-allowed').toString('base64') });
    expect(notImage.body.error.code).toBe('chat_thumb_invalid');
    expect((await share({}, { secret: '0'.repeat(32) })).status).toBe(401);
    expect((await share({}, { token: 'not-a-session' })).status).toBe(401);
    expect((await share({ scene: 1007 })).status).toBe(400);
    expect((await share({ miniprogramType: 3 })).status).toBe(400);
    expect((await share({ webpageUrl: 'javascript:1' })).status).toBe(400);
    const caiToken = (
      await new ApiClient(server.url).post('/api/v1/client/signin', {
        username: cai.username,
        password: 'password-123',
      })
    ).body.token;
    expect((await share({}, { token: caiToken })).body.error.code).toBe('chat_not_found');
    expect((await chatInbox(bob)).length).toBe(before);
  });

  async function cookieOf(user: ChatUser): Promise<string> {
    const response = await fetch(`${server.url}/api/v1/client/signin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: user.username, password: 'password-123' }),
    });
    return (response.headers.get('set-cookie') ?? '').split(';')[0]!;
  }
});
