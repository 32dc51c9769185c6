import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from './client.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { endUsers, organisationAccount, wechatApi } from './oa-world.ts';
import { type DeveloperServer, wechatMiddlewareServer } from './push-servers.ts';
import { adminClient } from './world.ts';

const KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const TOKEN = 'templateToken7';

describe.each(dialects)('template messages reaching the developer server and the client on %s', (dialect) => {
  let server: TestServer;
  let admin: ApiClient;
  let dev: DeveloperServer | undefined;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    await server.ctx.settings.set('push.privateAddresses', true);
    admin = await adminClient(server.url, (email) =>
      server.ctx.accounts.createUser({ email, password: 'password-123', role: 'admin' }),
    );
  });
  afterAll(async () => {
    await server.close();
    await dev?.close();
  });

  it('pushes TEMPLATESENDJOBFINISH (safe mode) to a wechat-middleware server, and the follower’s inbox shows the message', async () => {
    const oa = await organisationAccount(server, admin);
    dev = await wechatMiddlewareServer({ token: TOKEN, appid: oa.account.appid, encodingAESKey: KEY });
    const saved = await oa.developer.put(`/api/v1/push/${oa.account.appid}/config`, {
      url: dev.url,
      token: TOKEN,
      encodingAESKey: KEY,
      mode: 'safe',
    });
    expect(saved.status).toBe(200);
    const [user] = await endUsers(server, 1, 'tplpush');
    const openid = (await user!.client.post(`/api/v1/client/official-accounts/${oa.account.appid}/follow`))
      .body.openid as string;
    const api = wechatApi(server.url, oa.account.appid, oa.secret) as any;
    await api.setIndustry({ industry_id1: '13', industry_id2: '14' });
    const { template_id } = await api.addTemplate('OPENTM207940503');
    const sent = await api.sendTemplate(openid, template_id, 'https://example.com/track', '', {
      first: { value: '您的订单已发货' },
      keyword1: { value: '顺丰速运' },
      keyword2: { value: 'SF1234567890', color: '#173177' },
      keyword3: { value: '2026-11-25 16:00' },
      remark: { value: '点击查看物流' },
    });
    expect(sent.errcode).toBe(0);

    await server.ctx.push.drain();
    const pushed = dev.received.map((r) => r.message).find((m) => m.Event === 'TEMPLATESENDJOBFINISH');
    expect(pushed).toMatchObject({
      ToUserName: oa.account.originalId,
      FromUserName: openid,
      MsgType: 'event',
      Event: 'TEMPLATESENDJOBFINISH',
      MsgID: String(sent.msgid),
      Status: 'success',
    });
    expect(Number(pushed!.CreateTime)).toBeGreaterThan(0);

    const inbox = await user!.client.get('/api/v1/client/inbox');
    expect(inbox.status).toBe(200);
    expect(inbox.body.items[0]).toMatchObject({
      kind: 'template',
      sender: { appid: oa.account.appid },
      body: {
        title: '订单发货通知',
        url: 'https://example.com/track',
        scene: 1043,
        fields: expect.arrayContaining([{ key: 'keyword2', value: 'SF1234567890', color: '#173177' }]),
      },
    });
  });
});
