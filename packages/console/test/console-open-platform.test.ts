import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeWorld } from '../../server/test/code-world.ts';
import { endUsers } from '../../server/test/oa-world.ts';
import { asMobileApp, mobileApp, type OpenWorld, openWorld } from '../../server/test/open-world.ts';
import { registeredApp } from '../../server/test/world.ts';
import { type ConsoleWorld, consoleWorld, type Language, poll } from './console-world.ts';
import { signIn, text } from './versions-walk.ts';

/**
 * 开放平台 in the console: an account created and a mini program and an official account of the
 * subject bound by clicking (another subject's app refused at the field), then one person has
 * the same UnionID in both, through the WeChat face; a mobile app registered with its secret
 * shown once authenticates; unbinding in the console takes the UnionID away again. The same in
 * English. An account the API made is verified in the console (the cap it lifts and a stale
 * second tab refused, both explained), and a mobile app's AppSecret is reset there.
 */
describe('the open platform in the console', () => {
  let world: ConsoleWorld;

  beforeAll(async () => {
    world = await consoleWorld();
    // The developers sign up through the API, as other server tests do: no activation mail.
    await world.server.ctx.settings.set('accounts.emailActivation', false);
  });
  afterAll(() => world?.close());

  const emailOf = async (open: OpenWorld) =>
    (await open.developer.get('/api/v1/me')).body.user.email as string;

  it.each<Language>(['zh-CN', 'en'])(
    'binds a mini program and an official account in the console, and one person has one UnionID across them (%s)',
    async (language) => {
      const t = (key: string) => text(language, key);
      const open = await openWorld(world.server, language === 'en' ? 'Open' : '开放台');
      const other = await codeWorld(world.server, '他人');
      const page = await world.page(language);
      await signIn(world, page, language, await emailOf(open));
      await page.getByRole('link', { name: t('nav.openPlatform'), exact: true }).click();
      await poll(() => page.locator('h1').textContent()).toBe(
        language === 'en' ? 'Open platform' : '开放平台',
      );
      await poll(() => page.getByText(t('openPlatform.none')).isVisible()).toBe(true);
      await page.getByRole('button', { name: t('openPlatform.createButton'), exact: true }).click();
      const card = page.locator('.open-account');
      await poll(() => card.count()).toBe(1);
      const openAppid = (await card.getAttribute('data-open-appid'))!;
      expect(await card.locator('.verification').textContent()).toBe(t('openPlatform.verified'));

      const appidField = card.getByLabel(t('openPlatform.bindAppid'));
      // Another developer's mini program, another subject: the service's refusal at the field.
      await appidField.fill(other.app.appid);
      await card.getByRole('button', { name: t('openPlatform.bind'), exact: true }).click();
      await poll(() => card.locator('.bind-form .field.invalid').isVisible()).toBe(true);
      expect(await card.locator('.bind-form .field-error').textContent()).toBe(
        language === 'en' ? 'app not found' : 'app不存在',
      );
      expect(await card.locator('.bound-row').count()).toBe(0);

      for (const appid of [open.mp.appid, open.oa.appid]) {
        await appidField.fill(appid);
        await card.getByRole('button', { name: t('openPlatform.bind'), exact: true }).click();
        await poll(() => card.locator(`.bound-row[data-appid="${appid}"]`).isVisible()).toBe(true);
      }
      await poll(() => card.locator('.unionid-example').textContent()).toContain(
        language === 'en' ? 'and one UnionID' : 'UnionID 相同',
      );
      expect(await card.locator('.unionid-rule h3').textContent()).toBe(
        language === 'en' ? 'The UnionID rule' : 'UnionID 规则',
      );

      // A mobile app: its secret shown once, and its server signs in with it.
      await card.getByLabel(t('openPlatform.appName')).fill('码头 App');
      await card.getByLabel(t('openPlatform.bundleId')).fill('com.example.wharf');
      await card.getByLabel(t('openPlatform.signature')).fill('0123456789abcdef0123456789abcdef');
      await card.getByRole('button', { name: t('openPlatform.register'), exact: true }).click();
      await poll(() => card.locator('.app-credentials').isVisible()).toBe(true);
      expect(await card.locator('.app-credentials').textContent()).toContain(
        language === 'en' ? 'Save it now' : '请立即保存',
      );
      const mobileAppid = (await card.locator('.mobile-appid').textContent())!;
      const mobileSecret = (await card.locator('.app-credentials .mobile-secret').textContent())!;
      const mobileRow = card.locator(`.bound-row[data-appid="${mobileAppid}"]`);
      await poll(() => mobileRow.getAttribute('data-kind')).toBe('mobile_app');
      expect(await mobileRow.locator('.status').textContent()).toBe(
        language === 'en' ? 'Mobile app' : '移动应用',
      );
      const me = await asMobileApp(world.server.url, mobileAppid, mobileSecret)('/api/v1/mobile-app');
      expect(me.body).toMatchObject({ appid: mobileAppid, openAppid, name: '码头 App' });
      await world.screenshot(page, language === 'en' ? 'console-open-platform-en' : 'console-open-platform');

      // One person, in the mini program (wx.login → code2Session) and as a follower of the account.
      const [alice] = await endUsers(world.server, 1, `unionid-${language}`);
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
        .getByRole('button', { name: t('openPlatform.unbind') })
        .click();
      await poll(() => card.locator(`.bound-row[data-appid="${open.oa.appid}"]`).count()).toBe(0);
      const after = await open.oaCall(`/cgi-bin/user/info?openid=${follower!.openid}&lang=zh_CN`);
      expect(after.unionid).toBeUndefined();
    },
  );

  it('verifies an account the API made (the cap it lifts and a stale tab refused, explained) and resets a mobile app secret', async () => {
    const open = await openWorld(world.server, '认证台');
    const made = await open.mpCall('/cgi-bin/open/create', {});
    expect(made.errcode).toBe(0);
    const second = await registeredApp(open.developer, open.subjectId, `认证台第二个${Date.now() % 1000}`);
    const { app, secret } = await mobileApp(open.developer, made.open_appid);
    await world.server.ctx.settings.set('openPlatform.unverifiedMiniPrograms', 1);
    try {
      const email = await emailOf(open);
      const [page, stale] = [await world.page('zh-CN'), await world.page('zh-CN')];
      for (const tab of [page, stale]) {
        await signIn(world, tab, 'zh-CN', email);
        await tab.goto(`${world.server.url}/#/open-platform`);
        await poll(() => tab.locator('.verification.unverified').isVisible()).toBe(true);
      }
      const card = page.locator(`.open-account[data-open-appid="${made.open_appid}"]`);
      const verification = card.locator('.verification');
      expect(await verification.textContent()).toContain(
        `由 ${open.mp.appid} 通过 API（/cgi-bin/open/create）创建。`,
      );
      expect(await verification.textContent()).toContain('绑定的小程序数量受限');

      // Unverified: a second mini program is past the cap, and the service's message says so.
      await card.getByLabel('要绑定的 AppID').fill(second.app.appid);
      await card.getByRole('button', { name: '绑定', exact: true }).click();
      await poll(() => card.locator('.bind-form .form-error').textContent()).toBe(
        '该开放平台帐号绑定的小程序（未认证帐号）已达上限（1 个）',
      );
      expect(await card.locator(`.bound-row[data-appid="${second.app.appid}"]`).count()).toBe(0);

      await verification.getByRole('button', { name: '认证', exact: true }).click();
      await poll(() => verification.textContent()).toBe('已认证');
      expect((await open.developer.get(`/api/v1/open-accounts/${made.open_appid}`)).body.verified).toBe(true);
      // The other tab still shows the account unverified: its click is refused, with the reason.
      const staleVerification = stale.locator('.verification');
      await staleVerification.getByRole('button', { name: '认证', exact: true }).click();
      await poll(() => staleVerification.locator('.form-error').textContent()).toBe('该开放平台帐号已认证');

      // Verified, the cap no longer applies.
      await card.getByRole('button', { name: '绑定', exact: true }).click();
      await poll(() => card.locator(`.bound-row[data-appid="${second.app.appid}"]`).isVisible()).toBe(true);

      // The mobile app's AppSecret: confirmed, shown once; the old one is refused at once.
      const row = card.locator(`.bound-row[data-appid="${app.appid}"]`);
      await row.getByRole('button', { name: '重置 AppSecret' }).click();
      expect(await row.locator('.confirm .warning').textContent()).toContain('旧的 AppSecret 立即失效');
      await row.getByRole('button', { name: '确认重置' }).click();
      await poll(() => row.locator('.secret-shown').isVisible()).toBe(true);
      const reset = (await row.locator('.secret-shown .secret').textContent())!;
      expect(reset).toMatch(/^[0-9a-f]{32}$/);
      expect(reset).not.toBe(secret);
      expect((await asMobileApp(world.server.url, app.appid, secret)('/api/v1/mobile-app')).status).toBe(401);
      const me = await asMobileApp(world.server.url, app.appid, reset)('/api/v1/mobile-app');
      expect(me.status).toBe(200);
      expect(me.body.appid).toBe(app.appid);
      await world.screenshot(page, 'console-open-platform-verify');
    } finally {
      await world.server.ctx.settings.set('openPlatform.unverifiedMiniPrograms', 5);
    }
  });
});
