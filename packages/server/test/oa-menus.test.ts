import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildXml, type PushFields } from '../src/delivery/push/xml.ts';
import type { MenuClick } from '../src/features/oa-menus/oa-menus.service.ts';
import { codeWorld, releaseVersion } from './code-world.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { accountOf, endUsers, individualAccount, wechatApi } from './oa-world.ts';
import { newDeveloper } from './world.ts';

const standardMenu = {
  button: [
    { type: 'click', name: '今日歌曲', key: 'V1001_TODAY_MUSIC' },
    {
      name: '菜单',
      sub_button: [
        { type: 'view', name: '搜索', url: 'https://www.example.com/' },
        { type: 'scancode_push', name: '扫一扫', key: 'SCAN' },
        { type: 'pic_weixin', name: '发图', key: 'PIC' },
        { type: 'location_select', name: '位置', key: 'LOC' },
        { type: 'media_id', name: '素材', media_id: 'MEDIA_1' },
      ],
    },
    { type: 'view', name: '官网', url: 'https://wharf.example/' },
  ],
};

/** What co-wechat-api throws for an errcode: an Error with `code`. */
const errcodeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 0,
    (error: { code?: number; message?: string }) => error.code ?? error.message,
  );

describe.each(dialects)('custom menus on %s', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(dialect);
  });
  afterAll(() => server.close());

  const menuRows = (accountId: string) =>
    server.ctx.store.db.selectFrom('oa_menus').selectAll().where('account_id', '=', accountId).execute();

  const events = (appid: string) =>
    server.ctx.store.db
      .selectFrom('app_events')
      .select(['type', 'payload'])
      .where('appid', '=', appid)
      .orderBy('created_at')
      .orderBy('id')
      .execute();

  it('creates, reads and deletes a menu with co-wechat-api, answering as WeChat does', async () => {
    const world = await individualAccount(server);
    const api = wechatApi(server.url, world.account.appid, world.secret) as any;
    expect(await errcodeOf(api.getMenu())).toBe(46003);
    expect(await api.getMenuConfig()).toMatchObject({ is_menu_open: 0 });

    expect(await api.createMenu(standardMenu)).toMatchObject({ errcode: 0, errmsg: 'ok' });
    const got = await api.getMenu();
    expect(typeof got.menu.menuid).toBe('number');
    expect(got.conditionalmenu).toBeUndefined();
    expect(got.menu.button[0]).toEqual({
      type: 'click',
      name: '今日歌曲',
      key: 'V1001_TODAY_MUSIC',
      sub_button: [],
    });
    expect(got.menu.button[1].sub_button[0]).toEqual({
      type: 'view',
      name: '搜索',
      url: 'https://www.example.com/',
      sub_button: [],
    });
    expect(got.menu.button[1].sub_button).toHaveLength(5);

    const config = await api.getMenuConfig();
    expect(config.is_menu_open).toBe(1);
    expect(config.selfmenu_info.button[0]).toEqual({
      type: 'click',
      name: '今日歌曲',
      key: 'V1001_TODAY_MUSIC',
    });
    expect(config.selfmenu_info.button[1].name).toBe('菜单');
    expect(config.selfmenu_info.button[1].sub_button.list[1]).toEqual({
      type: 'scancode_push',
      name: '扫一扫',
      key: 'SCAN',
    });

    // What menu/get answered goes back through menu/create (SDKs round-trip it): same buttons, new menuid.
    expect(await api.createMenu({ button: got.menu.button })).toMatchObject({ errcode: 0 });
    const again = await api.getMenu();
    expect(again.menu.button).toEqual(got.menu.button);
    expect(again.menu.menuid).not.toBe(got.menu.menuid);

    expect(await api.removeMenu()).toMatchObject({ errcode: 0 });
    expect(await errcodeOf(api.getMenu())).toBe(46003);
    expect(await menuRows(world.account.id)).toEqual([]);
  });

  it("refuses a menu over every limit with WeChat's errcode and keeps the menu it had", async () => {
    const world = await individualAccount(server);
    const api = wechatApi(server.url, world.account.appid, world.secret) as any;
    await api.createMenu(standardMenu);
    const before = (await api.getMenu()).menu.menuid;
    const x = (n: number) => 'x'.repeat(n);
    const sub = (button: Record<string, unknown>) => ({ button: [{ name: '菜单', sub_button: [button] }] });
    const bad: Array<[unknown, number]> = [
      [{ button: [] }, 40016],
      [{ button: Array(4).fill({ type: 'click', name: 'a', key: 'k' }) }, 40016],
      [{ button: [{ type: 'news', name: 'a', key: 'k' }] }, 40017],
      [{ button: [{ type: 'click', name: '一二三四五六', key: 'k' }] }, 40018],
      [{ button: [{ type: 'click', name: 'a', key: x(129) }] }, 40019],
      [{ button: [{ type: 'view', name: 'a', url: `https://a.example/${x(1010)}` }] }, 40020],
      [sub({ name: 'p', sub_button: [{ type: 'click', name: 'a', key: 'k' }] }), 40022],
      [{ button: [{ name: 'p', sub_button: Array(6).fill({ type: 'click', name: 'a', key: 'k' }) }] }, 40023],
      [sub({ type: 'unknown', name: 'a' }), 40024],
      [sub({ type: 'click', name: '一'.repeat(21), key: 'k' }), 40025],
      [sub({ type: 'click', name: 'a', key: x(129) }), 40026],
      [sub({ type: 'view', name: 'a', url: `https://a.example/${x(1010)}` }), 40027],
      [sub({ type: 'view', name: 'a', url: 'javascript:void(0)' }), 40054],
      [{ button: [{ type: 'view', name: 'a', url: 'not a url' }] }, 40055],
      [{ button: [{ type: 'media_id', name: 'a' }] }, 40007],
      [
        {
          button: [
            { type: 'miniprogram', name: 'a', appid: 'wx0123456789abcdef', pagepath: 'pages/index/index' },
          ],
        },
        40020,
      ],
      [
        { button: [{ type: 'miniprogram', name: 'a', url: 'https://a.example/', pagepath: 'pages/a' }] },
        40166,
      ],
      [
        {
          button: [
            { type: 'miniprogram', name: 'a', url: 'https://a.example/', appid: 'wx0123456789abcdef' },
          ],
        },
        40165,
      ],
      // A mini program this account is not linked to.
      [
        {
          button: [
            { type: 'click', name: 'ok', key: 'k' },
            {
              type: 'miniprogram',
              name: 'a',
              url: 'https://a.example/',
              appid: 'wx0123456789abcdef',
              pagepath: 'pages/index/index',
            },
          ],
        },
        40166,
      ],
    ];
    for (const [body, errcode] of bad) {
      expect([JSON.stringify(body).slice(0, 80), await errcodeOf(api.createMenu(body))]).toEqual([
        JSON.stringify(body).slice(0, 80),
        errcode,
      ]);
    }
    // Nothing of any refused menu was saved: the same menu, the same row.
    expect((await api.getMenu()).menu.menuid).toBe(before);
    expect((await menuRows(world.account.id)).map((row) => row.menuid)).toEqual([before]);
    const { accessToken } = await api.getAccessToken();
    const raw = (text: string) =>
      fetch(`${server.url}/cgi-bin/menu/create?access_token=${accessToken}`, {
        method: 'POST',
        body: text,
      }).then((r) => r.json());
    // Python's json.dumps default escapes non-ASCII: WeChat's 40033.
    const escaped = await raw('{"button":[{"type":"click","name":"\\u83dc\\u5355","key":"k"}]}');
    expect(escaped.errcode).toBe(40033);
    expect(escaped.errmsg).toContain('\\uxxxx');
    // An escaped backslash before a u is not a \u escape.
    expect((await raw('{"button":[{"type":"click","name":"a\\\\u","key":"k"}]}')).errcode).toBe(0);
    expect((await raw('{"button": [')).errcode).toBe(47001);
    // Whatever a client sends, a WeChat errcode and never -1 (a system error).
    const odd: unknown[] = [
      null,
      'menu',
      42,
      [],
      { button: null },
      { button: [null] },
      { button: [{ name: {} }] },
      { button: [{ name: 'a', sub_button: [null] }] },
      { button: [{ name: 'a', type: 'click', key: {} }] },
      { button: [{ name: 'a', type: 'view', url: ['https://a.example/'] }] },
    ];
    for (const body of odd) {
      const answer = await raw(JSON.stringify(body));
      expect([body, answer.errcode]).toEqual([body, expect.any(Number)]);
      expect([body, answer.errcode]).not.toEqual([body, -1]);
      expect([body, answer.errcode]).not.toEqual([body, 0]);
    }
    const call = (path: string, body: unknown) =>
      fetch(`${server.url}${path}?access_token=${accessToken}`, {
        method: 'POST',
        body: JSON.stringify(body),
      }).then((r) => r.json());
    expect(
      (await call('/cgi-bin/menu/addconditional', { button: standardMenu.button, matchrule: 'x' })).errcode,
    ).toBe(65304);
    expect(
      (await call('/cgi-bin/menu/addconditional', { button: standardMenu.button, matchrule: { sex: {} } }))
        .errcode,
    ).toBe(65304);
    expect((await call('/cgi-bin/menu/delconditional', { menuid: {} })).errcode).toBe(65301);
    expect((await call('/cgi-bin/menu/trymatch', { user_id: [] })).errcode).toBe(65302);
    expect((await call('/cgi-bin/menu/trymatch', [])).errcode).toBe(65302);
    const after = await api.getMenu();
    expect(after.menu.menuid).not.toBe(before); // the raw create above replaced it
    await api.createMenu(standardMenu);
    const kept = await api.getMenu();
    expect(kept.menu.button[1].sub_button).toHaveLength(5);
    expect((await menuRows(world.account.id)).length).toBe(1);
  });

  it('matches conditional menus newest first by tag, sex, region and language; deletes them with the default', async () => {
    const world = await individualAccount(server);
    const api = wechatApi(server.url, world.account.appid, world.secret) as any;
    const [him, her] = await endUsers(server, 2); // sex 1, then 2
    const openid = async (user: NonNullable<typeof him>) =>
      (await user.client.post(`/api/v1/client/official-accounts/${world.account.appid}/follow`)).body
        .openid as string;
    const hisOpenid = await openid(him!);
    const herOpenid = await openid(her!);
    const db = server.ctx.store.db;
    await db.insertInto('oa_tags').values({ account_id: world.account.id, id: 100, name: '星标' }).execute();
    await db
      .insertInto('follower_tags')
      .values({ account_id: world.account.id, tag_id: 100, user_id: her!.id })
      .execute();
    await db
      .updateTable('end_users')
      .set({ country: '中国', province: '广东', city: '深圳', language: 'en' })
      .where('id', '=', him!.id)
      .execute();

    const conditional = (name: string, matchrule: Record<string, unknown>) => ({
      button: [{ type: 'click', name, key: name }],
      matchrule,
    });
    expect(await errcodeOf(api.addConditionalMenu(conditional('女', { sex: '2' })))).toBe(65303);
    await api.createMenu(standardMenu);
    expect(await errcodeOf(api.addConditionalMenu(conditional('空', {})))).toBe(65304);
    expect(await errcodeOf(api.addConditionalMenu({ button: standardMenu.button }))).toBe(65304);
    expect(
      await errcodeOf(api.addConditionalMenu(conditional('市', { country: '中国', city: '深圳' }))),
    ).toBe(65311);
    expect(await errcodeOf(api.addConditionalMenu(conditional('省', { province: '广东' })))).toBe(65310);
    expect(await errcodeOf(api.addConditionalMenu({ button: [], matchrule: { sex: '1' } }))).toBe(40016);

    expect((await menuRows(world.account.id)).map((row) => row.kind)).toEqual(['default']);
    const female = await api.addConditionalMenu(conditional('女', { sex: '2' }));
    expect(female.menuid).toMatch(/^\d{9}$/);
    const region = await api.addConditionalMenu(
      conditional('深圳', { country: '中国', province: '广东', city: '深圳' }),
    );
    const english = await api.addConditionalMenu(conditional('English', { language: 'en', sex: 1 }));
    const starred = await api.addConditionalMenu(conditional('星标', { tag_id: '100' }));

    // Newest first: her tag menu (newest) wins over the sex menu; his English menu over the region one.
    expect((await api.tryConditionalMenu(herOpenid)).button).toEqual([
      { type: 'click', name: '星标', key: '星标', sub_button: [] },
    ]);
    expect((await api.tryConditionalMenu(hisOpenid)).button[0].name).toBe('English');
    // WeChat also takes the follower's WeChat ID: the client's username.
    expect((await api.tryConditionalMenu(him!.username)).button[0].name).toBe('English');
    expect(await errcodeOf(api.tryConditionalMenu('no-such-user'))).toBe(65302);
    expect(await api.delConditionalMenu(english.menuid)).toMatchObject({ errcode: 0 });
    expect((await api.tryConditionalMenu(hisOpenid)).button[0].name).toBe('深圳');
    expect(await api.delConditionalMenu(Number(starred.menuid))).toMatchObject({ errcode: 0 });
    expect((await api.tryConditionalMenu(herOpenid)).button[0].name).toBe('女');
    expect(await errcodeOf(api.delConditionalMenu(starred.menuid))).toBe(65301);
    expect(await errcodeOf(api.delConditionalMenu('not-a-menuid'))).toBe(65301);
    expect(await errcodeOf(api.tryConditionalMenu('oNotAFollowerOfThisAccount000'))).toBe(65302);

    const got = await api.getMenu();
    expect(got.conditionalmenu.map((m: { menuid: number }) => String(m.menuid))).toEqual([
      female.menuid,
      region.menuid,
    ]);
    expect(got.conditionalmenu[1].matchrule).toEqual({ country: '中国', province: '广东', city: '深圳' });

    // Another account cannot delete this account's conditional menu.
    const other = await individualAccount(server);
    const otherApi = wechatApi(server.url, other.account.appid, other.secret) as any;
    expect(await errcodeOf(otherApi.delConditionalMenu(female.menuid))).toBe(65301);

    await server.ctx.settings.set('officialAccounts.conditionalMenus', 2);
    expect(await errcodeOf(api.addConditionalMenu(conditional('满', { sex: '1' })))).toBe(65305);
    await server.ctx.settings.set('officialAccounts.conditionalMenus', 20);

    await api.removeMenu();
    expect(await menuRows(world.account.id)).toEqual([]);
    expect(await errcodeOf(api.tryConditionalMenu(herOpenid))).toBe(46003);
  });

  it('lets the console read, replace and delete the menus of an account it administers, with the same errors', async () => {
    const world = await individualAccount(server);
    const path = `/api/v1/official-accounts/${world.account.id}/menu`;
    expect((await world.developer.get(path)).body).toEqual({ menu: null, conditional: [] });
    const put = await world.developer.put(path, standardMenu);
    expect(put.status).toBe(200);
    expect(typeof put.body.menuid).toBe('number');
    const read = await world.developer.get(path);
    expect(read.body.menu).toMatchObject({ menuid: put.body.menuid, button: standardMenu.button });

    const tooLong = await world.developer.put(path, {
      button: [{ type: 'click', name: '一二三四五六', key: 'k' }],
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error).toMatchObject({ code: 'menu_button_name', field: 'button[0].name' });
    const unknownField = await world.developer.put(path, {
      button: [{ type: 'click', name: 'a', key: 'k', colour: 1 }],
    });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.error.code).toBe('validation_failed');
    expect((await world.developer.get(path)).body.menu.menuid).toBe(put.body.menuid);

    const added = await world.developer.post(`${path}/conditional`, {
      button: [{ type: 'click', name: '女', key: 'F' }],
      matchrule: { sex: '2' },
    });
    expect(added.status).toBe(201);
    expect((await world.developer.get(path)).body.conditional).toEqual([
      expect.objectContaining({ menuid: added.body.menuid, matchrule: { sex: '2' } }),
    ]);
    const noRule = await world.developer.post(`${path}/conditional`, {
      button: [{ type: 'click', name: '女', key: 'F' }],
      matchrule: {},
    });
    expect(noRule.body.error.code).toBe('menu_matchrule_empty');
    expect((await world.developer.delete(`${path}/conditional/${added.body.menuid}`)).status).toBe(200);
    expect((await world.developer.delete(`${path}/conditional/${added.body.menuid}`)).body.error.code).toBe(
      'menu_conditional_not_found',
    );

    const stranger = await newDeveloper(server.url, 'menu-stranger');
    expect((await stranger.get(path)).status).toBe(404);
    expect((await stranger.put(path, standardMenu)).status).toBe(404);
    expect((await stranger.delete(path)).status).toBe(404);

    expect((await world.developer.delete(path)).status).toBe(200);
    expect((await world.developer.get(path)).body.menu).toBeNull();
  });

  it('shows a follower their menu and records the event WeChat pushes for each click', async () => {
    const world = await individualAccount(server);
    const api = wechatApi(server.url, world.account.appid, world.secret) as any;
    await api.createMenu(standardMenu);
    const [user, outsider] = await endUsers(server, 2);
    const base = `/api/v1/client/official-accounts/${world.account.appid}/menu`;
    expect((await outsider!.client.get(base)).body.error.code).toBe('menu_not_following');
    const { openid } = (
      await user!.client.post(`/api/v1/client/official-accounts/${world.account.appid}/follow`)
    ).body;
    const seen = await user!.client.get(base);
    expect(seen.status).toBe(200);
    const menuid = seen.body.menu.menuid as number;
    expect(seen.body.menu.button[1].sub_button).toHaveLength(5);

    const heard: MenuClick[] = [];
    const stop = server.ctx.oaMenus.onClick((click) => {
      heard.push(click);
    });
    const click = (body: Record<string, unknown>) => {
      server.clock.advance(1000); // one event a second, so their order and CreateTime are known
      return user!.client.post(`${base}/click`, { menuid, ...body });
    };
    const firstClickAt = Math.floor(server.clock() / 1000) + 1;
    expect((await click({ index: 0 })).body).toEqual({ action: 'none' });
    expect((await click({ index: 2 })).body).toEqual({ action: 'open_url', url: 'https://wharf.example/' });
    expect((await click({ index: 1, subIndex: 0 })).body).toEqual({
      action: 'open_url',
      url: 'https://www.example.com/',
    });
    expect((await click({ index: 1, subIndex: 1, scanResult: 'https://scan.example/x' })).body.action).toBe(
      'none',
    );
    const md5 = 'a'.repeat(32);
    await click({ index: 1, subIndex: 2, pictures: [md5, 'b'.repeat(32)] });
    await click({
      index: 1,
      subIndex: 3,
      location: { x: 23.13, y: 113.26, scale: 15, label: '广州', poiname: '塔' },
    });
    expect((await click({ index: 1, subIndex: 4 })).body).toEqual({ action: 'none' }); // media_id: no event
    stop();

    // Refusals: a parent, a missing button, missing scan data, an unknown field, a stale menu.
    expect((await click({ index: 1 })).body.error.code).toBe('menu_button_not_found');
    expect((await click({ index: 1, subIndex: 5 })).status).toBe(400);
    expect((await click({ index: 1, subIndex: 1 })).body.error).toMatchObject({
      code: 'validation_failed',
      field: 'scanResult',
    });
    expect((await click({ index: 0, colour: 'red' })).body.error.code).toBe('validation_failed');
    await api.createMenu(standardMenu);
    const stale = await click({ index: 0 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('menu_stale');

    const pushed = (await events(world.account.appid)).filter((e) => e.type !== 'subscribe');
    expect(pushed.map((e) => e.type)).toEqual([
      'CLICK',
      'VIEW',
      'VIEW',
      'scancode_push',
      'pic_weixin',
      'location_select',
    ]);
    const payloads = pushed.map((e) => JSON.parse(e.payload));
    payloads.forEach((payload, i) => {
      expect(payload).toMatchObject({
        ToUserName: world.account.originalId,
        FromUserName: openid,
        MsgType: 'event',
      });
      expect(payload.CreateTime).toBe(firstClickAt + i);
    });
    expect(payloads[0]).toEqual(expect.objectContaining({ Event: 'CLICK', EventKey: 'V1001_TODAY_MUSIC' }));
    expect(payloads[0].MenuId).toBeUndefined();
    expect(payloads[1]).toMatchObject({ Event: 'VIEW', EventKey: 'https://wharf.example/', MenuId: menuid });
    expect(payloads[3]).toMatchObject({
      Event: 'scancode_push',
      EventKey: 'SCAN',
      ScanCodeInfo: { ScanType: 'qrcode', ScanResult: 'https://scan.example/x' },
    });
    expect(payloads[4]).toMatchObject({
      Event: 'pic_weixin',
      EventKey: 'PIC',
      SendPicsInfo: { Count: 2, PicList: { item: [{ PicMd5Sum: md5 }, { PicMd5Sum: 'b'.repeat(32) }] } },
    });
    expect(payloads[5]).toMatchObject({
      Event: 'location_select',
      EventKey: 'LOC',
      SendLocationInfo: {
        Location_X: '23.13',
        Location_Y: '113.26',
        Scale: '15',
        Label: '广州',
        Poiname: '塔',
      },
    });

    // As the push worker writes them for the developer server.
    expect(buildXml(payloads[4] as PushFields)).toContain(
      `<SendPicsInfo><Count>2</Count><PicList><item><PicMd5Sum><![CDATA[${md5}]]></PicMd5Sum></item><item><PicMd5Sum><![CDATA[${'b'.repeat(32)}]]></PicMd5Sum></item></PicList></SendPicsInfo>`,
    );
    expect(buildXml(payloads[5] as PushFields)).toContain(
      '<SendLocationInfo><Location_X>23.13</Location_X><Location_Y>113.26</Location_Y><Scale>15</Scale><Label><![CDATA[广州]]></Label><Poiname><![CDATA[塔]]></Poiname></SendLocationInfo>',
    );
    expect(buildXml(payloads[1] as PushFields)).toContain(`<MenuId>${menuid}</MenuId>`);
    expect(heard.map((h) => [h.type, h.event, h.opensServiceWindow])).toEqual([
      ['click', 'CLICK', true],
      ['view', 'VIEW', false],
      ['view', 'VIEW', false],
      ['scancode_push', 'scancode_push', true],
      ['pic_weixin', 'pic_weixin', false],
      ['location_select', 'location_select', false],
      ['media_id', null, false],
    ]);
    expect(heard[0]).toMatchObject({ accountId: world.account.id, userId: user!.id, openid, menuid });
  });

  it('shows a follower the conditional menu that matches them and takes their clicks on it', async () => {
    const world = await individualAccount(server);
    const api = wechatApi(server.url, world.account.appid, world.secret) as any;
    await api.createMenu(standardMenu);
    const { menuid } = await api.addConditionalMenu({
      button: [{ type: 'click', name: '安卓', key: 'ANDROID' }],
      matchrule: { client_platform_type: '2' },
    });
    const [user] = await endUsers(server, 1);
    await user!.client.post(`/api/v1/client/official-accounts/${world.account.appid}/follow`);
    const base = `/api/v1/client/official-accounts/${world.account.appid}/menu`;
    const onAndroid = await user!.client.get(`${base}?platform=android`);
    expect(onAndroid.body.menu).toEqual({
      menuid: Number(menuid),
      button: [{ type: 'click', name: '安卓', key: 'ANDROID' }],
    });
    expect((await user!.client.get(base)).body.menu.menuid).not.toBe(Number(menuid));
    server.clock.advance(1000);
    const clicked = await user!.client.post(`${base}/click`, {
      menuid: Number(menuid),
      index: 0,
      platform: 'android',
    });
    expect(clicked.body).toEqual({ action: 'none' });
    // The same menuid from a client on another platform is not the menu that user sees.
    expect(
      (await user!.client.post(`${base}/click`, { menuid: Number(menuid), index: 0 })).body.error.code,
    ).toBe('menu_stale');
    const last = (await events(world.account.appid)).at(-1)!;
    expect(JSON.parse(last.payload)).toMatchObject({ Event: 'CLICK', EventKey: 'ANDROID' });
  });
  it('takes a miniprogram button only to a linked mini program and a page of its release; its click opens it with scene 1035', async () => {
    const code = await codeWorld(server, '菜单小程序');
    await releaseVersion(code, 'v1');
    const { account, secret } = await accountOf(code);
    const api = wechatApi(server.url, account.appid, secret) as any;
    const button = (appid: string, pagepath: string) => ({
      button: [
        { type: 'click', name: '点我', key: 'K' },
        {
          name: '更多',
          sub_button: [
            { type: 'miniprogram', name: '打开小程序', url: 'https://fallback.example/', appid, pagepath },
          ],
        },
      ],
    });
    // Not linked yet: 40166; nothing saved.
    expect(await errcodeOf(api.createMenu(button(code.app.appid, 'pages/index/index')))).toBe(40166);
    expect(await errcodeOf(api.getMenu())).toBe(46003);
    const { accessToken } = await api.getAccessToken();
    const linked = await fetch(`${server.url}/cgi-bin/wxopen/wxamplink?access_token=${accessToken}`, {
      method: 'POST',
      body: JSON.stringify({ appid: code.app.appid, notify_users: 0, show_profile: 0 }),
    }).then((r) => r.json());
    expect(linked.errcode).toBe(0);
    expect(await errcodeOf(api.createMenu(button(code.app.appid, 'pages/nope/nope')))).toBe(40165);
    const stranger = await codeWorld(server, '未关联');
    expect(await errcodeOf(api.createMenu(button(stranger.app.appid, 'pages/index/index')))).toBe(40166);
    expect(await errcodeOf(api.getMenu())).toBe(46003);
    // The console hears the same refusal, with the button's place.
    const refused = await code.dev.put(
      `/api/v1/official-accounts/${account.id}/menu`,
      button(code.app.appid, 'pages/nope/nope'),
    );
    expect(refused.body.error).toMatchObject({
      code: 'oa_miniprogram_page_invalid',
      field: 'button[1].sub_button[0]',
    });

    expect(await api.createMenu(button(code.app.appid, 'pages/form/form?from=menu'))).toMatchObject({
      errcode: 0,
    });
    const got = await api.getMenu();
    expect(got.menu.button[1].sub_button[0]).toEqual({
      type: 'miniprogram',
      name: '打开小程序',
      url: 'https://fallback.example/',
      appid: code.app.appid,
      pagepath: 'pages/form/form?from=menu',
      sub_button: [],
    });

    const [user] = await endUsers(server, 1);
    const { openid } = (await user!.client.post(`/api/v1/client/official-accounts/${account.appid}/follow`))
      .body;
    const base = `/api/v1/client/official-accounts/${account.appid}/menu`;
    const { menuid } = (await user!.client.get(base)).body.menu;
    server.clock.advance(1000);
    const opened = await user!.client.post(`${base}/click`, { menuid, index: 1, subIndex: 0 });
    expect(opened.body).toEqual({
      action: 'open_miniprogram',
      appid: code.app.appid,
      pagepath: 'pages/form/form?from=menu',
      scene: 1035,
      url: 'https://fallback.example/',
    });
    const pushed = (await events(account.appid)).filter((e) => e.type === 'view_miniprogram');
    expect(pushed.map((e) => JSON.parse(e.payload))).toEqual([
      {
        ToUserName: account.originalId,
        FromUserName: openid,
        CreateTime: Math.floor(server.clock() / 1000),
        MsgType: 'event',
        Event: 'view_miniprogram',
        EventKey: 'pages/form/form?from=menu',
        MenuId: menuid,
      },
    ]);
  });
});
