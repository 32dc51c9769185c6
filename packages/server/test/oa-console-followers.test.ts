import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MENU_LANGUAGES, MENU_LIMITS } from '../src/features/oa-menus/menu-rules.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { endUsers, individualAccount, oaCall, wechatApi } from './oa-world.ts';
import { wechatMiddlewareServer } from './push-servers.ts';
import { PNG_ICON } from './world.ts';

const HOUR = 3600 * 1000;

/**
 * The console's follower pages and what they stand on: a follower's profile and remark (the
 * native route and `user/info/updateremark` over one service), their conversation with a
 * customer-service message inside the 48-hour window and refused outside it, trymatch by
 * sex, language and platform, an image broadcast, the template settings' revision against a
 * second tab, and the menu rules the editor reads.
 */
describe.each(dialects)('the official-account follower console API on %s', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    server.ctx.delivery.worker.start();
  });
  afterAll(() => server.close());

  async function followed(appid: string, count: number, label: string) {
    const users = await endUsers(server, count, label);
    const openids: string[] = [];
    for (const user of users) {
      server.clock.advance(1000);
      openids.push((await user.client.post(`/api/v1/client/official-accounts/${appid}/follow`)).body.openid);
    }
    return { users, openids };
  }

  it('shows a follower as user/info does and sets the remark on both faces, refusing a long one at the field', async () => {
    const oa = await individualAccount(server);
    const { openids } = await followed(oa.account.appid, 1, 'pr');
    const openid = openids[0]!;
    const base = `/api/v1/official-accounts/${oa.account.id}/followers/${openid}`;
    const profile = await oa.developer.get(base);
    expect(profile.status).toBe(200);
    expect(profile.body).toMatchObject({
      openid,
      nickname: '用户0',
      remark: '',
      sex: 1,
      city: 'Shenzhen',
      subscribeScene: 'ADD_SCENE_SEARCH',
      subscribedAt: server.clock(),
      tagIds: [],
      // Following opens WeChat's one-minute window for three messages.
      window: { kind: 'event', remaining: 3 },
    });

    expect((await oa.developer.put(`${base}/remark`, { remark: '老朋友' })).status).toBe(200);
    const wx = wechatApi(server.url, oa.account.appid, oa.secret) as any;
    expect(await wx.getUser(openid)).toMatchObject({ remark: '老朋友' });
    // WeChat's face writes the same column.
    await wx.updateRemark(openid, '常客');
    expect((await oa.developer.get(base)).body.remark).toBe('常客');

    const long = await oa.developer.put(`${base}/remark`, { remark: '长'.repeat(30) });
    expect(long.status).toBe(400);
    expect(long.body.error).toMatchObject({ code: 'oa_remark_too_long', field: 'remark' });
    expect((await oa.developer.put(`${base}/remark`, { remark: '长'.repeat(29) })).status).toBe(200);
    const call = await oaCall(server.url, oa.account.appid, oa.secret);
    expect(await call('/cgi-bin/user/info/updateremark', { openid, remark: 'x'.repeat(30) })).toMatchObject({
      errcode: 40097,
    });
    expect(
      await call('/cgi-bin/user/info/updateremark', { openid: `oPk${'y'.repeat(25)}`, remark: 'a' }),
    ).toMatchObject({ errcode: 40003 });
    expect((await oa.developer.get(base)).body.remark).toBe('长'.repeat(29));
    expect((await oa.developer.put(`${base}/remark`, { remark: 'a', note: 1 })).status).toBe(400);

    // Nobody else's follower, and nobody else's account.
    expect(
      (await oa.developer.get(`/api/v1/official-accounts/${oa.account.id}/followers/oPkNobody`)).status,
    ).toBe(404);
    const stranger = await individualAccount(server);
    expect((await stranger.developer.get(base)).status).toBe(404);
    expect((await stranger.developer.put(`${base}/remark`, { remark: 'x' })).status).toBe(404);
  });

  it("holds the follower's conversation and sends a customer-service text within the 48-hour window, refused outside it", async () => {
    const oa = await individualAccount(server);
    const { users, openids } = await followed(oa.account.appid, 2, 'cv');
    const [user, silent] = users as [(typeof users)[0], (typeof users)[0]];
    const base = `/api/v1/official-accounts/${oa.account.id}/followers`;
    server.clock.advance(2 * 60 * 1000);

    // The follower who never wrote: the follow window has passed, so nothing may be sent.
    const outside = await oa.developer.post(`${base}/${openids[1]}/messages`, { content: '你好' });
    expect(outside.status).toBe(409);
    expect(outside.body.error).toMatchObject({ code: 'oa_outside_window', field: 'content' });
    expect((await oa.developer.get(`${base}/${openids[1]}/conversation`)).body).toEqual({
      window: null,
      entries: [],
    });
    expect(silent.id).toBeDefined();

    const wrote = await user.client.post(`/api/v1/client/official-accounts/${oa.account.appid}/messages`, {
      type: 'text',
      content: '请问几点开门？',
    });
    expect(wrote.status).toBe(201);
    server.clock.advance(1000);
    const sent = await oa.developer.post(`${base}/${openids[0]}/messages`, { content: '早上九点' });
    expect(sent.status).toBe(201);
    const conversation = await oa.developer.get(`${base}/${openids[0]}/conversation`);
    expect(conversation.body.window).toMatchObject({ kind: 'message', remaining: 4 });
    expect(conversation.body.window.expiresAt).toBe(server.clock() - 1000 + 48 * HOUR);
    expect(conversation.body.entries).toMatchObject([
      { from: 'account', kind: 'custom', body: { msgtype: 'text', content: '早上九点' } },
      { from: 'user', kind: 'text', body: { content: '请问几点开门？' } },
    ]);
    // The follower's client holds the same conversation.
    const theirs = await user.client.get(`/api/v1/client/official-accounts/${oa.account.appid}/conversation`);
    expect(theirs.body.map((entry: { kind: string }) => entry.kind)).toEqual(['custom', 'text']);

    // Past 48 hours the window is closed: the service's 45015, nothing sent.
    server.clock.advance(48 * HOUR);
    const late = await oa.developer.post(`${base}/${openids[0]}/messages`, { content: '还在吗' });
    expect(late.body.error).toMatchObject({ code: 'oa_outside_window', field: 'content' });
    const after = await oa.developer.get(`${base}/${openids[0]}/conversation`);
    expect(after.body.window).toBeNull();
    expect(after.body.entries).toHaveLength(2);
    expect((await oa.developer.post(`${base}/${openids[0]}/messages`, { content: '' })).status).toBe(400);
    expect(
      (await oa.developer.post(`${base}/${openids[0]}/messages`, { content: 'a', to: 'b' })).status,
    ).toBe(400);
  });

  it("shows the account server's passive reply beside the follower's message in their conversation", async () => {
    await server.ctx.settings.set('push.privateAddresses', true);
    const developer = await wechatMiddlewareServer({
      token: 'replyToken7',
      reply: (m) => (m.MsgType === 'text' ? `收到：${m.Content}` : ''),
    });
    try {
      const oa = await individualAccount(server);
      const config = await oa.developer.put(`/api/v1/push/${oa.account.appid}/config`, {
        url: developer.url,
        token: 'replyToken7',
        mode: 'plaintext',
      });
      expect(config.status).toBe(200);
      const { users, openids } = await followed(oa.account.appid, 1, 'rp');
      server.clock.advance(1000);
      await users[0]!.client.post(`/api/v1/client/official-accounts/${oa.account.appid}/messages`, {
        type: 'text',
        content: '菜单在哪',
      });
      await server.ctx.push.drain();
      const conversation = `/api/v1/official-accounts/${oa.account.id}/followers/${openids[0]}/conversation`;
      await expect
        .poll(async () => (await oa.developer.get(conversation)).body.entries, { timeout: 10_000 })
        // Both in the frozen test clock's one millisecond: the order between them is not asserted.
        .toEqual(
          expect.arrayContaining([
            expect.objectContaining({
              from: 'account',
              kind: 'reply',
              body: expect.objectContaining({ content: '收到：菜单在哪' }),
            }),
            expect.objectContaining({
              from: 'user',
              kind: 'text',
              body: expect.objectContaining({ content: '菜单在哪' }),
            }),
          ]),
        );
    } finally {
      await developer.close();
    }
  });

  it('answers trymatch in the console by sex, language and platform, as the WeChat face does', async () => {
    const oa = await individualAccount(server);
    // endUsers makes 用户0 male (sex 1) and 用户1 female (sex 2).
    const { openids } = await followed(oa.account.appid, 2, 'tm');
    const menu = `/api/v1/official-accounts/${oa.account.id}/menu`;
    const button = (name: string) => [{ type: 'click', name, key: name }];
    const base = await oa.developer.put(menu, { button: button('默认') });
    expect(base.status).toBe(200);
    const women = await oa.developer.post(`${menu}/conditional`, {
      button: button('女士'),
      matchrule: { sex: '2', language: 'zh_CN' },
    });
    expect(women.status).toBe(201);
    const ios = await oa.developer.post(`${menu}/conditional`, {
      button: button('苹果'),
      matchrule: { client_platform_type: '1' },
    });
    expect(ios.status).toBe(201);

    const tryMatch = (userId: string, platform?: string) =>
      oa.developer.post(`${menu}/trymatch`, { userId, ...(platform ? { platform } : {}) });
    expect((await tryMatch(openids[0]!)).body).toMatchObject({
      menuid: base.body.menuid,
      conditional: false,
      button: [{ name: '默认' }],
    });
    expect((await tryMatch(openids[1]!)).body).toMatchObject({
      menuid: women.body.menuid,
      conditional: true,
      button: [{ name: '女士' }],
    });
    // The newest matching menu wins, as WeChat.
    expect((await tryMatch(openids[1]!, 'ios')).body.menuid).toBe(ios.body.menuid);
    expect((await tryMatch(openids[0]!, 'android')).body.menuid).toBe(base.body.menuid);
    const wx = await oaCall(server.url, oa.account.appid, oa.secret);
    expect(await wx('/cgi-bin/menu/trymatch', { user_id: openids[1] })).toMatchObject({
      button: [{ name: '女士' }],
    });

    const nobody = await tryMatch('oPkNobodyNobodyNobody');
    expect(nobody.status).toBe(404);
    expect(nobody.body.error).toMatchObject({ code: 'menu_no_such_user', field: 'userId' });
    expect((await tryMatch(openids[0]!, 'symbian')).status).toBe(400);
    // A rule the service refuses (a city without a province) names its field.
    const city = await oa.developer.post(`${menu}/conditional`, {
      button: button('城市'),
      matchrule: { country: '中国', city: '深圳' },
    });
    expect(city.body.error).toMatchObject({ code: 'menu_region_province', field: 'matchrule.province' });
  });

  it('gives the editor the menu rules the service holds', async () => {
    const oa = await individualAccount(server);
    const rules = await oa.developer.get('/api/v1/official-accounts/menu-rules');
    expect(rules.status).toBe(200);
    expect(rules.body.limits).toEqual(MENU_LIMITS);
    expect(rules.body.languages).toEqual([...MENU_LANGUAGES]);
    expect(rules.body.buttonTypes).toContain('miniprogram');
    expect(rules.body.keyTypes).toContain('click');
    expect(rules.body.keyTypes).not.toContain('view');
  });

  it('broadcasts an uploaded image to a tag within the quota, and refuses a medium that is not there', async () => {
    const oa = await individualAccount(server);
    const { users, openids } = await followed(oa.account.appid, 2, 'im');
    const tag = await oa.developer.post(`/api/v1/official-accounts/${oa.account.id}/tags`, { name: '图' });
    await oa.developer.post(`/api/v1/official-accounts/${oa.account.id}/tags/${tag.body.id}/members`, {
      openids: [openids[0]],
      tagged: true,
    });
    const media = `/api/v1/official-accounts/${oa.account.id}/media`;
    const uploaded = await oa.developer.post(media, { image: PNG_ICON });
    expect(uploaded.status).toBe(201);
    expect(uploaded.body.mediaId).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    const notPng = await oa.developer.post(media, {
      image: `data:image/png;base64,${Buffer.from('not an image').toString('base64')}`,
    });
    expect(notPng.body.error).toMatchObject({ code: 'validation_failed', field: 'image' });

    const broadcasts = `/api/v1/official-accounts/${oa.account.id}/broadcasts`;
    const missing = await oa.developer.post(broadcasts, { msgtype: 'image', mediaId: 'nope_nope_nope' });
    expect(missing.body.error).toMatchObject({ code: 'oa_invalid_media_id', field: 'mediaId' });
    const empty = await oa.developer.post(broadcasts, { msgtype: 'image' });
    expect(empty.body.error).toMatchObject({ code: 'oa_invalid_media_id', field: 'mediaId' });
    expect((await oa.developer.get(broadcasts)).body.quota).toMatchObject({ used: 0, remaining: 1 });

    const sent = await oa.developer.post(broadcasts, {
      msgtype: 'image',
      mediaId: uploaded.body.mediaId,
      tagId: tag.body.id,
    });
    expect(sent.status).toBe(201);
    await expect
      .poll(async () => (await oa.developer.get(broadcasts)).body.items[0].delivered, { timeout: 10_000 })
      .toBe(1);
    const history = await oa.developer.get(broadcasts);
    expect(history.body.quota).toMatchObject({ used: 1, remaining: 0, period: 'day' });
    expect(history.body.items).toMatchObject([
      {
        msgId: sent.body.msgId,
        msgtype: 'image',
        mediaIds: [uploaded.body.mediaId],
        to: 'tag',
        delivered: 1,
      },
    ]);
    // The tagged follower holds it, the other does not.
    const first = await users[0]!.client.get(
      `/api/v1/client/official-accounts/${oa.account.appid}/conversation`,
    );
    expect(first.body[0]).toMatchObject({ kind: 'broadcast', body: { msgtype: 'image' } });
    const second = await users[1]!.client.get(
      `/api/v1/client/official-accounts/${oa.account.appid}/conversation`,
    );
    expect(second.body.some((entry: { kind: string }) => entry.kind === 'broadcast')).toBe(false);
  });

  it("refuses a template-settings write from a tab that no longer sees the account's industries or templates", async () => {
    await server.ctx.settings.set('officialAccounts.individualServiceAccounts', true);
    const developer = (await individualAccount(server)).developer;
    const subjects = (await developer.get('/api/v1/subjects')).body as Array<{ id: string }>;
    const created = await developer.post('/api/v1/official-accounts', {
      subjectId: subjects[0]!.id,
      name: `服务号冲突${dialect}`,
      type: 'service',
    });
    expect(created.status).toBe(201);
    const id = created.body.account.id;
    const at = (path: string) => `/api/v1/official-accounts/${id}${path}`;
    const start = (await developer.get(at('/templates/revision'))).body.revision as string;
    expect(start).toMatch(/^[0-9a-f]{16}$/);

    // Tab one sets the industries; tab two, still on the start, is refused and nothing changes.
    const one = await developer.put(at('/industry'), { primary: 1, secondary: 2, revision: start });
    expect(one.status).toBe(200);
    expect(one.body.revision).not.toBe(start);
    const two = await developer.put(at('/industry'), { primary: 3, secondary: 4, revision: start });
    expect(two.status).toBe(409);
    expect(two.body.error).toMatchObject({ code: 'oa_template_conflict', field: 'primary' });
    const industry = (await developer.get(at('/industry'))).body;
    expect(industry.primary_industry.second_class).toBe('互联网/电子商务');

    // Adding from the library on the stale revision: refused at the template; on the new one, added.
    const stale = await developer.post(at('/templates'), { shortId: 'TM00015', revision: start });
    expect(stale.body.error).toMatchObject({ code: 'oa_template_conflict', field: 'shortId' });
    expect((await developer.get(at('/templates'))).body).toEqual([]);
    const added = await developer.post(at('/templates'), { shortId: 'TM00015', revision: one.body.revision });
    expect(added.status).toBe(201);

    // A delete from a tab that read the list before the add is refused; with the new revision it goes.
    const early = await developer.delete(
      `${at(`/templates/${added.body.templateId}`)}?revision=${one.body.revision}`,
    );
    expect(early.body.error).toMatchObject({ code: 'oa_template_conflict', field: 'templateId' });
    expect((await developer.get(at('/templates'))).body).toHaveLength(1);
    const removed = await developer.delete(
      `${at(`/templates/${added.body.templateId}`)}?revision=${added.body.revision}`,
    );
    expect(removed.status).toBe(200);
    expect(removed.body.revision).toBe((await developer.get(at('/templates/revision'))).body.revision);
    // Without a revision (scripts, the WeChat face) the write goes through, as before.
    expect((await developer.put(at('/industry'), { primary: 3, secondary: 4 })).status).toBe(200);
  });
});
