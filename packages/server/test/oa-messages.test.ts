import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeWorld, releaseVersion } from './code-world.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { accountOf, endUsers, individualAccount, oaCall, wechatApi } from './oa-world.ts';
import { type DeveloperServer, wechatMiddlewareServer } from './push-servers.ts';
import { PNG_ICON } from './world.ts';

const KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const TOKEN = 'convToken7';
const png = Buffer.from(PNG_ICON.split(',')[1]!, 'base64');
const fail = (error: { code?: number }) => error;

describe.each(dialects)('official-account messages on %s', (dialect) => {
  let server: TestServer;
  let dev: DeveloperServer;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    await server.ctx.settings.set('push.privateAddresses', true);
    server.ctx.delivery.worker.start();
    dev = await wechatMiddlewareServer({
      token: TOKEN,
      appid: 'wx0000000000000000',
      encodingAESKey: KEY,
      reply: (m) => {
        if (m.MsgType !== 'text') return '';
        if (m.Content === '新闻')
          return [
            {
              title: '标题',
              description: '描述',
              picurl: 'https://example.com/a.png',
              url: 'https://example.com/a',
            },
          ];
        if (m.Content === '沉默') return '';
        return `你说：${m.Content}`;
      },
    });
  });
  afterAll(async () => {
    await server.close();
    await dev.close();
  });

  it("pushes a follower's text to a wechat-middleware server in safe mode; its passive replies land in the conversation", async () => {
    const oa = await individualAccount(server);
    // The middleware checks the appid sealed into each message: a server of this account.
    const own = await wechatMiddlewareServer({
      token: TOKEN,
      appid: oa.account.appid,
      encodingAESKey: KEY,
      reply: (m) =>
        m.MsgType !== 'text'
          ? ''
          : m.Content === '新闻'
            ? [
                {
                  title: '标题',
                  description: '描述',
                  picurl: 'https://example.com/a.png',
                  url: 'https://example.com/a',
                },
              ]
            : m.Content === '沉默'
              ? ''
              : `你说：${m.Content}`,
    });
    try {
      expect(
        (
          await oa.developer.put(`/api/v1/push/${oa.account.appid}/config`, {
            url: own.url,
            token: TOKEN,
            encodingAESKey: KEY,
            mode: 'safe',
          })
        ).status,
      ).toBe(200);
      const [user] = await endUsers(server, 1, 'talk');
      const { openid } = (
        await user!.client.post(`/api/v1/client/official-accounts/${oa.account.appid}/follow`)
      ).body;
      for (const content of ['你好', '新闻', '沉默']) {
        server.clock.advance(1000);
        const sent = await user!.client.post(
          `/api/v1/client/official-accounts/${oa.account.appid}/messages`,
          { type: 'text', content },
        );
        expect(sent.status).toBe(201);
        await server.ctx.push.drain();
        expect(own.received.at(-1)!.message).toMatchObject({
          MsgType: 'text',
          Content: content,
          FromUserName: openid,
          ToUserName: oa.account.originalId,
          MsgId: sent.body.msgId,
        });
      }
      const conversation = (
        await user!.client.get(`/api/v1/client/official-accounts/${oa.account.appid}/conversation`)
      ).body as Array<{ from: string; kind: string; body: any }>;
      const replies = conversation.filter((e) => e.from === 'account').reverse();
      expect(replies.map((r) => r.body.type)).toEqual(['text', 'news']);
      expect(replies[0]!.body.content).toBe('你说：你好');
      expect(replies[1]!.body.articles[0]).toMatchObject({ title: '标题', url: 'https://example.com/a' });
      expect(conversation.filter((e) => e.from === 'user').map((e) => e.body.content)).toEqual([
        '沉默',
        '新闻',
        '你好',
      ]);
      // A location message carries WeChat's field names.
      await user!.client.post(`/api/v1/client/official-accounts/${oa.account.appid}/messages`, {
        type: 'location',
        latitude: 22.54,
        longitude: 114.05,
        scale: 15,
        label: '深圳',
      });
      await server.ctx.push.drain();
      expect(own.received.at(-1)!.message).toMatchObject({
        MsgType: 'location',
        Location_X: '22.54',
        Location_Y: '114.05',
        Scale: '15',
        Label: '深圳',
      });
      // An image: the server gets PicUrl and MediaId, and both give back the bytes.
      const image = await user!.client.post(`/api/v1/client/official-accounts/${oa.account.appid}/messages`, {
        type: 'image',
        image: PNG_ICON,
      });
      expect(image.status).toBe(201);
      await server.ctx.push.drain();
      const pushed = own.received.at(-1)!.message as Record<string, string>;
      expect(pushed).toMatchObject({ MsgType: 'image', MsgId: image.body.msgId });
      expect(Buffer.from(await (await fetch(pushed.PicUrl!)).arrayBuffer())).toEqual(png);
      const token = (await (wechatApi(server.url, oa.account.appid, oa.secret) as any).getAccessToken())
        .accessToken;
      const viaApi = await fetch(
        `${server.url}/cgi-bin/media/get?access_token=${token}&media_id=${pushed.MediaId}`,
      );
      expect(Buffer.from(await viaApi.arrayBuffer())).toEqual(png);
      const notImage = await user!.client.post(
        `/api/v1/client/official-accounts/${oa.account.appid}/messages`,
        {
          type: 'image',
          image: `data:image/png;base64,${Buffer.from('nope').toString('base64')}`,
        },
      );
      expect(notImage.status).toBe(400);
    } finally {
      await own.close();
    }
  });

  it('refuses messages to an account the user does not follow', async () => {
    const oa = await individualAccount(server);
    const [user] = await endUsers(server, 1, 'stranger');
    const sent = await user!.client.post(`/api/v1/client/official-accounts/${oa.account.appid}/messages`, {
      type: 'text',
      content: 'hi',
    });
    expect(sent.status).toBe(409);
    expect(sent.body.error.code).toBe('oa_not_following');
  });

  it('sends customer-service messages within WeChat windows: 5 in 48 h after a message, 3 in the minute after a follow', async () => {
    const oa = await individualAccount(server);
    const api = wechatApi(server.url, oa.account.appid, oa.secret) as any;
    const [talker, follower] = await endUsers(server, 2, 'cs');
    const talkerOpenid = (
      await talker!.client.post(`/api/v1/client/official-accounts/${oa.account.appid}/follow`)
    ).body.openid;
    const followerOpenid = (
      await follower!.client.post(`/api/v1/client/official-accounts/${oa.account.appid}/follow`)
    ).body.openid;
    await talker!.client.post(`/api/v1/client/official-accounts/${oa.account.appid}/messages`, {
      type: 'text',
      content: '在吗',
    });
    for (let i = 0; i < 5; i++) {
      server.clock.advance(10);
      expect(await api.sendText(talkerOpenid, `回复 ${i}`)).toMatchObject({ errcode: 0 });
    }
    expect((await api.sendText(talkerOpenid, 'one too many').catch(fail)).code).toBe(45047);
    for (let i = 0; i < 3; i++)
      expect(await api.sendText(followerOpenid, `欢迎 ${i}`)).toMatchObject({ errcode: 0 });
    expect((await api.sendText(followerOpenid, 'fourth').catch(fail)).code).toBe(45047);
    const conversation = (
      await talker!.client.get(`/api/v1/client/official-accounts/${oa.account.appid}/conversation`)
    ).body as Array<{ from: string; kind: string; body: any }>;
    expect(conversation.filter((e) => e.kind === 'custom').map((e) => e.body.content)).toEqual([
      '回复 4',
      '回复 3',
      '回复 2',
      '回复 1',
      '回复 0',
    ]);
    // Past 48 hours the window is shut.
    server.clock.advance(48 * 3600 * 1000 + 1000);
    const [late] = await endUsers(server, 1, 'late');
    await late!.client.post(`/api/v1/client/official-accounts/${oa.account.appid}/follow`);
    server.clock.advance(61_000);
    const fresh = await oaCall(server.url, oa.account.appid, oa.secret);
    expect(
      (
        await fresh('/cgi-bin/message/custom/send', {
          touser: talkerOpenid,
          msgtype: 'text',
          text: { content: 'late' },
        })
      ).errcode,
    ).toBe(45015);
    expect(
      (
        await fresh('/cgi-bin/message/custom/send', {
          touser: talkerOpenid,
          msgtype: 'voice',
          voice: { media_id: 'x' },
        })
      ).errcode,
    ).toBe(40008);
    expect(
      (
        await fresh('/cgi-bin/message/custom/send', {
          touser: 'obadopenid',
          msgtype: 'text',
          text: { content: 'x' },
        })
      ).errcode,
    ).toBe(40003);
  });

  it('opens a one-minute window of 3 customer-service messages when a follower clicks a click button', async () => {
    const oa = await individualAccount(server);
    const api = wechatApi(server.url, oa.account.appid, oa.secret) as any;
    await api.createMenu({ button: [{ type: 'click', name: '签到', key: 'CHECK_IN' }] });
    const [user] = await endUsers(server, 1, 'clicker');
    const openid = (await user!.client.post(`/api/v1/client/official-accounts/${oa.account.appid}/follow`))
      .body.openid;
    server.clock.advance(61_000);
    const fresh = await oaCall(server.url, oa.account.appid, oa.secret);
    const text = { touser: openid, msgtype: 'text', text: { content: '签到成功' } };
    expect((await fresh('/cgi-bin/message/custom/send', text)).errcode).toBe(45015);
    const base = `/api/v1/client/official-accounts/${oa.account.appid}/menu`;
    const { menuid } = (await user!.client.get(base)).body.menu;
    expect((await user!.client.post(`${base}/click`, { menuid, index: 0 })).body).toEqual({ action: 'none' });
    for (let i = 0; i < 3; i++) expect((await fresh('/cgi-bin/message/custom/send', text)).errcode).toBe(0);
    expect((await fresh('/cgi-bin/message/custom/send', text)).errcode).toBe(45047);
  });

  it('sends a miniprogrampage card with an uploaded thumbnail to a linked, released mini program (scene 1074)', async () => {
    const code = await codeWorld(server, '卡片');
    await releaseVersion(code, 'v1');
    const { account, secret } = await accountOf(code);
    const wx = await oaCall(server.url, account.appid, secret);
    const api = wechatApi(server.url, account.appid, secret) as any;
    const [user] = await endUsers(server, 1, 'card');
    const openid = (await user!.client.post(`/api/v1/client/official-accounts/${account.appid}/follow`)).body
      .openid;
    await user!.client.post(`/api/v1/client/official-accounts/${account.appid}/messages`, {
      type: 'text',
      content: '卡片',
    });
    const uploaded = await api.uploadMedia(png, 'image', 'thumb.png', 'image/png');
    expect(uploaded).toMatchObject({ type: 'image' });
    expect(typeof uploaded.media_id).toBe('string');
    const card = {
      title: '打开小程序',
      appid: code.app.appid,
      pagepath: 'pages/form/form',
      thumb_media_id: uploaded.media_id,
    };
    expect((await api.sendMiniProgram(openid, card).catch(fail)).code).toBe(40166);
    expect((await wx('/cgi-bin/wxopen/wxamplink', { appid: code.app.appid })).errcode).toBe(0);
    server.clock.advance(1000);
    expect(await api.sendMiniProgram(openid, card)).toMatchObject({ errcode: 0 });
    expect(
      (await api.sendMiniProgram(openid, { ...card, pagepath: 'pages/missing/missing' }).catch(fail)).code,
    ).toBe(40165);
    expect((await api.sendMiniProgram(openid, { ...card, thumb_media_id: 'nope' }).catch(fail)).code).toBe(
      40007,
    );
    const conversation = (
      await user!.client.get(`/api/v1/client/official-accounts/${account.appid}/conversation`)
    ).body as Array<{ kind: string; body: any }>;
    expect(conversation[0]).toMatchObject({
      kind: 'custom',
      body: { msgtype: 'miniprogrampage', appid: code.app.appid, pagepath: 'pages/form/form', scene: 1074 },
    });
    const thumb = await fetch(`${server.url}/api/v1/client/media/${uploaded.media_id}`, {
      headers: {
        authorization: `Bearer ${(await user!.client.post('/api/v1/client/signin', { username: user!.username, password: 'password-123' })).body.token}`,
      },
    });
    expect(thumb.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await thumb.arrayBuffer())).toEqual(png);
    // Bytes that are not an image are refused whatever they claim to be.
    expect(
      (await api.uploadMedia(Buffer.from('not an image'), 'image', 'x.png', 'image/png').catch(fail)).code,
    ).toBe(40005);
  });

  it('broadcasts within the quota (1 a day for a subscription account), dedupes clientmsgid, reports MASSSENDJOBFINISH; a link notice uses no quota', async () => {
    const code = await codeWorld(server, '群发');
    await releaseVersion(code, 'v1');
    const { account, secret } = await accountOf(code);
    const api = wechatApi(server.url, account.appid, secret) as any;
    const wx = await oaCall(server.url, account.appid, secret);
    const users = await endUsers(server, 4, 'mass');
    for (const user of users)
      await user.client.post(`/api/v1/client/official-accounts/${account.appid}/follow`);
    // The link notification first: it must leave the day's broadcast untouched.
    expect(
      (await wx('/cgi-bin/wxopen/wxamplink', { appid: code.app.appid, notify_users: true })).errcode,
    ).toBe(0);
    const sent = await api.massSendText('今日通知', true, 'client-1');
    expect(sent).toMatchObject({ errcode: 0 });
    expect(typeof sent.msg_id).toBe('number');
    const again = await wx('/cgi-bin/message/mass/sendall', {
      filter: { is_to_all: true },
      msgtype: 'text',
      text: { content: '今日通知' },
      clientmsgid: 'client-1',
    });
    expect(again).toMatchObject({ errcode: 45065, msg_id: sent.msg_id });
    expect((await api.massSendText('第二条', true).catch(fail)).code).toBe(45028);
    await expect
      .poll(async () => (await wx('/cgi-bin/message/mass/get', { msg_id: sent.msg_id })).msg_status, {
        timeout: 10_000,
      })
      .toBe('SEND_SUCCESS');
    const finished = await expect
      .poll(
        async () => {
          const rows = await server.ctx.store.db
            .selectFrom('app_events')
            .select('payload')
            .where('appid', '=', account.appid)
            .where('type', '=', 'MASSSENDJOBFINISH')
            .execute();
          return rows.map((r) => JSON.parse(r.payload));
        },
        { timeout: 10_000 },
      )
      .toHaveLength(1);
    void finished;
    const [event] = (
      await server.ctx.store.db
        .selectFrom('app_events')
        .select('payload')
        .where('appid', '=', account.appid)
        .where('type', '=', 'MASSSENDJOBFINISH')
        .execute()
    ).map((r) => JSON.parse(r.payload));
    expect(event).toMatchObject({
      MsgType: 'event',
      Event: 'MASSSENDJOBFINISH',
      MsgID: String(sent.msg_id),
      Status: 'send success',
      SentCount: 4,
      ErrorCount: 0,
    });
    for (const user of users) {
      const conversation = (
        await user.client.get(`/api/v1/client/official-accounts/${account.appid}/conversation`)
      ).body as Array<{ kind: string; body: any }>;
      expect(conversation.map((e) => e.kind).sort()).toEqual(['broadcast', 'link_notice']);
    }
    // A day later the quota is back.
    server.clock.advance(24 * 3600 * 1000);
    expect(
      await (wechatApi(server.url, account.appid, secret) as any).massSendText('明天', true),
    ).toMatchObject({ errcode: 0 });
  });

  it('tags followers and broadcasts to a tag or an openid list (at least two)', async () => {
    const oa = await individualAccount(server);
    const api = wechatApi(server.url, oa.account.appid, oa.secret) as any;
    const users = await endUsers(server, 3, 'tag');
    const openids: string[] = [];
    for (const user of users)
      openids.push(
        (await user.client.post(`/api/v1/client/official-accounts/${oa.account.appid}/follow`)).body.openid,
      );
    const { tag } = await api.createTags('会员');
    expect(tag).toMatchObject({ id: 100, name: '会员' });
    expect((await api.createTags('会员').catch(fail)).code).toBe(45157);
    expect(await api.batchTagging([openids[0], openids[1]], tag.id)).toMatchObject({ errcode: 0 });
    expect((await api.getTags()).tags).toEqual([{ id: 100, name: '会员', count: 2 }]);
    expect((await api.getIdList(openids[0])).tagid_list).toEqual([100]);
    expect((await api.getUsersFromTag(tag.id)).data.openid.sort()).toEqual([openids[0], openids[1]].sort());
    const info = await api.getUser({ openid: openids[0], lang: 'zh_CN' });
    expect(info.tagid_list).toEqual([100]);
    const sent = await api.massSendText('会员专享', tag.id);
    expect(sent.errcode).toBe(0);
    await expect
      .poll(
        async () =>
          (await users[0]!.client.get(`/api/v1/client/official-accounts/${oa.account.appid}/conversation`))
            .body.length,
        { timeout: 10_000 },
      )
      .toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(
      (await users[2]!.client.get(`/api/v1/client/official-accounts/${oa.account.appid}/conversation`)).body,
    ).toEqual([]);
    expect((await api.massSendText('one', [openids[0]]).catch(fail)).code).toBe(40130);
    expect((await api.massSendText('x', 999).catch(fail)).code).toBe(40152);
  });
});
