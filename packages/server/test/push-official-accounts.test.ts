import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PassiveReply } from '../src/delivery/push/reply.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { type AccountWorld, endUsers, individualAccount } from './oa-world.ts';
import { type DeveloperServer, wechatMiddlewareServer } from './push-servers.ts';

const KEY = 'ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut';
const TOKEN = 'accountToken42';

describe.each(dialects)('pushes to an official account’s server on %s', (dialect) => {
  let server: TestServer;
  let oa: AccountWorld;
  let dev: DeveloperServer;
  const replies: PassiveReply[] = [];

  beforeAll(async () => {
    server = await startTestServer(dialect);
    await server.ctx.settings.set('push.privateAddresses', true);
    server.ctx.push.onReply((_event, reply) => {
      replies.push(reply);
    });
    oa = await individualAccount(server);
    dev = await wechatMiddlewareServer({
      token: TOKEN,
      appid: oa.account.appid,
      encodingAESKey: KEY,
      reply: (m) => (m.MsgType === 'event' && m.Event === 'subscribe' ? '欢迎关注' : ''),
    });
  });
  afterAll(async () => {
    await server.close();
    await dev.close();
  });

  it('lets the account’s admin set its server (safe mode) and read it back without secrets', async () => {
    const saved = await oa.developer.put(`/api/v1/push/${oa.account.appid}/config`, {
      url: dev.url,
      token: TOKEN,
      encodingAESKey: KEY,
      mode: 'safe',
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ appid: oa.account.appid, mode: 'safe', tokenSet: true });
    expect(JSON.stringify(saved.body)).not.toContain(KEY);
  });

  it('delivers the subscribe event of a follow, encrypted, and the welcome reply reaches onReply', async () => {
    const [user] = await endUsers(server, 1, 'pushfan');
    const followed = await user!.client.post(`/api/v1/client/official-accounts/${oa.account.appid}/follow`);
    expect(followed.status).toBe(200);
    await server.ctx.push.drain();
    expect(dev.received.at(-1)!.message).toMatchObject({
      ToUserName: oa.account.originalId,
      FromUserName: followed.body.openid,
      MsgType: 'event',
      Event: 'subscribe',
    });
    expect(dev.received.at(-1)!.query).toMatchObject({ encrypt_type: 'aes' });
    expect(replies.at(-1)).toMatchObject({
      type: 'text',
      content: '欢迎关注',
      toUserName: followed.body.openid,
    });
    const [entry] = (await oa.developer.get(`/api/v1/push/${oa.account.appid}/log`)).body;
    expect(entry).toMatchObject({ eventType: 'subscribe', outcome: 'delivered', detail: 'text reply' });
  });

  it('answers 404 to another developer for the account’s push settings', async () => {
    const other = await individualAccount(server);
    expect((await other.developer.get(`/api/v1/push/${oa.account.appid}/config`)).status).toBe(404);
    expect((await other.developer.get(`/api/v1/push/${oa.account.appid}/log`)).status).toBe(404);
  });
});
