import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CodeWorld, codeWorld, releaseVersion } from './code-world.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { endUsers, oaCall, wechatApi } from './oa-world.ts';
import { wechatMiddlewareServer } from './push-servers.ts';
import { PNG_ICON } from './world.ts';

const KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const TOKEN = 'mpToken42';
const png = Buffer.from(PNG_ICON.split(',')[1]!, 'base64');
const DAY = 24 * 3600 * 1000;
const fail = (error: { code?: number }) => error;

type User = Awaited<ReturnType<typeof endUsers>>[number];

describe.each(dialects)("a mini program's own messages on %s", (dialect) => {
  let server: TestServer;
  let w: CodeWorld;
  /** The user's openid for the world's mini program, as jscode2session would report it. */
  const openidOf = (user: User) =>
    server.ctx.mpMessages.notifications.openid({ id: w.app.id, appid: w.app.appid, name: null }, user.id);
  const notices = async (user: User) =>
    (await user.client.get('/api/v1/client/service-notifications')).body as Array<{
      kind: string;
      body: any;
    }>;
  const formId = async (user: User) =>
    (await user.client.post(`/api/v1/client/miniprograms/${w.app.appid}/form-ids`)).body.formId as string;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    await server.ctx.settings.set('push.privateAddresses', true);
    w = await codeWorld(server, '消息');
    await releaseVersion(w, 'v1');
  });
  afterAll(async () => {
    await server.close();
  });

  it("keeps the mini program's templates: the library's titles and keywords, added in the developer's order, listed and deleted", async () => {
    const titles = await w.wx('/wxaapi/newtmpl/getpubtemplatetitles?start=0&limit=2');
    expect(titles).toMatchObject({ errcode: 0, count: 3 });
    expect(titles.data).toHaveLength(2);
    const keywords = await w.wx(`/wxaapi/newtmpl/getpubtemplatekeywords?tid=${titles.data[0].tid}`);
    expect(keywords.data.map((k: { kid: number }) => k.kid)).toEqual([1, 2, 3, 4, 5]);
    expect((await w.wx('/wxaapi/newtmpl/getpubtemplatekeywords?tid=999')).errcode).toBe(200014);
    expect((await w.wx('/wxaapi/newtmpl/addtemplate', { tid: '1401', kidList: [1] })).errcode).toBe(200020);
    expect((await w.wx('/wxaapi/newtmpl/addtemplate', { tid: '1401', kidList: [1, 9] })).errcode).toBe(
      200020,
    );
    const added = await w.wx('/wxaapi/newtmpl/addtemplate', {
      tid: 1401,
      kidList: [3, 1],
      sceneDesc: '发货',
    });
    expect(added.errcode).toBe(0);
    const mine = await w.wx('/wxaapi/newtmpl/gettemplate');
    expect(mine.data).toContainEqual({
      priTmplId: added.priTmplId,
      title: '订单发货通知',
      content: '发货时间:{{time3.DATA}}\n商品名称:{{thing1.DATA}}',
      example: '发货时间:2026年12月01日 10:30\n商品名称:夏季新款T恤',
      type: 2,
    });
    expect((await w.wx('/wxaapi/newtmpl/deltemplate', { priTmplId: added.priTmplId })).errcode).toBe(0);
    expect((await w.wx('/wxaapi/newtmpl/deltemplate', { priTmplId: added.priTmplId })).errcode).toBe(40037);

    const library = await w.wx('/cgi-bin/wxopen/template/library/list', { offset: 0, count: 5 });
    expect(library).toMatchObject({ errcode: 0, total_count: 3 });
    const legacy = await w.wx('/cgi-bin/wxopen/template/library/get', { id: library.list[1].id });
    expect(legacy.keyword_list[0]).toMatchObject({ keyword_id: 1, name: '预约项目' });
    const template = await w.wx('/cgi-bin/wxopen/template/add', {
      id: library.list[1].id,
      keyword_id_list: [1, 2],
    });
    const listed = await w.wx('/cgi-bin/wxopen/template/list', { offset: 0, count: 20 });
    expect(listed.list).toContainEqual(
      expect.objectContaining({
        template_id: template.template_id,
        content: '预约项目:{{keyword1.DATA}}\n预约时间:{{keyword2.DATA}}',
      }),
    );
    expect((await w.wx('/cgi-bin/wxopen/template/del', { template_id: template.template_id })).errcode).toBe(
      0,
    );
    // A subscription template is not a 2017 template, and the other way round.
    expect((await w.wx('/cgi-bin/wxopen/template/del', { template_id: 'nope' })).errcode).toBe(40037);
  });

  it('sends a 2017 template message with a form_id into service notifications (scene 1014); a used, expired or foreign form_id sends nothing', async () => {
    const [user, other] = await endUsers(server, 2, 'form');
    const library = await w.wx('/cgi-bin/wxopen/template/library/list', { offset: 0, count: 1 });
    const { template_id } = await w.wx('/cgi-bin/wxopen/template/add', {
      id: library.list[0].id,
      keyword_id_list: [1, 2],
    });
    const openid = openidOf(user!);
    const id = await formId(user!);
    const send = (extra: Record<string, unknown> = {}) =>
      w.wx('/cgi-bin/message/wxopen/template/send', {
        touser: openid,
        template_id,
        page: 'pages/form/form?order=7',
        form_id: id,
        data: { keyword1: { value: 'T恤' }, keyword2: { value: 'SF1001', color: '#ff0000' } },
        emphasis_keyword: 'keyword1.DATA',
        ...extra,
      });
    // Each check refuses before the form_id is spent.
    expect((await send({ touser: 'not-an-openid' })).errcode).toBe(40003);
    expect((await send({ template_id: 'nope' })).errcode).toBe(40037);
    expect((await send({ page: 'pages/missing/missing' })).errcode).toBe(41030);
    expect((await send({ form_id: 'made-up' })).errcode).toBe(41028);
    expect((await send({ touser: openidOf(other!) })).errcode).toBe(41028);
    expect((await send({ data: { keyword1: { value: 'T恤' } } })).errcode).toBe(47003);
    expect((await send({ emphasis_keyword: 'keyword9.DATA' })).errcode).toBe(47003);
    expect(await notices(user!)).toEqual([]);

    expect(await send()).toEqual({ errcode: 0, errmsg: 'ok' });
    const [card] = await notices(user!);
    expect(card).toMatchObject({
      kind: 'mp_template',
      body: {
        appid: w.app.appid,
        title: '订单发货通知',
        page: 'pages/form/form?order=7',
        scene: 1014,
        envVersion: 'release',
        emphasis: 'keyword1',
        fields: [
          { key: 'keyword1', name: '商品名称', value: 'T恤' },
          { key: 'keyword2', name: '订单编号', value: 'SF1001', color: '#ff0000' },
        ],
      },
    });
    // Single use: the second send is refused and nothing more arrives.
    expect((await send()).errcode).toBe(41029);
    expect(await notices(user!)).toHaveLength(1);
    expect(await notices(other!)).toEqual([]);

    // Valid 7 days.
    const late = await formId(user!);
    server.clock.advance(7 * DAY + 1);
    expect((await send({ form_id: late })).errcode).toBe(41028);

    // A payment's prepay_id allows three messages.
    const prepay = await server.ctx.mpMessages.notifications.issueFormId(
      { id: w.app.id, appid: w.app.appid, name: null },
      user!.id,
      'payment',
    );
    for (let i = 0; i < 3; i++) expect((await send({ form_id: prepay })).errcode).toBe(0);
    expect((await send({ form_id: prepay })).errcode).toBe(41029);
    expect(await notices(user!)).toHaveLength(4);

    // The API's daily quota answers 45009.
    await server.ctx.settings.set('api.dailyQuota./cgi-bin/message/wxopen/template/send', 0);
    expect((await send({ form_id: await formId(user!) })).errcode).toBe(45009);
    await server.ctx.settings.set('api.dailyQuota./cgi-bin/message/wxopen/template/send', 100_000);
  });

  it('sends one subscription message per consent (scene 1107, the version miniprogram_state names); without consent 43101 and nothing sent', async () => {
    const [user] = await endUsers(server, 1, 'sub');
    const { priTmplId } = await w.wx('/wxaapi/newtmpl/addtemplate', { tid: 1403, kidList: [1, 2, 4] });
    const openid = openidOf(user!);
    const data = {
      thing1: { value: '周末读书会' },
      phrase2: { value: '报名成功' },
      number4: { value: '12' },
    };
    const send = (extra: Record<string, unknown> = {}) =>
      w.wx('/cgi-bin/message/subscribe/send', {
        touser: openid,
        template_id: priTmplId,
        page: 'pages/index/index',
        data,
        ...extra,
      });
    // An openid the mini program was never handed is unknown; after wx.login it is the user's, without consent.
    expect((await send()).errcode).toBe(40003);
    const [loggedIn] = await endUsers(server, 1, 'login');
    expect((await loggedIn!.client.post(`/api/v1/client/miniprograms/${w.app.appid}/login`)).status).toBe(
      200,
    );
    expect((await send({ touser: openidOf(loggedIn!) })).errcode).toBe(43101);
    const answers = (
      await user!.client.post(`/api/v1/client/miniprograms/${w.app.appid}/subscriptions`, {
        answers: { [priTmplId]: 'reject', unknownTemplate: 'accept' },
      })
    ).body;
    expect(answers).toEqual({ result: { [priTmplId]: 'reject', unknownTemplate: 'filter' } });
    expect((await send()).errcode).toBe(43101);
    expect(await notices(user!)).toEqual([]);

    const accepted = await user!.client.post(`/api/v1/client/miniprograms/${w.app.appid}/subscriptions`, {
      answers: { [priTmplId]: 'accept' },
    });
    expect(accepted.body.result[priTmplId]).toBe('accept');
    expect((await send({ template_id: 'nope' })).errcode).toBe(40037);
    expect((await send({ miniprogram_state: 'beta' })).errcode).toBe(47003);
    expect((await send({ page: 'pages/missing/missing' })).errcode).toBe(41030);
    // No trial version exists, so no page of it can open.
    expect((await send({ miniprogram_state: 'trial' })).errcode).toBe(41030);
    expect((await send({ data: { ...data, number4: { value: '十二' } } })).errcode).toBe(47003);
    expect((await send({ data: { ...data, thing1: { value: '一'.repeat(21) } } })).errcode).toBe(47003);
    expect(await send({ miniprogram_state: 'developer' })).toEqual({ errcode: 0, errmsg: 'ok' });
    expect((await send()).errcode).toBe(43101);
    const [card] = await notices(user!);
    expect(card).toMatchObject({
      kind: 'mp_subscribe',
      body: {
        appid: w.app.appid,
        title: '活动报名结果通知',
        page: 'pages/index/index',
        scene: 1107,
        envVersion: 'develop',
        fields: [
          { key: 'thing1', name: '活动名称', value: '周末读书会' },
          { key: 'phrase2', name: '报名结果', value: '报名成功' },
          { key: 'number4', name: '参与人数', value: '12' },
        ],
      },
    });
    expect(await notices(user!)).toHaveLength(1);
    // Two consents, two messages.
    await user!.client.post(`/api/v1/client/miniprograms/${w.app.appid}/subscriptions`, {
      answers: { [priTmplId]: 'accept' },
    });
    await user!.client.post(`/api/v1/client/miniprograms/${w.app.appid}/subscriptions`, {
      answers: { [priTmplId]: 'accept' },
    });
    expect((await send()).errcode).toBe(0);
    expect((await send()).errcode).toBe(0);
    expect((await send()).errcode).toBe(43101);
    expect(await notices(user!)).toHaveLength(3);
    // Unknown fields and more than three templates are refused at the edge.
    const refused = await user!.client.post(`/api/v1/client/miniprograms/${w.app.appid}/subscriptions`, {
      answers: { a: 'accept', b: 'accept', c: 'accept', d: 'accept' },
    });
    expect(refused.status).toBe(400);
  });

  it('pushes customer-service contacts and texts to the developer server (safe mode); replies fit in the windows: 2 in the minute after entering, 5 in 48 hours after a message (45047 past, 45015 outside)', async () => {
    const dev = await wechatMiddlewareServer({ token: TOKEN, appid: w.app.appid, encodingAESKey: KEY });
    try {
      const configured = await w.dev.put(`/api/v1/push/${w.app.appid}/config`, {
        url: dev.url,
        token: TOKEN,
        encodingAESKey: KEY,
        mode: 'safe',
      });
      expect(configured.status).toBe(200);
      const [user, stranger] = await endUsers(server, 2, 'cs');
      const openid = openidOf(user!);
      const api = wechatApi(server.url, w.app.appid, w.secret) as any;
      const text = (content: string) => ({ touser: openid, msgtype: 'text', text: { content } });
      expect((await w.wx('/cgi-bin/message/custom/send', text('早'))).errcode).toBe(40003);

      const base = `/api/v1/client/miniprograms/${w.app.appid}`;
      expect((await user!.client.post(`${base}/contact`, { sessionFrom: 'order-7' })).status).toBe(200);
      await server.ctx.push.drain();
      expect(dev.received.at(-1)!.message).toMatchObject({
        ToUserName: w.app.originalId,
        FromUserName: openid,
        MsgType: 'event',
        Event: 'user_enter_tempsession',
        SessionFrom: 'order-7',
      });
      expect(await api.sendText(openid, '您好')).toMatchObject({ errcode: 0 });
      expect((await w.wx('/cgi-bin/message/custom/send', text('在吗'))).errcode).toBe(0);
      expect((await w.wx('/cgi-bin/message/custom/send', text('还在'))).errcode).toBe(45047);
      server.clock.advance(61_000);
      expect((await w.wx('/cgi-bin/message/custom/send', text('晚了'))).errcode).toBe(45015);

      const sent = await user!.client.post(`${base}/customer-service/messages`, { content: '我的订单呢' });
      expect(sent.status).toBe(201);
      await server.ctx.push.drain();
      expect(dev.received.at(-1)!.message).toMatchObject({
        MsgType: 'text',
        Content: '我的订单呢',
        FromUserName: openid,
        MsgId: sent.body.msgId,
      });
      server.clock.advance(1000);
      const uploaded = await api.uploadMedia(png, 'image', 'a.png', 'image/png');
      expect(typeof uploaded.media_id).toBe('string');
      expect(await api.sendImage(openid, uploaded.media_id)).toMatchObject({ errcode: 0 });
      const link = {
        touser: openid,
        msgtype: 'link',
        link: { title: '物流', description: '点击查看', url: 'https://example.com/t', thumb_url: '' },
      };
      expect((await w.wx('/cgi-bin/message/custom/send', link)).errcode).toBe(0);
      const card = { title: '订单详情', pagepath: 'pages/form/form?id=7', thumb_media_id: uploaded.media_id };
      expect(
        (await api.sendMiniProgram(openid, { ...card, pagepath: 'pages/nope/nope' }).catch(fail)).code,
      ).toBe(40165);
      expect((await api.sendMiniProgram(openid, { ...card, thumb_media_id: 'nope' }).catch(fail)).code).toBe(
        40007,
      );
      expect(await api.sendMiniProgram(openid, card)).toMatchObject({ errcode: 0 });
      expect((await w.wx('/cgi-bin/message/custom/send', { touser: openid, msgtype: 'voice' })).errcode).toBe(
        40008,
      );
      expect((await w.wx('/cgi-bin/message/custom/send', text('第四条'))).errcode).toBe(0);
      expect((await w.wx('/cgi-bin/message/custom/send', text('第五条'))).errcode).toBe(0);
      expect((await w.wx('/cgi-bin/message/custom/send', text('第六条'))).errcode).toBe(45047);

      const conversation = (await user!.client.get(`${base}/customer-service`)).body as Array<{
        from: string;
        kind: string;
        body: any;
      }>;
      expect(conversation.map((e) => `${e.from}:${e.kind}`).reverse()).toEqual([
        'developer:text',
        'developer:text',
        'user:text',
        'developer:image',
        'developer:link',
        'developer:miniprogrampage',
        'developer:text',
        'developer:text',
      ]);
      expect(conversation[2]!.body).toMatchObject({
        appid: w.app.appid,
        pagepath: 'pages/form/form?id=7',
        scene: 1073,
      });
      const image = await user!.client.get(`/api/v1/client/mp-media/${uploaded.media_id}`);
      expect(image.status).toBe(200);
      // Delivered live too: the inbox carries each reply.
      const inbox = (await user!.client.get('/api/v1/client/inbox')).body.items as Array<{ kind: string }>;
      expect(inbox.filter((i) => i.kind === 'mp_custom')).toHaveLength(7);
      // Someone else's conversation stays theirs.
      expect((await stranger!.client.get(`${base}/customer-service`)).body).toEqual([]);

      server.clock.advance(48 * 3600 * 1000);
      const later = wechatApi(server.url, w.app.appid, w.secret) as any;
      expect((await later.sendText(openid, '过期').catch(fail)).code).toBe(45015);
    } finally {
      await dev.close();
    }
  });

  it("works with co-wechat-api's mini program template and subscription calls", async () => {
    const [user] = await endUsers(server, 1, 'sdk');
    const api = wechatApi(server.url, w.app.appid, w.secret) as any;
    // Earlier tests moved the clock two days on: a token of its own, as a fresh integrator would have.
    const wx = await oaCall(server.url, w.app.appid, w.secret);
    const openid = openidOf(user!);
    const library = await wx('/cgi-bin/wxopen/template/library/list', { offset: 0, count: 1 });
    const { template_id } = await wx('/cgi-bin/wxopen/template/add', {
      id: library.list[0].id,
      keyword_id_list: [1],
    });
    const id = await formId(user!);
    const data = { keyword1: { value: '卫衣' } };
    expect(
      await api.sendMiniProgramTemplate(
        openid,
        template_id,
        'pages/index/index',
        id,
        data,
        '',
        'keyword1.DATA',
      ),
    ).toMatchObject({ errcode: 0 });
    expect(
      (await api.sendMiniProgramTemplate(openid, template_id, 'pages/index/index', id, data).catch(fail))
        .code,
    ).toBe(41029);
    server.clock.advance(1000);
    const { priTmplId } = await wx('/wxaapi/newtmpl/addtemplate', { tid: 1402, kidList: [1, 2] });
    const subscription = { thing1: { value: '理发' }, time2: { value: '2026年12月02日 14:00' } };
    expect(
      (await api.sendSubscribeMessage(openid, priTmplId, 'pages/index/index', subscription).catch(fail)).code,
    ).toBe(43101);
    await user!.client.post(`/api/v1/client/miniprograms/${w.app.appid}/subscriptions`, {
      answers: { [priTmplId]: 'accept' },
    });
    expect(
      await api.sendSubscribeMessage(openid, priTmplId, 'pages/index/index', subscription),
    ).toMatchObject({
      errcode: 0,
    });
    expect(
      (await api.sendSubscribeMessage(openid, priTmplId, 'pages/index/index', subscription).catch(fail)).code,
    ).toBe(43101);
    expect((await notices(user!)).map((n) => n.body.scene)).toEqual([1107, 1014]);
  });
});
