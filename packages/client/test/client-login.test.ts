import { createHash } from 'node:crypto';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CodeWorld, codeWorld, releaseVersion } from '../../server/test/code-world.ts';
import { startTestServer, type TestServer } from '../../server/test/harness.ts';
import { miniProgramApi } from '../../server/test/open-world.ts';
import { readPng, wxBinary } from '../../server/test/qrcodes-world.ts';
import { poll, signUpInClient } from './client-world.ts';

/** A mini program that logs in as it loads and shows the code, then asks for the profile on a tap. */
const loginApp = {
  'app.json': JSON.stringify({ pages: ['pages/index/index'], window: { navigationBarTitleText: '登录' } }),
  'app.js': 'App({});',
  'pages/index/index.json': '{}',
  'pages/index/index.js': `Page({
    data: { code: '', session: '', user: '', info: '' },
    onLoad() {
      wx.login({
        success: (res) => {
          this.setData({ code: res.code });
          wx.checkSession({ success: () => this.setData({ session: 'valid' }), fail: (e) => this.setData({ session: e.errMsg }) });
        },
        fail: (e) => this.setData({ code: e.errMsg }),
      });
    },
    profile() {
      wx.getUserProfile({
        desc: '展示头像昵称',
        success: (res) => this.setData({ user: JSON.stringify({ rawData: res.rawData, signature: res.signature, encryptedData: res.encryptedData, iv: res.iv }) }),
        fail: (e) => this.setData({ user: e.errMsg }),
      });
    },
    info() {
      wx.getUserInfo({
        success: (res) => this.setData({ info: res.rawData }),
        fail: (e) => this.setData({ info: e.errMsg }),
      });
    },
  });`,
  'pages/index/index.wxml':
    '<view class="code">{{code}}</view><view class="session">{{session}}</view><button class="profile" bindtap="profile">资料</button><view class="user">{{user}}</view>' +
    '<button class="info" bindtap="info">匿名资料</button><view class="info-out">{{info}}</view>',
};

/**
 * `wx.login` in the runtime yields a real code for the signed-in end user, in the client's
 * mini program panel and in the preview page, and the mini program's server redeems it.
 */
describe('wx.login in Chromium against a fresh server', () => {
  let server: TestServer;
  let browser: Browser;
  let code: CodeWorld;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
    code = await codeWorld(server, '登录');
    await releaseVersion(code, '1.0.0', loginApp);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const redeem = (jsCode: string) => {
    const api = miniProgramApi(server.url, code.app.appid, code.secret);
    return (api.code2Session as (c: string) => Promise<Record<string, string>>).call(api, jsCode);
  };
  const text = (page: Page, selector: string, frame = '.mp-phone iframe') =>
    page.frameLocator(frame).locator(`.wx-page-host:not([hidden]) ${selector}`).textContent();

  it("gives the client's mini program a code that its server trades for the user's openid and session key; getUserProfile asks on the client's sheet (auth deny when refused), getUserInfo answers anonymously", async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 780 } });
    await signUpInClient(page, server.url, 'login_user', '登录用户');
    const made = await wxBinary(server, code.token, '/wxa/getwxacode', { path: 'pages/index/index' });
    const link = readPng(made.bytes) as string;
    await page.goto(`${server.url}/client/#/scan?text=${encodeURIComponent(link)}`);
    await poll(() => text(page, '.code')).toMatch(/^[A-Za-z0-9_-]{32}$/);
    await poll(() => text(page, '.session')).toBe('valid');
    const session = await redeem((await text(page, '.code'))!);
    const user = await server.ctx.endUsers.findByUsername('login_user');
    expect(session.openid).toBe((await server.ctx.mpLogin.user(code.app.appid, user!.id))?.openid);
    await expect(redeem((await text(page, '.code'))!)).rejects.toMatchObject({ code: 40163 });

    // getUserProfile asks on the client's own sheet, with the mini program's desc; refused, auth deny.
    const sheet = page.locator('.profile-sheet');
    await page.frameLocator('.mp-phone iframe').locator('.profile').click();
    await poll(() => sheet.textContent()).toContain('展示头像昵称');
    expect(await sheet.textContent()).toContain('登录用户');
    await sheet.getByRole('button', { name: '拒绝' }).click();
    await poll(() => text(page, '.user')).toBe('getUserProfile:fail auth deny');
    await page.frameLocator('.mp-phone iframe').locator('.profile').click();
    await sheet.getByRole('button', { name: '允许' }).click();
    await poll(() => text(page, '.user')).toContain('rawData');
    expect(await sheet.count()).toBe(0);
    const profile = JSON.parse((await text(page, '.user'))!);
    expect(JSON.parse(profile.rawData)).toMatchObject({ nickName: '登录用户' });
    expect(profile.signature).toBe(
      createHash('sha1')
        .update(profile.rawData + session.session_key)
        .digest('hex'),
    );
    expect(profile.encryptedData).not.toBe('');

    // getUserInfo asks nothing and answers the anonymous profile, as WeChat does since April 2021.
    await page.frameLocator('.mp-phone iframe').locator('.info').click();
    await poll(() => text(page, '.info-out')).toContain('微信用户');
    expect(JSON.parse((await text(page, '.info-out'))!)).toMatchObject({
      nickName: '微信用户',
      gender: 0,
      city: '',
    });
    expect(await sheet.count()).toBe(0);
    await page.close();
  });

  it('gives the preview page real codes for the end user signed in to the client on the same server', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signUpInClient(page, server.url, 'preview_user', '预览用户');
    const launch = await (await fetch(`${server.url}/api/v1/launch/${code.app.appid}`)).json();
    const query = new URLSearchParams({ appid: code.app.appid, packageBase: launch.packageBase });
    await page.goto(`${server.url}/runtime/preview.html?${query}`);
    await poll(() => text(page, '.code', 'iframe')).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const session = await redeem((await text(page, '.code', 'iframe'))!);
    const user = await server.ctx.endUsers.findByUsername('preview_user');
    expect(session.openid).toBe((await server.ctx.mpLogin.user(code.app.appid, user!.id))?.openid);

    // Signed out, the preview's wx.login fails plainly instead of inventing a code.
    const anonymous = await browser.newPage();
    await anonymous.goto(`${server.url}/runtime/preview.html?${query}`);
    await poll(() => text(anonymous, '.code', 'iframe')).toMatch(/^login:fail .*sign in/);
    await anonymous.close();
    await context.close();
  });
});
