import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeWorld, releaseVersion } from './code-world.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { endUsers, individualAccount, oaCall } from './oa-world.ts';

/**
 * The console's native pieces of an official account: followers (paged, searched), tags, the
 * broadcast quota and history, a linked mini program's released pages for an admin who is not
 * its member, and the menu's revision against a second tab.
 */
describe.each(dialects)('the official-account console API on %s', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    server.ctx.delivery.worker.start();
  });
  afterAll(() => server.close());

  async function followedBy(appid: string, count: number, label: string) {
    const users = await endUsers(server, count, label);
    const openids: string[] = [];
    for (const user of users) {
      server.clock.advance(1000);
      const followed = await user.client.post(`/api/v1/client/official-accounts/${appid}/follow`);
      openids.push(followed.body.openid);
    }
    return { users, openids };
  }

  it('lists followers a page at a time, newest first, and finds them by nickname or openid', async () => {
    const oa = await individualAccount(server);
    const { openids } = await followedBy(oa.account.appid, 5, 'fl');
    const base = `/api/v1/official-accounts/${oa.account.id}/followers`;
    const first = await oa.developer.get(`${base}?size=2`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ total: 5, page: 1, size: 2 });
    expect(first.body.items.map((f: { openid: string }) => f.openid)).toEqual([openids[4], openids[3]]);
    const third = await oa.developer.get(`${base}?size=2&page=3`);
    expect(third.body.items.map((f: { openid: string }) => f.openid)).toEqual([openids[0]]);
    // endUsers names them 用户0…用户4.
    const byName = await oa.developer.get(`${base}?search=${encodeURIComponent('用户3')}`);
    expect(byName.body).toMatchObject({ total: 1, items: [{ openid: openids[3], nickname: '用户3' }] });
    const byOpenid = await oa.developer.get(`${base}?search=${openids[1]!.slice(4, 14)}`);
    expect(byOpenid.body.items.map((f: { openid: string }) => f.openid)).toEqual([openids[1]]);
    // A LIKE wildcard is a character, not "anything".
    expect((await oa.developer.get(`${base}?search=%25`)).body.total).toBe(0);
    expect((await oa.developer.get(`${base}?size=101`)).status).toBe(400);
    // Another developer sees nothing of it.
    const stranger = await individualAccount(server);
    expect((await stranger.developer.get(base)).status).toBe(404);
  });

  it('creates, renames and deletes tags, tags and untags followers; the service refusals name the field', async () => {
    const oa = await individualAccount(server);
    const { openids } = await followedBy(oa.account.appid, 2, 'tg');
    const tags = `/api/v1/official-accounts/${oa.account.id}/tags`;
    const created = await oa.developer.post(tags, { name: '老客' });
    expect(created).toMatchObject({ status: 201, body: { id: 100, name: '老客' } });
    const taken = await oa.developer.post(tags, { name: '老客' });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({ code: 'oa_tag_name_taken', field: 'name' });
    const long = await oa.developer.post(tags, { name: '一二三四五六七八九十一' });
    expect(long.body.error).toMatchObject({ code: 'oa_tag_name_too_long', field: 'name' });
    expect((await oa.developer.post(tags, { name: 'x', color: 'red' })).status).toBe(400);

    const tagged = await oa.developer.post(`${tags}/100/members`, { openids, tagged: true });
    expect(tagged.status).toBe(200);
    expect((await oa.developer.get(tags)).body).toEqual([{ id: 100, name: '老客', count: 2 }]);
    const followers = await oa.developer.get(`/api/v1/official-accounts/${oa.account.id}/followers`);
    expect(followers.body.items.every((f: { tagIds: number[] }) => f.tagIds.includes(100))).toBe(true);
    // The WeChat face sees the same tags.
    const wx = await oaCall(server.url, oa.account.appid, oa.secret);
    expect(await wx('/cgi-bin/tags/getidlist', { openid: openids[0] })).toMatchObject({ tagid_list: [100] });

    await oa.developer.post(`${tags}/100/members`, { openids: [openids[0]], tagged: false });
    expect((await oa.developer.get(tags)).body[0].count).toBe(1);
    const stranger = `oPk${'x'.repeat(25)}`;
    const unknown = await oa.developer.post(`${tags}/100/members`, { openids: [stranger], tagged: true });
    expect(unknown.body.error.code).toBe('oa_invalid_openid');

    expect((await oa.developer.put(`${tags}/100`, { name: '熟客' })).status).toBe(200);
    expect((await oa.developer.put(`${tags}/999`, { name: '熟客' })).body.error.code).toBe('oa_tag_invalid');
    expect((await oa.developer.delete(`${tags}/100`)).status).toBe(200);
    expect((await oa.developer.get(tags)).body).toEqual([]);
  });

  it("broadcasts to a tag within the day's quota and lists each broadcast with its counts", async () => {
    const oa = await individualAccount(server);
    const { openids } = await followedBy(oa.account.appid, 3, 'bc');
    const tag = (await oa.developer.post(`/api/v1/official-accounts/${oa.account.id}/tags`, { name: '会员' }))
      .body;
    await oa.developer.post(`/api/v1/official-accounts/${oa.account.id}/tags/${tag.id}/members`, {
      openids: openids.slice(0, 2),
      tagged: true,
    });
    const broadcasts = `/api/v1/official-accounts/${oa.account.id}/broadcasts`;
    expect((await oa.developer.get(broadcasts)).body).toEqual({
      quota: { limit: 1, used: 0, remaining: 1, period: 'day' },
      items: [],
    });
    const sent = await oa.developer.post(broadcasts, { content: '会员日', tagId: tag.id });
    expect(sent.status).toBe(201);
    // A tag's broadcast may go through the fan-out's job: the history says so until it is done.
    await expect
      .poll(async () => (await oa.developer.get(broadcasts)).body.items[0]?.status, { timeout: 20_000 })
      .toBe('done');
    const list = await oa.developer.get(broadcasts);
    expect(list.body.quota).toEqual({ limit: 1, used: 1, remaining: 0, period: 'day' });
    expect(list.body.items).toEqual([
      expect.objectContaining({
        msgId: sent.body.msgId,
        to: 'tag',
        tagId: tag.id,
        msgtype: 'text',
        text: '会员日',
        status: 'done',
        delivered: 2,
      }),
    ]);
    const again = await oa.developer.post(broadcasts, { content: '再来一次' });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'oa_broadcast_quota' });
    expect(again.body.error.messageZh).toContain('每天 1 次');
    // The WeChat face counts the same quota.
    const wx = await oaCall(server.url, oa.account.appid, oa.secret);
    expect(
      (
        await wx('/cgi-bin/message/mass/sendall', {
          filter: { is_to_all: true },
          msgtype: 'text',
          text: { content: 'x' },
        })
      ).errcode,
    ).toBe(45028);
    // The next day the quota is back.
    server.clock.advance(24 * 3600 * 1000);
    expect((await oa.developer.get(broadcasts)).body.quota.remaining).toBe(1);
    expect((await oa.developer.post(broadcasts, { content: '明天', tagId: 999 })).body.error.code).toBe(
      'oa_broadcast_tag_invalid',
    );
  });

  it("gives a linked mini program's released pages to the account's admin who is not its member, and only while linked", async () => {
    const code = await codeWorld(server, '页面');
    await releaseVersion(code, 'v1');
    const oa = await individualAccount(server);
    const pages = `/api/v1/official-accounts/${oa.account.id}/links/${code.app.appid}/pages`;
    // Not linked yet: 40166, and the versions stay the members' business.
    expect((await oa.developer.get(pages)).body.error.code).toBe('oa_miniprogram_not_linked');
    expect((await oa.developer.get(`/api/v1/code/${code.app.appid}/overview`)).status).not.toBe(200);

    await oa.developer.post(`/api/v1/official-accounts/${oa.account.id}/links`, { appid: code.app.appid });
    await oa.developer.post('/api/v1/link-requests/accept', {
      accountAppid: oa.account.appid,
      appid: code.app.appid,
    });
    expect((await oa.developer.get(pages)).body.error.code).toBe('oa_miniprogram_not_linked');
    await code.dev.post('/api/v1/link-requests/accept', {
      accountAppid: oa.account.appid,
      appid: code.app.appid,
    });
    expect((await oa.developer.get(pages)).body).toEqual({
      pages: ['pages/index/index', 'pages/form/form'],
      entryPagePath: 'pages/index/index',
    });
    // Another developer's account cannot read them through its own id.
    const stranger = await individualAccount(server);
    expect((await stranger.developer.get(pages)).status).toBe(404);
  });

  it('refuses a menu saved from a stale revision (a second tab) and writes nothing', async () => {
    const oa = await individualAccount(server);
    const menu = `/api/v1/official-accounts/${oa.account.id}/menu`;
    const button = (name: string) => [{ type: 'click', name, key: 'K' }];
    // Both tabs read no menu; the first saves.
    const first = await oa.developer.put(menu, { button: button('一'), revision: 0 });
    expect(first.status).toBe(200);
    const second = await oa.developer.put(menu, { button: button('二'), revision: 0 });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('menu_conflict');
    expect(second.body.error.message).toContain(String(first.body.menuid));
    expect((await oa.developer.get(menu)).body.menu).toMatchObject({
      menuid: first.body.menuid,
      button: button('一'),
    });
    // Saved on top of what is there now, it goes through.
    const third = await oa.developer.put(menu, { button: button('二'), revision: first.body.menuid });
    expect(third.status).toBe(200);
    expect((await oa.developer.put(menu, { button: button('三'), revision: first.body.menuid })).status).toBe(
      409,
    );
    // Without a revision (scripts, as menu/create) the last write wins.
    expect((await oa.developer.put(menu, { button: button('四') })).status).toBe(200);
  });
});
