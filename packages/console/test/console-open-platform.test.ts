import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeWorld } from '../../server/test/code-world.ts';
import { endUsers } from '../../server/test/oa-world.ts';
import { asMobileApp, type OpenWorld, openWorld } from '../../server/test/open-world.ts';
import { type ConsoleWorld, consoleWorld, poll } from './console-world.ts';
import { signIn } from './versions-walk.ts';

/**
 * 开放平台 in the console: an account created and a mini program and an official account of the
 * subject bound by clicking (another subject's app refused at the field), then one person has
 * the same UnionID in both, through the WeChat face; a mobile app registered with its secret
 * shown once authenticates; unbinding in the console takes the UnionID away again.
 */
describe('the open platform in the console', () => {
  let world: ConsoleWorld;
  let open: OpenWorld;

  beforeAll(async () => {
    world = await consoleWorld();
    // The developer signs up through the API, as other server tests do: no activation mail.
    await world.server.ctx.settings.set('accounts.emailActivation', false);
    open = await openWorld(world.server, '开放台');
  });
  afterAll(() => world?.close());

  it('binds a mini program and an official account in the console, and one person has one UnionID across them', async () => {
    const email = (await open.developer.get('/api/v1/me')).body.user.email as string;
    const other = await codeWorld(world.server, '他人');
    const page = await world.page('zh-CN');
    await signIn(world, page, 'zh-CN', email);
    await page.getByRole('link', { name: '开放平台', exact: true }).click();
    await poll(() => page.getByText('还没有开放平台账号。').isVisible()).toBe(true);
    await page.getByRole('button', { name: '创建', exact: true }).click();
    const card = page.locator('.open-account');
    await poll(() => card.count()).toBe(1);
    const openAppid = (await card.getAttribute('data-open-appid'))!;

    const appidField = card.getByLabel('要绑定的 AppID');
    // Another developer's mini program, another subject: the service's refusal at the field.
    await appidField.fill(other.app.appid);
    await card.getByRole('button', { name: '绑定', exact: true }).click();
    await poll(() => card.locator('.bind-form .field.invalid').isVisible()).toBe(true);
    expect(await card.locator('.bound-row').count()).toBe(0);

    for (const appid of [open.mp.appid, open.oa.appid]) {
      await appidField.fill(appid);
      await card.getByRole('button', { name: '绑定', exact: true }).click();
      await poll(() => card.locator(`.bound-row[data-appid="${appid}"]`).isVisible()).toBe(true);
    }
    await poll(() => card.locator('.unionid-example').textContent()).toContain('UnionID 相同');

    // A mobile app: its secret shown once, and its server signs in with it.
    await card.getByLabel('应用名称').fill('码头 App');
    await card.getByLabel('包名 / Bundle ID').fill('com.example.wharf');
    await card.getByLabel('应用签名').fill('0123456789abcdef0123456789abcdef');
    await card.getByRole('button', { name: '注册', exact: true }).click();
    await poll(() => card.locator('.app-credentials').isVisible()).toBe(true);
    const mobileAppid = (await card.locator('.mobile-appid').textContent())!;
    const mobileSecret = (await card.locator('.mobile-secret').textContent())!;
    await poll(() => card.locator(`.bound-row[data-appid="${mobileAppid}"]`).getAttribute('data-kind')).toBe(
      'mobile_app',
    );
    const me = await asMobileApp(world.server.url, mobileAppid, mobileSecret)('/api/v1/mobile-app');
    expect(me.body).toMatchObject({ appid: mobileAppid, openAppid, name: '码头 App' });
    await world.screenshot(page, 'console-open-platform');

    // One person, in the mini program (wx.login → code2Session) and as a follower of the account.
    const [alice] = await endUsers(world.server, 1, 'unionid');
    const login = await alice!.client.post(`/api/v1/client/miniprograms/${open.mp.appid}/login`);
    const session = await fetch(
      `${world.server.url}/sns/jscode2session?${new URLSearchParams({
        appid: open.mp.appid,
        secret: open.mp.secret,
        js_code: login.body.code,
        grant_type: 'authorization_code',
      })}`,
    ).then((r) => r.json() as Promise<any>);
    expect(session.unionid).toMatch(/^o[A-Za-z0-9_-]{27}$/);
    const accounts = world.server.ctx.officialAccounts.accounts;
    await accounts.follow(alice!.id, open.oa.appid);
    const follower = await accounts.follower((await accounts.byAppid(open.oa.appid)).id, alice!.id);
    const info = await open.oaCall(`/cgi-bin/user/info?openid=${follower!.openid}&lang=zh_CN`);
    expect(info).toMatchObject({ subscribe: 1, unionid: session.unionid });
    expect(info.openid).not.toBe(session.openid);

    // Unbound in the console: the account stops answering a UnionID.
    await card
      .locator(`.bound-row[data-appid="${open.oa.appid}"]`)
      .getByRole('button', { name: '解绑' })
      .click();
    await poll(() => card.locator(`.bound-row[data-appid="${open.oa.appid}"]`).count()).toBe(0);
    const after = await open.oaCall(`/cgi-bin/user/info?openid=${follower!.openid}&lang=zh_CN`);
    expect(after.unionid).toBeUndefined();
  });
});
