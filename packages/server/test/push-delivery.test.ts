import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplyEvent } from '../src/delivery/push/push.worker.ts';
import type { PassiveReply } from '../src/delivery/push/reply.ts';
import type { PushFields } from '../src/delivery/push/xml.ts';
import { type CodeWorld, codeWorld, person } from './code-world.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { type DeveloperServer, wechatCryptoServer, wechatMiddlewareServer } from './push-servers.ts';

const KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const TOKEN = 'wharfPushToken1';

describe.each(dialects)('pushes to developer servers on %s', (dialect) => {
  let server: TestServer;
  let w: CodeWorld;
  const servers: DeveloperServer[] = [];
  const replies: Array<{ event: ReplyEvent; reply: PassiveReply }> = [];
  let msgId = 7_000_000_000_000_000;

  const text = (content: string, from = 'oUserOpenid1'): PushFields => {
    msgId += 1;
    return {
      ToUserName: w.app.originalId,
      FromUserName: from,
      CreateTime: Math.floor(server.clock() / 1000),
      MsgType: 'text',
      Content: content,
      MsgId: String(msgId),
    };
  };
  const push = async (fields: PushFields) => {
    const { id } = await server.ctx.push.enqueue(server.ctx.store.db, w.app.appid, fields);
    await server.ctx.push.drain();
    return id;
  };
  const configure = (body: Record<string, unknown>) => w.dev.put(`/api/v1/push/${w.app.appid}/config`, body);
  const log = async () => (await w.dev.get(`/api/v1/push/${w.app.appid}/log`)).body as any[];

  beforeAll(async () => {
    server = await startTestServer(dialect);
    await server.ctx.settings.set('push.privateAddresses', true);
    w = await codeWorld(server, '推送');
    server.ctx.push.onReply((event, reply) => {
      replies.push({ event, reply });
    });
  });
  afterAll(async () => {
    await server.close();
    await Promise.all(servers.map((s) => s.close()));
  });

  it('saves a plaintext server once the wechat middleware answers the handshake; GET shows no token or key', async () => {
    const dev = await wechatMiddlewareServer({ token: TOKEN, reply: (m) => `echo: ${m.Content}` });
    servers.push(dev);
    const saved = await configure({ url: dev.url, token: TOKEN, mode: 'plaintext' });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({
      appid: w.app.appid,
      url: dev.url,
      mode: 'plaintext',
      tokenSet: true,
      encodingAESKeySet: false,
      updatedAt: expect.any(Number),
    });
    const read = await w.dev.get(`/api/v1/push/${w.app.appid}/config`);
    expect(read.body).toEqual(saved.body);
    expect(JSON.stringify(read.body)).not.toContain(TOKEN);
  });

  it('pushes a user message as WeChat does; the middleware verifies it and its text reply reaches onReply', async () => {
    const dev = await wechatMiddlewareServer({ token: TOKEN, reply: (m) => `echo: ${m.Content}` });
    servers.push(dev);
    expect((await configure({ url: `${dev.url}?site=1`, token: TOKEN, mode: 'plaintext' })).status).toBe(200);
    const fields = text('你好，码头');
    const eventId = await push(fields);
    expect(dev.received).toHaveLength(1);
    const got = dev.received[0]!;
    expect(got.message).toEqual({ ...fields, CreateTime: String(fields.CreateTime) });
    expect(Object.keys(got.query)).toEqual(['site', 'signature', 'timestamp', 'nonce', 'openid']);
    expect(got.query.openid).toBe('oUserOpenid1');
    expect(replies.at(-1)).toEqual({
      event: {
        appid: w.app.appid,
        eventId,
        account: w.app.originalId,
        toOpenid: 'oUserOpenid1',
        type: 'text',
        replayed: false,
      },
      reply: {
        type: 'text',
        content: 'echo: 你好，码头',
        toUserName: 'oUserOpenid1',
        fromUserName: w.app.originalId,
        createTime: expect.any(Number),
      },
    });
    expect((await log())[0]).toMatchObject({
      eventId,
      eventType: 'text',
      attempt: 1,
      replay: false,
      status: 200,
      outcome: 'delivered',
      detail: 'text reply',
      excerpt: expect.stringContaining('echo: 你好，码头'),
    });
  });

  it('delivers one app’s pushes in the order they were recorded', async () => {
    const dev = await wechatMiddlewareServer({ token: TOKEN });
    servers.push(dev);
    await configure({ url: dev.url, token: TOKEN, mode: 'plaintext' });
    for (let i = 0; i < 6; i += 1) {
      await server.ctx.push.enqueue(server.ctx.store.db, w.app.appid, text(`m${i}`));
    }
    await server.ctx.push.drain();
    expect(dev.received.map((r) => r.message.Content)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5']);
  });

  it('pushes in safe mode: only ToUserName and Encrypt travel, the middleware decrypts, and its encrypted news reply is read', async () => {
    const dev = await wechatMiddlewareServer({
      token: TOKEN,
      appid: w.app.appid,
      encodingAESKey: KEY,
      reply: () => [
        {
          title: '码头新闻',
          description: '今天',
          picurl: 'https://example.com/1.png',
          url: 'https://example.com/1',
        },
      ],
    });
    servers.push(dev);
    const saved = await configure({ url: dev.url, token: TOKEN, encodingAESKey: KEY, mode: 'safe' });
    expect(saved.body).toMatchObject({ mode: 'safe', encodingAESKeySet: true });
    expect(JSON.stringify(saved.body)).not.toContain(KEY);
    const fields: PushFields = {
      ToUserName: w.app.originalId,
      FromUserName: 'oSafeUser',
      CreateTime: 1764000000,
      MsgType: 'event',
      Event: 'CLICK',
      EventKey: 'MENU_NEWS',
    };
    await push(fields);
    expect(dev.received.at(-1)!.message).toEqual({ ...fields, CreateTime: '1764000000' });
    expect(dev.received.at(-1)!.query).toMatchObject({
      encrypt_type: 'aes',
      msg_signature: expect.any(String),
    });
    expect(replies.at(-1)).toMatchObject({
      event: { toOpenid: 'oSafeUser', type: 'CLICK' },
      reply: {
        type: 'news',
        articles: [
          {
            title: '码头新闻',
            description: '今天',
            picUrl: 'https://example.com/1.png',
            url: 'https://example.com/1',
          },
        ],
      },
    });
  });

  it('pushes in safe mode to a server verifying with wechat-crypto: body holds nothing but the ciphertext', async () => {
    const dev = await wechatCryptoServer({ token: TOKEN, appid: w.app.appid, encodingAESKey: KEY });
    servers.push(dev);
    await configure({ url: dev.url, token: TOKEN, encodingAESKey: KEY, mode: 'safe' });
    const fields = text('加密');
    await push(fields);
    expect(dev.rejected).toEqual([]);
    const got = dev.received.at(-1)!;
    expect(got.body).toMatch(
      /^<xml><ToUserName><!\[CDATA\[gh_[^\]]+\]\]><\/ToUserName><Encrypt><!\[CDATA\[[^\]]+\]\]><\/Encrypt><\/xml>$/,
    );
    expect(got.message.xml).toContain('<Content><![CDATA[加密]]></Content>');
    expect((await log())[0]).toMatchObject({ outcome: 'delivered', detail: 'no reply', excerpt: 'success' });
  });

  it('pushes in compatible mode: wechat-crypto checks both signatures, plain fields sit beside Encrypt, an image reply comes back encrypted', async () => {
    const dev = await wechatCryptoServer({
      token: TOKEN,
      appid: w.app.appid,
      encodingAESKey: KEY,
      reply: () =>
        `<xml><ToUserName><![CDATA[oCompat]]></ToUserName><FromUserName><![CDATA[${w.app.originalId}]]></FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[image]]></MsgType><Image><MediaId><![CDATA[MEDIA_9]]></MediaId></Image></xml>`,
    });
    servers.push(dev);
    await configure({ url: dev.url, token: TOKEN, encodingAESKey: KEY, mode: 'compatible' });
    await push(text('兼容', 'oCompat'));
    expect(dev.rejected).toEqual([]);
    const got = dev.received.at(-1)!;
    expect(got.body).toContain('<Content><![CDATA[兼容]]></Content>');
    expect(got.body).toContain('<Encrypt><![CDATA[');
    expect(got.message.xml).toContain('<Content><![CDATA[兼容]]></Content>');
    expect(replies.at(-1)).toMatchObject({
      event: { toOpenid: 'oCompat' },
      reply: { type: 'image', mediaId: 'MEDIA_9' },
    });
  });

  it('pushes in compatible mode to the wechat middleware too', async () => {
    const dev = await wechatMiddlewareServer({
      token: TOKEN,
      appid: w.app.appid,
      encodingAESKey: KEY,
      reply: (m) => `兼容回复 ${m.Content}`,
    });
    servers.push(dev);
    await configure({ url: dev.url, token: TOKEN, encodingAESKey: KEY, mode: 'compatible' });
    await push(text('第二'));
    expect(dev.received.at(-1)!.message).toMatchObject({ MsgType: 'text', Content: '第二' });
    expect(replies.at(-1)!.reply).toMatchObject({ type: 'text', content: '兼容回复 第二' });
  });

  it('delivers the audit result the review flow records (weapp_audit_success) through the same outbox', async () => {
    const dev = await wechatCryptoServer({ token: TOKEN, appid: w.app.appid, encodingAESKey: KEY });
    servers.push(dev);
    await configure({ url: dev.url, token: TOKEN, encodingAESKey: KEY, mode: 'safe' });
    expect((await w.upload('1.0.0')).status).toBe(201);
    const submitted = await w.wx('/wxa/submit_audit', { item_list: [await w.item()] });
    expect(submitted.errcode).toBe(0);
    expect((await w.reviewer.post(`/api/v1/review/audits/${submitted.auditid}/approve`)).status).toBe(200);
    await server.ctx.push.drain();
    const got = dev.received.at(-1)!;
    expect(got.message.xml).toContain('<Event><![CDATA[weapp_audit_success]]></Event>');
    expect(got.message.xml).toContain(`<ToUserName><![CDATA[${w.app.originalId}]]></ToUserName>`);
    expect(got.message.xml).toMatch(/<SuccTime>\d+<\/SuccTime>/);
    expect(got.query.openid).toBeUndefined();
    const events = (await w.dev.get(`/api/v1/code/${w.app.appid}/events`)).body;
    expect(events.at(-1)).toMatchObject({ type: 'weapp_audit_success', deliveredAt: expect.any(Number) });
  });

  it('refuses a URL whose server does not echo (another token: 401) and keeps the configuration it had', async () => {
    const before = (await w.dev.get(`/api/v1/push/${w.app.appid}/config`)).body;
    const other = await wechatMiddlewareServer({ token: 'someoneElse' });
    servers.push(other);
    const refused = await configure({ url: other.url, token: TOKEN, mode: 'plaintext' });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({
      code: 'push_url_verification_failed',
      message: 'The server URL failed verification: the URL answered HTTP 401',
    });
    expect((await w.dev.get(`/api/v1/push/${w.app.appid}/config`)).body).toEqual(before);
  });

  it.each([
    ['a short token', { token: 'ab' }, 'body/token'],
    ['a token with symbols', { token: 'abc-def' }, 'body/token'],
    ['a 42-character key', { encodingAESKey: KEY.slice(1) }, 'body/encodingAESKey'],
    ['an unknown mode', { mode: 'loud' }, 'body/mode'],
    ['an unknown field', { extra: 1 }, 'body'],
  ])('refuses %s at the edge (400)', async (_name, change, field) => {
    const answer = await configure({
      url: 'http://127.0.0.1:9/x',
      token: TOKEN,
      mode: 'plaintext',
      ...change,
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('validation_failed');
    expect(JSON.stringify(answer.body.error)).toContain(field.split('/')[1] ?? field);
  });

  it.each([
    ['a URL that is not http(s)', { url: 'ftp://example.com/x' }, 'url'],
    ['safe mode without a key', { mode: 'safe' }, 'encodingAESKey'],
  ])('refuses %s', async (_name, change, field) => {
    const answer = await configure({
      url: 'http://127.0.0.1:9/x',
      token: TOKEN,
      mode: 'plaintext',
      ...change,
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: 'validation_failed', field });
  });

  it("answers 404 for another person's app, for its config and its log alike", async () => {
    const { client: stranger } = await person(server);
    for (const answer of [
      await stranger.get(`/api/v1/push/${w.app.appid}/config`),
      await stranger.get(`/api/v1/push/${w.app.appid}/log`),
      await stranger.put(`/api/v1/push/${w.app.appid}/config`, {
        url: 'http://127.0.0.1:9/',
        token: TOKEN,
        mode: 'plaintext',
      }),
      await stranger.get('/api/v1/push/wx0000000000000000/config'),
    ]) {
      expect(answer.status).toBe(404);
      expect(answer.body.error.code).toBe('not_found');
    }
  });
});
