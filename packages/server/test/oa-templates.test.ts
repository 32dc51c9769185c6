import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoTemplates } from '../src/features/oa-templates/demo.ts';
import type { ApiClient } from './client.ts';
import { type CodeWorld, codeWorld, releaseVersion } from './code-world.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { endUsers, individualAccount, oaCall, organisationAccount, wechatApi } from './oa-world.ts';
import { adminClient } from './world.ts';

const PAYMENT = 'TM00015';
const paymentData = {
  first: { value: '我们已收到您的货款', color: '#173177' },
  orderMoneySum: { value: '30.00元' },
  orderProductName: { value: '小程序开发入门', color: '#FF0000' },
  Remark: { value: '如有问题请在微信留言' },
};

/** What a refusal must leave untouched: no message, no send, no event. */
async function footprint(server: TestServer, accountId: string, appid: string) {
  const db = server.ctx.store.db;
  const count = async (query: Promise<{ n: number | string | bigint } | undefined>) =>
    Number((await query)?.n ?? 0);
  return {
    messages: await count(
      db
        .selectFrom('messages')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('sender_account_id', '=', accountId)
        .executeTakeFirst(),
    ),
    sends: await count(
      db
        .selectFrom('oa_template_sends')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('account_id', '=', accountId)
        .executeTakeFirst(),
    ),
    events: (await server.ctx.events.forApp(appid, 1000)).filter((e) => e.type === 'TEMPLATESENDJOBFINISH')
      .length,
  };
}

/** Raw WeChat-face calls with a token fresh now (a newer token retires older ones after 5 minutes). */
async function freshCall(server: TestServer, appid: string, secret: string) {
  const { accessToken } = await wechatApi(server.url, appid, secret).getAccessToken();
  const call = async (path: string, body?: unknown) => {
    const response = await fetch(`${server.url}${path}?access_token=${accessToken}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return response.json() as Promise<any>;
  };
  return Object.assign(call, { token: accessToken });
}

describe.each(dialects)('template messages of service accounts on %s', (dialect) => {
  let server: TestServer;
  let admin: ApiClient;
  /** A service account linked to a released mini program, with followers and the payment template. */
  let world: {
    code: CodeWorld;
    account: { id: string; appid: string; originalId: string };
    secret: string;
    templateId: string;
    followers: Awaited<ReturnType<typeof endUsers>>;
    openids: string[];
  };
  const wx = async () => freshCall(server, world.account.appid, world.secret);

  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await adminClient(server.url, (email) =>
      server.ctx.accounts.createUser({ email, password: 'password-123', role: 'admin' }),
    );
    // The code world's developer is an individual; the operator lets individuals run service accounts here.
    await server.ctx.settings.set('officialAccounts.individualServiceAccounts', true);
    const code = await codeWorld(server, '模板');
    await releaseVersion(code, 'v1');
    const subjects = (await code.dev.get('/api/v1/subjects')).body as Array<{ id: string }>;
    const created = await code.dev.post('/api/v1/official-accounts', {
      subjectId: subjects[0]!.id,
      name: `模板服务号${dialect}`,
      type: 'service',
    });
    expect(created.status).toBe(201);
    const { account, secret } = created.body;
    const setup = await oaCall(server.url, account.appid, secret);
    expect((await setup('/cgi-bin/wxopen/wxamplink', { appid: code.app.appid })).errcode).toBe(0);
    expect(
      (await setup('/cgi-bin/template/api_set_industry', { industry_id1: 1, industry_id2: '13' })).errcode,
    ).toBe(0);
    const added = await setup('/cgi-bin/template/api_add_template', { template_id_short: PAYMENT });
    expect(added.errcode).toBe(0);
    const followers = await endUsers(server, 3, 'tpl');
    const openids: string[] = [];
    for (const user of followers) {
      const followed = await user.client.post(`/api/v1/client/official-accounts/${account.appid}/follow`);
      openids.push(followed.body.openid);
    }
    world = { code, account, secret, templateId: added.template_id, followers, openids };
  });
  afterAll(() => server.close());

  const inbox = (userId: string) =>
    server.ctx.store.db
      .selectFrom('deliveries')
      .innerJoin('messages', 'messages.id', 'deliveries.message_id')
      .select(['messages.id', 'messages.kind', 'messages.body'])
      .where('deliveries.user_id', '=', userId)
      .where('messages.sender_account_id', '=', world.account.id)
      .execute();
  const templateEvents = async () =>
    (await server.ctx.events.forApp(world.account.appid, 1000))
      .filter((e) => e.type === 'TEMPLATESENDJOBFINISH')
      .map((e) => JSON.parse(e.payload) as Record<string, unknown>);

  it('refuses every template call of a subscription account with 48001', async () => {
    const sub = await individualAccount(server);
    const wx = await oaCall(server.url, sub.account.appid, sub.secret);
    expect(
      (await wx('/cgi-bin/template/api_set_industry', { industry_id1: 1, industry_id2: 2 })).errcode,
    ).toBe(48001);
    expect((await wx('/cgi-bin/template/get_industry')).errcode).toBe(48001);
    expect((await wx('/cgi-bin/template/api_add_template', { template_id_short: PAYMENT })).errcode).toBe(
      48001,
    );
    expect((await wx('/cgi-bin/template/get_all_private_template')).errcode).toBe(48001);
    expect((await wx('/cgi-bin/template/del_private_template', { template_id: 'x' })).errcode).toBe(48001);
    expect(
      (await wx('/cgi-bin/message/template/send', { touser: world.openids[0], template_id: 'x', data: {} }))
        .errcode,
    ).toBe(48001);
  });

  it("sets and reads the industries with WeChat's ids and names through co-wechat-api; 40102 outside the table", async () => {
    const org = await organisationAccount(server, admin);
    const api = wechatApi(server.url, org.account.appid, org.secret) as any;
    expect(await api.setIndustry({ industry_id1: '1', industry_id2: '13' })).toMatchObject({ errcode: 0 });
    expect(await api.getIndustry()).toMatchObject({
      primary_industry: { first_class: 'IT科技', second_class: '互联网/电子商务' },
      secondary_industry: { first_class: '运输与仓储', second_class: '快递' },
    });
    await expect(api.setIndustry({ industry_id1: '42', industry_id2: '1' })).rejects.toMatchObject({
      code: 40102,
    });
    await expect(api.setIndustry({ industry_id1: '1', industry_id2: 'x' })).rejects.toMatchObject({
      code: 40102,
    });
    expect((await api.getIndustry()).secondary_industry.second_class).toBe('快递');
  });

  it('adds library templates by template_id_short, lists them with WeChat fields and deletes them; 40037, 45027, 45026', async () => {
    const org = await organisationAccount(server, admin);
    const api = wechatApi(server.url, org.account.appid, org.secret) as any;
    // No industry yet: the template's industry cannot match.
    await expect(api.addTemplate(PAYMENT)).rejects.toMatchObject({ code: 45027 });
    await api.setIndustry({ industry_id1: '1', industry_id2: '16' });
    await expect(api.addTemplate('TM99999')).rejects.toMatchObject({ code: 40037 });
    // The shipping template belongs to 运输与仓储/快递, not one of this account's industries.
    await expect(api.addTemplate('OPENTM207940503')).rejects.toMatchObject({ code: 45027 });
    const added = await api.addTemplate(PAYMENT);
    expect(added).toMatchObject({ errcode: 0, template_id: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    const list = await api.getAllPrivateTemplate();
    expect(list.template_list).toEqual([
      {
        template_id: added.template_id,
        title: '订单支付成功',
        primary_industry: 'IT科技',
        deputy_industry: '互联网/电子商务',
        content: expect.stringContaining('{{orderMoneySum.DATA}}'),
        example: expect.any(String),
      },
    ]);
    for (let i = 1; i < 25; i++) await api.addTemplate(i % 2 ? 'OPENTM411083255' : PAYMENT);
    await expect(api.addTemplate(PAYMENT)).rejects.toMatchObject({ code: 45026 });
    expect((await api.getAllPrivateTemplate()).template_list).toHaveLength(25);
    expect(await api.delPrivateTemplate(added.template_id)).toMatchObject({ errcode: 0 });
    await expect(api.delPrivateTemplate(added.template_id)).rejects.toMatchObject({ code: 40037 });
    // Another account's template is not this one's.
    await expect(api.delPrivateTemplate(world.templateId)).rejects.toMatchObject({ code: 40037 });
    expect((await api.addTemplate(PAYMENT)).errcode).toBe(0);
  });

  it('sends with co-wechat-api: one message in the follower’s inbox (scene 1043), a numeric msgid, and TEMPLATESENDJOBFINISH success', async () => {
    const api = wechatApi(server.url, world.account.appid, world.secret) as any;
    const result = await api.sendTemplate(
      world.openids[0],
      world.templateId,
      'https://example.com/order/1',
      '#FF0000',
      paymentData,
      { appid: world.code.app.appid, pagepath: 'pages/form/form?order=1' },
    );
    expect(result).toMatchObject({ errcode: 0, errmsg: 'ok', msgid: expect.any(Number) });
    const messages = await inbox(world.followers[0]!.id);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.kind).toBe('template');
    expect(JSON.parse(messages[0]!.body)).toMatchObject({
      title: '订单支付成功',
      templateId: world.templateId,
      url: 'https://example.com/order/1',
      miniprogram: { appid: world.code.app.appid, pagepath: 'pages/form/form?order=1' },
      scene: 1043,
      fields: [
        { key: 'first', value: '我们已收到您的货款', color: '#173177' },
        { key: 'orderMoneySum', value: '30.00元' },
        { key: 'orderProductName', value: '小程序开发入门', color: '#FF0000' },
        { key: 'Remark', value: '如有问题请在微信留言' },
      ],
      text: expect.stringContaining('支付金额：30.00元'),
    });
    expect(await inbox(world.followers[1]!.id)).toHaveLength(0);
    const event = (await templateEvents()).find((e) => e.MsgID === result.msgid);
    expect(event).toEqual({
      ToUserName: world.account.originalId,
      FromUserName: world.openids[0],
      CreateTime: expect.any(Number),
      MsgType: 'event',
      Event: 'TEMPLATESENDJOBFINISH',
      MsgID: result.msgid,
      Status: 'success',
    });
    // url alone (no miniprogram) is a send too.
    const plain = await api.sendTemplate(
      world.openids[1],
      world.templateId,
      'https://example.com',
      '',
      paymentData,
    );
    expect(plain.msgid).not.toBe(result.msgid);
    expect(JSON.parse((await inbox(world.followers[1]!.id))[0]!.body)).toMatchObject({ miniprogram: null });
  });

  it('answers a repeated client_msg_id for the same user within 10 minutes with the same msgid and sends nothing', async () => {
    const user = world.followers[2]!;
    const body = {
      touser: world.openids[2],
      template_id: world.templateId,
      client_msg_id: 'order-42',
      data: paymentData,
    };
    let call = await wx();
    const first = await call('/cgi-bin/message/template/send', body);
    expect(first).toMatchObject({ errcode: 0, msgid: expect.any(Number) });
    const before = await footprint(server, world.account.id, world.account.appid);
    const again = await call('/cgi-bin/message/template/send', body);
    expect(again).toMatchObject({ errcode: 0, msgid: first.msgid });
    expect(await footprint(server, world.account.id, world.account.appid)).toEqual(before);
    expect(await inbox(user.id)).toHaveLength(1);
    // Another user with the same client_msg_id is another message.
    const other = await call('/cgi-bin/message/template/send', { ...body, touser: world.openids[1] });
    expect(other.msgid).not.toBe(first.msgid);
    // Past ten minutes the same id sends again.
    server.clock.advance(10 * 60 * 1000 + 1);
    call = await wx();
    const later = await call('/cgi-bin/message/template/send', body);
    expect(later.errcode).toBe(0);
    expect(later.msgid).not.toBe(first.msgid);
    expect(await inbox(user.id)).toHaveLength(2);
  });

  it('sends once when the same client_msg_id arrives several times at once', async () => {
    const call = await wx();
    const body = {
      touser: world.openids[1],
      template_id: world.templateId,
      client_msg_id: `burst-${dialect}`,
      data: paymentData,
    };
    const before = await footprint(server, world.account.id, world.account.appid);
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => call('/cgi-bin/message/template/send', body)),
    );
    expect(answers.every((a) => a.errcode === 0)).toBe(true);
    expect(new Set(answers.map((a) => a.msgid)).size).toBe(1);
    const after = await footprint(server, world.account.id, world.account.appid);
    expect(after).toEqual({
      messages: before.messages + 1,
      sends: before.sends + 1,
      events: before.events + 1,
    });
  });

  it('refuses with WeChat errcodes naming the field, and stores, delivers and records nothing', async () => {
    const call = await wx();
    const send = (patch: Record<string, unknown>) =>
      call('/cgi-bin/message/template/send', {
        touser: world.openids[0],
        template_id: world.templateId,
        data: paymentData,
        ...patch,
      });
    // A follower of another account, and a user who followed this one and left.
    const other = await organisationAccount(server, admin);
    const [stranger, leaver] = await endUsers(server, 2, 'tplx');
    const strangerOpenid = (
      await stranger!.client.post(`/api/v1/client/official-accounts/${other.account.appid}/follow`)
    ).body.openid;
    const leaverOpenid = (
      await leaver!.client.post(`/api/v1/client/official-accounts/${world.account.appid}/follow`)
    ).body.openid;
    await leaver!.client.delete(`/api/v1/client/official-accounts/${world.account.appid}/follow`);

    const before = await footprint(server, world.account.id, world.account.appid);
    expect((await send({ touser: 'not-an-openid' })).errcode).toBe(40003);
    expect((await send({ touser: strangerOpenid })).errcode).toBe(40003);
    expect((await send({ touser: leaverOpenid })).errcode).toBe(43004);
    expect((await send({ template_id: 'no-such-template' })).errcode).toBe(40037);
    expect((await send({ template_id: undefined })).errcode).toBe(40037);
    const missing = await send({ data: { ...paymentData, orderMoneySum: undefined } });
    expect(missing.errcode).toBe(47003);
    expect(missing.errmsg).toContain('data.orderMoneySum');
    const numeric = await send({ data: { ...paymentData, Remark: { value: 30 } } });
    expect(numeric).toMatchObject({ errcode: 47003, errmsg: expect.stringContaining('data.Remark.value') });
    const colour = await send({ data: { ...paymentData, first: { value: 'x', color: 'red' } } });
    expect(colour).toMatchObject({ errcode: 47003, errmsg: expect.stringContaining('data.first.color') });
    expect((await send({ data: 'not an object' })).errcode).toBe(47001);
    expect((await send({ data: undefined })).errcode).toBe(47001);
    expect((await send({ miniprogram: 'wx' })).errcode).toBe(47001);
    const notJson = await fetch(`${server.url}/cgi-bin/message/template/send?access_token=${call.token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"touser":',
    });
    expect((await notJson.json()).errcode).toBe(47001);
    expect((await send({ url: `https://example.com/${'x'.repeat(1100)}` })).errcode).toBe(40039);
    const unlinked = await codeWorld(server, '未关联');
    expect(
      (await send({ miniprogram: { appid: unlinked.app.appid, pagepath: 'pages/index/index' } })).errcode,
    ).toBe(40166);
    expect(
      (await send({ miniprogram: { appid: world.code.app.appid, pagepath: 'pages/nope/nope' } })).errcode,
    ).toBe(40165);
    // The operator's daily quota, reached.
    await server.ctx.settings.set('templates.dailyPerAccount', before.sends);
    expect((await send({})).errcode).toBe(45009);
    await server.ctx.settings.set('templates.dailyPerAccount', 100_000);
    expect(await footprint(server, world.account.id, world.account.appid)).toEqual(before);
    expect(await inbox(leaver!.id)).toHaveLength(0);
    expect(await inbox(stranger!.id)).toHaveLength(0);
  });

  it('records failed:user block and delivers nothing when the user unfollows between the checks and the delivery', async () => {
    const [user] = await endUsers(server, 1, 'tplb');
    const openid = (await user!.client.post(`/api/v1/client/official-accounts/${world.account.appid}/follow`))
      .body.openid;
    const checked = await server.ctx.oaTemplates.check(world.account.id, {
      touser: openid,
      templateId: world.templateId,
      data: paymentData,
    });
    await user!.client.delete(`/api/v1/client/official-accounts/${world.account.appid}/follow`);
    const { msgid } = await server.ctx.oaTemplates.commit(checked);
    expect(await inbox(user!.id)).toHaveLength(0);
    expect((await templateEvents()).find((e) => e.MsgID === msgid)).toMatchObject({
      FromUserName: openid,
      Status: 'failed:user block',
    });
  });

  it('lets the console list the library, platform admins edit it, and an account admin manage templates and send a test', async () => {
    const library = await world.code.dev.get('/api/v1/template-library');
    expect(library.status).toBe(200);
    expect(library.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          shortId: PAYMENT,
          primaryIndustry: 'IT科技',
          keys: ['first', 'orderMoneySum', 'orderProductName', 'Remark'],
        }),
      ]),
    );
    const draft = {
      shortId: `OPENTM9${dialect === 'sqlite' ? 1 : 2}0001`,
      title: '会员积分变动',
      industryId: 1,
      content: '{{first.DATA}}\n变动积分：{{keyword1.DATA}}\n{{remark.DATA}}',
      example: '您的积分有变动\n变动积分：+10\n感谢支持',
    };
    expect((await world.code.dev.post('/api/v1/admin/template-library', draft)).status).toBe(403);
    expect((await admin.post('/api/v1/admin/template-library', draft)).status).toBe(201);
    expect((await admin.post('/api/v1/admin/template-library', draft)).status).toBe(409);
    expect(
      (await admin.post('/api/v1/admin/template-library', { ...draft, shortId: 'N1', extra: 1 })).status,
    ).toBe(400);
    const edited = await admin.put(`/api/v1/admin/template-library/${draft.shortId}`, {
      title: draft.title,
      industryId: 1,
      content: '{{first.DATA}}\n变动积分：{{keyword1.DATA}}\n当前积分：{{keyword2.DATA}}\n{{remark.DATA}}',
      example: draft.example,
    });
    expect(edited.body.keys).toEqual(['first', 'keyword1', 'keyword2', 'remark']);

    const base = `/api/v1/official-accounts/${world.account.id}`;
    expect((await world.code.dev.get(`${base}/industry`)).body).toMatchObject({
      primary_industry: { first_class: 'IT科技' },
    });
    const added = await world.code.dev.post(`${base}/templates`, { shortId: draft.shortId });
    expect(added.status).toBe(201);
    const listed = await world.code.dev.get(`${base}/templates`);
    expect(listed.body.map((t: { template_id: string }) => t.template_id)).toContain(added.body.templateId);
    // Someone else is told the account does not exist.
    const outsider = await organisationAccount(server, admin);
    expect((await outsider.developer.get(`${base}/templates`)).status).toBe(404);

    const test = await world.code.dev.post(`${base}/templates/${added.body.templateId}/test`, {
      openid: world.openids[0],
      data: {
        first: { value: '积分到账' },
        keyword1: { value: '+10' },
        keyword2: { value: '110' },
        remark: { value: '感谢支持' },
      },
      miniprogram: { appid: world.code.app.appid, pagepath: 'pages/index/index' },
    });
    expect(test.status).toBe(200);
    expect(test.body).toMatchObject({ msgid: expect.any(Number), status: 'success' });
    const refused = await world.code.dev.post(`${base}/templates/${added.body.templateId}/test`, {
      openid: world.openids[0],
      data: { first: { value: '积分到账' } },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'oa_template_data_invalid', field: 'data.keyword1' });
    expect((await world.code.dev.delete(`${base}/templates/${added.body.templateId}`)).status).toBe(200);
    expect((await world.code.dev.delete(`${base}/templates/${added.body.templateId}`)).status).toBe(400);
  });

  it("seeds the demo's service account once: the payment template and one message per follower opening the mini program", async () => {
    const subjects = (await world.code.dev.get('/api/v1/subjects')).body as Array<{ id: string }>;
    const created = await world.code.dev.post('/api/v1/official-accounts', {
      subjectId: subjects[0]!.id,
      name: `演示服务号${dialect}`,
      type: 'service',
    });
    const { account, secret } = created.body;
    const setup = await oaCall(server.url, account.appid, secret);
    expect((await setup('/cgi-bin/wxopen/wxamplink', { appid: world.code.app.appid })).errcode).toBe(0);
    const fans = await endUsers(server, 2, 'tpld');
    const openids: string[] = [];
    for (const fan of fans) {
      openids.push(
        (await fan.client.post(`/api/v1/client/official-accounts/${account.appid}/follow`)).body.openid,
      );
    }
    const input = { accountAppid: account.appid, miniProgramAppid: world.code.app.appid, openids };
    const first = await seedDemoTemplates(server.ctx, input);
    const again = await seedDemoTemplates(server.ctx, input);
    expect(again.templateId).toBe(first.templateId);
    expect((await setup('/cgi-bin/template/get_all_private_template')).template_list).toHaveLength(1);
    for (const fan of fans) {
      const items = (await fan.client.get('/api/v1/client/inbox')).body.items;
      expect(items).toHaveLength(1);
      expect(items[0].body).toMatchObject({
        miniprogram: { appid: world.code.app.appid, pagepath: 'pages/index/index' },
        scene: 1043,
      });
    }
  });
});
