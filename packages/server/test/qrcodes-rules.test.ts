import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { createContext } from '../src/context.ts';
import { blockedBy } from '../src/features/qrcodes/rules.service.ts';
import { randomHex } from '../src/security/secrets.ts';
import { openStore } from '../src/store/database.ts';
import { type CodeWorld, codeWorld, releaseVersion } from './code-world.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { scan, website } from './qrcodes-world.ts';

describe.each(dialects)('ordinary-link QR rules on %s', (dialect) => {
  let server: TestServer;
  let site: Awaited<ReturnType<typeof website>>;
  let a: CodeWorld;
  let b: CodeWorld;
  let origin: string;
  const ruleRows = async () =>
    Number(
      (
        await server.ctx.store.db
          .selectFrom('qr_jump_rules')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  /** Downloads the app's verification file and places it in `dir` of the site. */
  const place = async (w: CodeWorld, dir: string) => {
    const file = await w.wx('/cgi-bin/wxopen/qrcodejumpdownload', {});
    expect(file.errcode).toBe(0);
    site.files.set(`${dir}${file.file_name}`, file.file_content);
    return file;
  };
  const add = (w: CodeWorld, body: Record<string, unknown>) =>
    w.wx('/cgi-bin/wxopen/qrcodejumpadd', {
      permit_sub_rule: 1,
      path: 'pages/index/index',
      open_version: 3,
      debug_url: [],
      is_edit: 0,
      ...body,
    });

  beforeAll(async () => {
    server = await startTestServer(dialect);
    site = await website();
    origin = site.origin;
    a = await codeWorld(server, '规则甲');
    b = await codeWorld(server, '规则乙');
    await releaseVersion(a, '1.0.0');
    await releaseVersion(b, '1.0.0');
    // These tests call faster than WeChat's 5 a second on a frozen clock; that limit has its own test.
    await server.ctx.settings.set('limits.qrcodeJump.perApp', 0);
  });
  afterAll(async () => {
    await site?.close();
    await server?.close();
  });

  it('refuses individual-subject mini programs (85075) on all five calls unless the operator allows them', async () => {
    for (const path of [
      'qrcodejumpdownload',
      'qrcodejumpadd',
      'qrcodejumpget',
      'qrcodejumpdelete',
      'qrcodejumppublish',
    ]) {
      expect((await a.wx(`/cgi-bin/wxopen/${path}`, { prefix: `${origin}/x/` })).errcode, path).toBe(85075);
    }
    await server.ctx.settings.set('qrcodes.rulesForIndividuals', true);
    expect((await a.wx('/cgi-bin/wxopen/qrcodejumpget', {})).errcode).toBe(0);
  });

  it('answers 44990 past five qrcodejump calls a second per app, counted across the five calls', async () => {
    await server.ctx.settings.set('qrcodes.rulesForIndividuals', true);
    await server.ctx.settings.set('limits.qrcodeJump.perApp', 5);
    try {
      const c = await codeWorld(server, '规则丙');
      const calls = [
        'qrcodejumpget',
        'qrcodejumpdownload',
        'qrcodejumpget',
        'qrcodejumpdelete',
        'qrcodejumpget',
      ];
      for (const path of calls) {
        expect((await c.wx(`/cgi-bin/wxopen/${path}`, { prefix: `${origin}/none/` })).errcode, path).not.toBe(
          44990,
        );
      }
      const sixth = await c.wx('/cgi-bin/wxopen/qrcodejumppublish', { prefix: `${origin}/none/` });
      expect(sixth).toMatchObject({ errcode: 44990 });
      expect(sixth.errmsg).toContain('5');
      // Another app has its own count.
      expect((await b.wx('/cgi-bin/wxopen/qrcodejumpget', {})).errcode).toBe(0);
      server.clock.advance(1_000);
      expect((await c.wx('/cgi-bin/wxopen/qrcodejumpget', {})).errcode).toBe(0);
    } finally {
      await server.ctx.settings.set('limits.qrcodeJump.perApp', 0);
    }
  });

  it("refuses prefixes on the operator's blocked hosts and their subdomains (85070), storing nothing", async () => {
    expect(blockedBy('m.shop.example', 'evil.example, shop.example')).toBe('shop.example');
    expect(blockedBy('shop.example:8080', '*.shop.example')).toBe('shop.example');
    expect(blockedBy('myshop.example', 'shop.example')).toBeUndefined();
    expect(blockedBy('shop.example', '')).toBeUndefined();
    const before = await ruleRows();
    await server.ctx.settings.set('qrcodes.blockedHosts', 'evil.example 127.0.0.1');
    try {
      const refused = await add(a, { prefix: `${origin}/blocked/` });
      expect(refused.errcode).toBe(85070);
      expect(refused.errmsg).toContain('127.0.0.1');
      expect(await ruleRows()).toBe(before);
    } finally {
      await server.ctx.settings.set('qrcodes.blockedHosts', '');
    }
  });

  it('verifies the domain by fetching the file from the prefix’s last directory; private addresses only when allowed', async () => {
    // Before any download there is no file to check.
    expect((await add(a, { prefix: `${origin}/shop/` })).errcode).toBe(85069);
    const file = await a.wx('/cgi-bin/wxopen/qrcodejumpdownload', {});
    expect(file.file_name).toMatch(/^[0-9a-f]+\.txt$/);
    expect((await a.wx('/cgi-bin/wxopen/qrcodejumpdownload', {})).file_content).toBe(file.file_content);
    // Placed at the root, not in /shop/: refused.
    site.files.set(`/${file.file_name}`, file.file_content);
    const before = site.hits.length;
    expect((await add(a, { prefix: `${origin}/shop/` })).errcode).toBe(85069);
    // The default refuses loopback before connecting: the site saw no request.
    expect(site.hits.length).toBe(before);
    await server.ctx.settings.set('qrcodes.verifyPrivateAddresses', true);
    const wrongPlace = await add(a, { prefix: `${origin}/shop/` });
    expect(wrongPlace.errcode).toBe(85069);
    expect(site.hits.at(-1)).toBe(`/shop/${file.file_name}`);
    site.files.set(`/shop/${file.file_name}`, 'wrong content');
    expect((await add(a, { prefix: `${origin}/shop/` })).errcode).toBe(85069);
    expect(await ruleRows()).toBe(0);
    site.files.set(`/shop/${file.file_name}`, file.file_content);
    expect(
      (await add(a, { prefix: `${origin}/shop/`, open_version: 1, debug_url: [`${origin}/shop/item?id=1`] }))
        .errcode,
    ).toBe(0);
    expect(await ruleRows()).toBe(1);
  });

  it('lists rules with WeChat’s fields', async () => {
    const got = await a.wx('/cgi-bin/wxopen/qrcodejumpget', {});
    expect(got).toMatchObject({
      errcode: 0,
      qrcodejump_open: 1,
      list_size: 1,
      qrcodejump_pub_quota: 100,
      rule_list: [
        {
          prefix: `${origin}/shop/`,
          permit_sub_rule: 1,
          path: 'pages/index/index',
          open_version: 1,
          debug_url: [`${origin}/shop/item?id=1`],
          state: 1,
        },
      ],
    });
  });

  it('opens an unpublished rule only from its debug URLs (the version open_version names)', async () => {
    const debug = await scan(server, { text: `${origin}/shop/item?id=1` });
    expect(debug.body).toMatchObject({
      action: 'open_miniprogram',
      appid: a.app.appid,
      version: 'develop',
      path: 'pages/index/index',
      scene: 1011,
      via: 'rule',
      query: { q: encodeURIComponent(`${origin}/shop/item?id=1`) },
    });
    expect(debug.body.query.scancode_time).toBe(String(Math.floor(server.clock() / 1000)));
    expect((await scan(server, { text: `${origin}/shop/other` })).body.action).toBe('open_web');
  });

  it('publishes: every link under the prefix opens the release with q and scancode_time (1011/1012/1013)', async () => {
    expect((await a.wx('/cgi-bin/wxopen/qrcodejumppublish', { prefix: `${origin}/shop/` })).errcode).toBe(0);
    const link = `${origin}/shop/deep/page?x=1&y=中`;
    const opened = await scan(server, { text: link, source: 'album' });
    expect(opened.body).toMatchObject({
      action: 'open_miniprogram',
      appid: a.app.appid,
      version: 'release',
      scene: 1013,
      query: { q: encodeURIComponent(link), scancode_time: String(Math.floor(server.clock() / 1000)) },
    });
    expect(decodeURIComponent(opened.body.query.q)).toBe(link);
    // Not under the prefix: `/shop` without the slash, another scheme, another path's case.
    for (const other of [
      `${origin}/shop`,
      `${origin.replace('http:', 'https:')}/shop/x`,
      `${origin}/SHOP/x`,
    ]) {
      expect((await scan(server, { text: other })).body.action, other).toBe('open_web');
    }
    // The scheme's case does not matter.
    expect(
      (await scan(server, { text: `${origin.toUpperCase().replace('HTTP', 'HTTP')}/shop/x` })).body.action,
    ).toBe('open_miniprogram');
    const got = await a.wx('/cgi-bin/wxopen/qrcodejumpget', {});
    expect(got.rule_list[0].state).toBe(2);
    expect(got.qrcodejump_pub_quota).toBe(99);
  });

  it('edits only unpublished rules; the longest prefix wins; query strings match as text', async () => {
    expect((await add(a, { prefix: `${origin}/shop/`, is_edit: 1 })).errcode).toBe(40097);
    expect((await add(a, { prefix: `${origin}/nothing/`, is_edit: 1 })).errcode).toBe(40097);
    expect((await add(a, { prefix: `${origin}/shop/` })).errcode).toBe(85071);
    await place(a, '/shop/vip/');
    expect(
      (await add(a, { prefix: `${origin}/shop/vip/`, path: 'pages/index/index?tier=vip' })).errcode,
    ).toBe(0);
    expect(
      (await add(a, { prefix: `${origin}/shop/vip/`, path: 'pages/form/form?tier=vip', is_edit: 1 })).errcode,
    ).toBe(0);
    expect((await a.wx('/cgi-bin/wxopen/qrcodejumppublish', { prefix: `${origin}/shop/vip/` })).errcode).toBe(
      0,
    );
    const vip = await scan(server, { text: `${origin}/shop/vip/card` });
    expect(vip.body).toMatchObject({ path: 'pages/form/form', query: { tier: 'vip' } });
    expect((await scan(server, { text: `${origin}/shop/vipx` })).body.path).toBe('pages/index/index');

    await place(a, '/');
    expect((await add(a, { prefix: `${origin}/p?id=123`, path: 'pages/form/form' })).errcode).toBe(0);
    expect((await a.wx('/cgi-bin/wxopen/qrcodejumppublish', { prefix: `${origin}/p?id=123` })).errcode).toBe(
      0,
    );
    expect((await scan(server, { text: `${origin}/p?id=123&src=print` })).body.path).toBe('pages/form/form');
    expect((await scan(server, { text: `${origin}/p?id=132` })).body.action).toBe('open_web');
  });

  it('refuses bad rules clearly and stores nothing', async () => {
    const before = await ruleRows();
    const cases: Array<[Record<string, unknown>, number]> = [
      [{ prefix: 'ftp://example.com/x/' }, 85066],
      [{ prefix: 'not a link' }, 85066],
      [{ prefix: `${origin}/a/#frag` }, 85066],
      [{ prefix: '' }, 85066],
      [{ prefix: `${origin}/d/`, debug_url: ['https://elsewhere.com/d/1'] }, 85068],
      [{ prefix: `${origin}/d/`, debug_url: [`${origin}/e/1`] }, 85068],
      [{ prefix: `${origin}/d/`, debug_url: [1, 2, 3, 4, 5, 6].map((n) => `${origin}/d/${n}`) }, 85068],
      [{ prefix: `${origin}/d/`, debug_url: 'not-an-array' }, 40097],
      [{ prefix: `${origin}/d/`, path: 'pages/missing/missing' }, 41030],
      [{ prefix: `${origin}/d/`, path: '/pages/index/index' }, 41030],
      [{ prefix: `${origin}/d/`, path: 'pages/index/index?scancode_time=1' }, 40097],
      [{ prefix: `${origin}/d/`, open_version: 4 }, 40097],
      [{ prefix: `${origin}/d/`, permit_sub_rule: 3 }, 40097],
    ];
    for (const [body, errcode] of cases) {
      expect((await add(a, body)).errcode, JSON.stringify(body)).toBe(errcode);
    }
    expect(await ruleRows()).toBe(before);
  });

  it('keeps sub-rules to the owner when permit_sub_rule is 2, and lets others in when it is 1', async () => {
    await place(a, '/claimed/');
    expect((await add(a, { prefix: `${origin}/claimed/`, permit_sub_rule: 2 })).errcode).toBe(0);
    const before = await ruleRows();
    await place(b, '/claimed/x/');
    expect((await add(b, { prefix: `${origin}/claimed/x/` })).errcode).toBe(85072);
    await place(b, '/claimed/');
    expect((await add(b, { prefix: `${origin}/claimed/` })).errcode).toBe(85072);
    // B may not claim a prefix A already has rules under.
    await place(b, '/');
    expect((await add(b, { prefix: `${origin}/`, permit_sub_rule: 2 })).errcode).toBe(85072);
    expect(await ruleRows()).toBe(before);
    // A's /shop/ leaves sub-prefixes free: B takes /shop/b/ and wins its links (longest match).
    await place(b, '/shop/b/');
    expect((await add(b, { prefix: `${origin}/shop/b/` })).errcode).toBe(0);
    expect((await b.wx('/cgi-bin/wxopen/qrcodejumppublish', { prefix: `${origin}/shop/b/` })).errcode).toBe(
      0,
    );
    expect((await scan(server, { text: `${origin}/shop/b/1` })).body.appid).toBe(b.app.appid);
    expect((await scan(server, { text: `${origin}/shop/a/1` })).body.appid).toBe(a.app.appid);
    // Neither can delete the other's rule.
    expect((await b.wx('/cgi-bin/wxopen/qrcodejumpdelete', { prefix: `${origin}/shop/` })).errcode).toBe(
      40097,
    );
  });

  it('gives a prefix two apps race for to one of them; the other hears 85072, never a server error', async () => {
    await place(a, '/race/');
    await place(b, '/race/');
    const before = await ruleRows();
    const answers = await Promise.all([
      add(a, { prefix: `${origin}/race/` }),
      add(b, { prefix: `${origin}/race/` }),
    ]);
    expect(answers.map((x) => x.errcode).sort()).toEqual([0, 85072]);
    expect(await ruleRows()).toBe(before + 1);
  });

  it('deletes: the link opens as a web page again and the list no longer has it', async () => {
    // b may also hold the prefix it won in the race test above: count relative to before.
    const before = await b.wx('/cgi-bin/wxopen/qrcodejumpget', {});
    expect(before.rule_list.map((r: { prefix: string }) => r.prefix)).toContain(`${origin}/shop/b/`);
    expect((await b.wx('/cgi-bin/wxopen/qrcodejumpdelete', { prefix: `${origin}/shop/b/` })).errcode).toBe(0);
    expect((await scan(server, { text: `${origin}/shop/b/1` })).body.appid).toBe(a.app.appid);
    const after = await b.wx('/cgi-bin/wxopen/qrcodejumpget', {});
    expect(after.list_size).toBe(before.list_size - 1);
    expect(after.rule_list.map((r: { prefix: string }) => r.prefix)).not.toContain(`${origin}/shop/b/`);
    expect((await b.wx('/cgi-bin/wxopen/qrcodejumpdelete', { prefix: `${origin}/shop/b/` })).errcode).toBe(
      40097,
    );
  });

  it('another node sees a change made through this one within a second', async () => {
    const location = server.ctx.config.databaseUrl || `${server.ctx.config.dataDir}/wharf.sqlite`;
    const store = openStore(location);
    const other = createContext({
      config: loadConfig(
        { data: server.ctx.config.dataDir, port: 0, databaseUrl: server.ctx.config.databaseUrl },
        {},
      ),
      store,
      secretKey: randomHex(16),
    });
    try {
      await other.notices?.ready?.();
      const link = `${origin}/node/x`;
      expect((await other.qrcodes.scan.resolveText(link, 'camera')).action).toBe('open_web');
      await place(a, '/node/');
      expect((await add(a, { prefix: `${origin}/node/` })).errcode).toBe(0);
      expect((await a.wx('/cgi-bin/wxopen/qrcodejumppublish', { prefix: `${origin}/node/` })).errcode).toBe(
        0,
      );
      const started = Date.now();
      let seen = await other.qrcodes.scan.resolveText(link, 'camera');
      while (seen.action !== 'open_miniprogram' && Date.now() - started < 3000) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        seen = await other.qrcodes.scan.resolveText(link, 'camera');
      }
      expect(seen.action).toBe('open_miniprogram');
      expect(Date.now() - started).toBeLessThan(1500);
      expect((await a.wx('/cgi-bin/wxopen/qrcodejumpdelete', { prefix: `${origin}/node/` })).errcode).toBe(0);
      const deleted = Date.now();
      while (
        (await other.qrcodes.scan.resolveText(link, 'camera')).action !== 'open_web' &&
        Date.now() - deleted < 3000
      ) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(Date.now() - deleted).toBeLessThan(1500);
    } finally {
      await other.close?.();
      await store.close();
    }
  });
  it('caps rules per app (85073) and publishes per month (886000); publishing needs a release (85074)', async () => {
    await server.ctx.settings.set(
      'qrcodes.rulesPerApp',
      (await a.wx('/cgi-bin/wxopen/qrcodejumpget', {})).list_size,
    );
    await place(a, '/full/');
    expect((await add(a, { prefix: `${origin}/full/` })).errcode).toBe(85073);
    await server.ctx.settings.set('qrcodes.rulesPerApp', 100);

    const used = 100 - (await b.wx('/cgi-bin/wxopen/qrcodejumpget', {})).qrcodejump_pub_quota;
    await server.ctx.settings.set('qrcodes.publishesPerMonth', used + 2);
    try {
      await place(b, '/q/');
      expect((await add(b, { prefix: `${origin}/q/` })).errcode).toBe(0);
      const publish = () => b.wx('/cgi-bin/wxopen/qrcodejumppublish', { prefix: `${origin}/q/` });
      expect((await publish()).errcode).toBe(0);
      expect((await publish()).errcode).toBe(0);
      expect((await publish()).errcode).toBe(886000);
      expect((await b.wx('/cgi-bin/wxopen/qrcodejumpget', {})).qrcodejump_pub_quota).toBe(0);
      server.clock.advance(31 * 24 * 3600_000);
      expect((await publish()).errcode).toBe(0);
    } finally {
      await server.ctx.settings.set('qrcodes.publishesPerMonth', 100);
    }

    const c = await codeWorld(server, '未发布');
    await c.upload('0.1.0');
    await place(c, '/c/');
    expect((await add(c, { prefix: `${origin}/c/`, open_version: 3 })).errcode).toBe(41030);
    expect((await add(c, { prefix: `${origin}/c/`, open_version: 1 })).errcode).toBe(0);
    expect((await c.wx('/cgi-bin/wxopen/qrcodejumppublish', { prefix: `${origin}/c/` })).errcode).toBe(85074);
    expect((await c.wx('/cgi-bin/wxopen/qrcodejumpget', {})).rule_list[0].state).toBe(1);
  });
});
