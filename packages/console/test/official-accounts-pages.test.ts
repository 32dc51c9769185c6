import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchOf, launchOptionsApp, signUpInClient } from '../../client/test/client-world.ts';
import type { ApiClient } from '../../server/test/client.ts';
import { type CodeWorld, codeWorld, person, releaseVersion } from '../../server/test/code-world.ts';
import { endUsers } from '../../server/test/oa-world.ts';
import { type DeveloperServer, wechatMiddlewareServer } from '../../server/test/push-servers.ts';
import { idNumber, verifiedIndividual } from '../../server/test/world.ts';
import { type ConsoleWorld, consoleWorld, poll, SCREENSHOTS } from './console-world.ts';

const TOKEN = 'pagesToken9';

/**
 * The official account's other console pages, clicked through with a service account whose
 * admin is NOT a member of the linked mini program: template messages (industries, the library,
 * a test send picking a released page through the link; the client opens it with 1043), the
 * followers and their tags, broadcast with its quota and history, a conditional menu for a tag
 * (the tagged follower's client shows it), a menu edited in two tabs, and the delivery log.
 */
describe('official-account pages in the console', { timeout: 120_000 }, () => {
  let world: ConsoleWorld;
  let code: CodeWorld;
  let developer: DeveloperServer;
  let admin: Page;
  let client: Page;
  let oaAdmin: ApiClient;
  let oaEmail: string;
  let account: { id: string; appid: string };

  beforeAll(async () => {
    world = await consoleWorld();
    world.server.ctx.delivery.worker.start();
    await world.server.ctx.settings.set('officialAccounts.individualServiceAccounts', true);
    await world.server.ctx.settings.set('push.privateAddresses', true);
    code = await codeWorld(world.server, '页面选择');
    await releaseVersion(code, '1.0.0', launchOptionsApp());
    const oaPerson = await person(world.server);
    oaAdmin = oaPerson.client;
    oaEmail = oaPerson.email;
    const subject = await verifiedIndividual(oaAdmin, idNumber(772, '19910404'), '王五');
    const created = await oaAdmin.post('/api/v1/official-accounts', {
      subjectId: subject.id,
      name: '码头会员服务',
      type: 'service',
    });
    expect(created.status).toBe(201);
    account = created.body.account;
    // The link, asked and accepted through the API (the link dialog has its own test): the admin
    // of the account is not a member of the mini program.
    await oaAdmin.post(`/api/v1/official-accounts/${account.id}/links`, { appid: code.app.appid });
    await oaAdmin.post('/api/v1/link-requests/accept', {
      accountAppid: account.appid,
      appid: code.app.appid,
    });
    await code.dev.post('/api/v1/link-requests/accept', {
      accountAppid: account.appid,
      appid: code.app.appid,
    });
    expect((await oaAdmin.get(`/api/v1/code/${code.app.appid}/overview`)).status).not.toBe(200);
    // The account's server, so the delivery log has pushes to show.
    developer = await wechatMiddlewareServer({ token: TOKEN });
    const config = await oaAdmin.put(`/api/v1/push/${account.appid}/config`, {
      url: developer.url,
      token: TOKEN,
      mode: 'plaintext',
    });
    expect(config.status).toBe(200);
    // Twenty-one followers made through the service, then one in the client: two pages of 20.
    for (const user of await endUsers(world.server, 21, 'pages')) {
      world.server.clock.advance(1000);
      await user.client.post(`/api/v1/client/official-accounts/${account.appid}/follow`);
    }
    world.server.clock.advance(1000);
    client = await world.browser.newPage({ viewport: { width: 390, height: 780 } });
    await signUpInClient(client, world.server.url, 'huiyuan_fan', '会员茶友');
    await client.getByRole('button', { name: '发现' }).click();
    await client.getByLabel('搜索公众号').fill('会员服务');
    await client.getByRole('button', { name: '搜索' }).first().click();
    const found = client.locator(`.account-row[data-appid="${account.appid}"]`);
    await found.getByRole('button', { name: '关注' }).click();
    await found.getByRole('button', { name: '取消关注' }).waitFor({ timeout: 20_000 });

    admin = await world.page('zh-CN');
    await signIn(admin);
  });
  afterAll(async () => {
    await world?.close();
    await developer?.close();
  });

  async function signIn(page: Page) {
    await page.goto(`${world.server.url}/`);
    await page.getByLabel('邮箱').fill(oaEmail);
    await page.getByLabel('密码').fill('password-123');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByRole('link', { name: '公众号', exact: true }).waitFor({ timeout: 20_000 });
  }

  const tab = async (page: Page, name: string) => {
    await page.goto(`${world.server.url}/#/official-accounts/${account.id}/${name}`);
  };

  /** Opens the account's conversation afresh (its menu is read as it opens). */
  async function openConversation() {
    const open = client.locator('.screen.conversation');
    if (await open.isVisible()) await open.getByRole('button', { name: '返回' }).click();
    await client.locator('.tab-bar button').first().click();
    await client.locator(`.conversation-row[data-appid="${account.appid}"]`).click();
    await client.locator('.screen.conversation').waitFor({ timeout: 20_000 });
  }

  it("sends a template message from the console, picking the page among the linked mini program's released pages, and the client opens it with 1043", async () => {
    await tab(admin, 'templates');
    const industry = admin.locator('.industry');
    await industry.getByLabel('主营行业').selectOption('1');
    await industry.getByLabel('副营行业').selectOption('2');
    await industry.getByRole('button', { name: '保存行业' }).click();
    await poll(() => industry.getByLabel('主营行业').inputValue()).toBe('1');
    await admin.locator('.library-row[data-short="TM00015"]').getByRole('button', { name: '添加' }).click();
    await poll(() => admin.locator('.template-row').count()).toBe(1);

    const form = admin.locator('.template-send');
    const option = form.getByLabel('接收的粉丝').locator('option', { hasText: '会员茶友' });
    await poll(() => option.count()).toBe(1);
    await form.getByLabel('接收的粉丝').selectOption({ label: (await option.textContent())! });
    await form.getByLabel('first').fill('会员卡已充值');
    await form.getByLabel('支付金额').fill('100.00元');
    await form.getByLabel('商品信息').fill('会员卡');
    await form.getByLabel('Remark').fill('感谢支持');
    await form.getByLabel('小程序', { exact: true }).selectOption(code.app.appid);
    // The released pages come through the link, though this admin is no member of the mini program.
    await form.locator('.released-pages').getByRole('button', { name: 'pages/menu/menu' }).click();
    // A page that is not in the release: the service's refusal, nothing sent.
    await form.getByLabel('小程序页面').fill('pages/absent/absent');
    await form.getByRole('button', { name: '发送', exact: true }).click();
    await poll(() => form.locator('.form-error').textContent()).toContain('不是线上版本的页面');
    await form.getByLabel('小程序页面').fill('pages/menu/menu?card=9');
    await form.getByRole('button', { name: '发送', exact: true }).click();
    await poll(() => form.locator('.send-result').getAttribute('data-status')).toBe('success');
    await world.screenshot(admin, 'console-oa-templates');

    await openConversation();
    const card = client.locator('.message[data-kind="template"] .template-card').last();
    await poll(() => card.isVisible()).toBe(true);
    await poll(() => card.textContent()).toContain('100.00元');
    await card.getByRole('button', { name: '详情' }).click();
    await poll(() => launchOf(client, '.launch')).toMatchObject({
      path: 'pages/menu/menu',
      query: { card: '9' },
      scene: 1043,
    });
    await client.getByRole('button', { name: '关闭' }).click();
  });

  it('pages and searches followers, creates, renames and refuses tags at the field, and tags a follower', async () => {
    await tab(admin, 'followers');
    await poll(() => admin.locator('.followers h2').textContent()).toBe('粉丝（22）');
    await poll(() => admin.locator('.follower-row').count()).toBe(20);
    await admin.getByRole('button', { name: '下一页' }).click();
    await poll(() => admin.locator('.follower-row').count()).toBe(2);
    await poll(() => admin.locator('.page-of').textContent()).toBe('第 2 / 2 页');

    await admin.getByLabel('搜索昵称或 OpenID').fill('会员茶友');
    await admin.getByRole('button', { name: '搜索', exact: true }).click();
    await poll(() => admin.locator('.follower-row').count()).toBe(1);
    const row = admin.locator('.follower-row');
    const openid = (await row.getAttribute('data-openid'))!;

    const tags = admin.locator('.card.tags');
    await tags.getByLabel('新标签名称').fill('会员');
    await tags.getByRole('button', { name: '新建标签' }).click();
    await poll(() => tags.locator('.tag-name').allTextContents()).toEqual(['会员']);
    await tags.getByLabel('新标签名称').fill('会员');
    await tags.getByRole('button', { name: '新建标签' }).click();
    await poll(() => tags.locator('.field.invalid').textContent()).toContain('不能和其他标签重名');
    await tags.getByLabel('新标签名称').fill('临时');
    await tags.getByRole('button', { name: '新建标签' }).click();
    await poll(() => tags.locator('.tag-name').count()).toBe(2);
    await tags.locator('.tag-row', { hasText: '临时' }).getByRole('button', { name: '删除' }).click();
    await poll(() => tags.locator('.tag-name').allTextContents()).toEqual(['会员']);

    await row.getByRole('checkbox').check();
    await admin.getByLabel('为选中的 1 位粉丝').selectOption({ label: '会员' });
    await admin.getByRole('button', { name: '打标签' }).click();
    await poll(() => row.locator('.chip').allTextContents()).toEqual(['会员']);
    await tags.locator('.tag-row').getByRole('button', { name: '重命名' }).click();
    await tags.getByLabel('标签名称', { exact: true }).fill('VIP会员');
    await tags.getByRole('button', { name: '保存' }).click();
    await poll(() => row.locator('.chip').allTextContents()).toEqual(['VIP会员']);
    await world.screenshot(admin, 'console-oa-followers');
    // The WeChat face sees the same tag on the follower.
    const info = await world.server.ctx.officialAccounts.accounts.userInfo(account.id, [openid], '');
    expect(info[0]).toMatchObject({ tagid_list: [100] });
  });

  it("broadcasts to the tag within the month's quota and shows each broadcast's status and counts", async () => {
    await tab(admin, 'broadcast');
    await poll(() => admin.locator('.quota').textContent()).toBe('本月还可群发 4 次（每月 4 次）');
    await admin.getByLabel('内容', { exact: true }).fill('会员日：全场八折');
    await admin.getByLabel('发送对象').selectOption({ label: '标签：VIP会员（1 人）' });
    await admin.getByRole('button', { name: '群发', exact: true }).click();
    const sent = admin.locator('.broadcast-row').first();
    await poll(() => sent.getAttribute('data-status')).toBe('done');
    expect(await sent.textContent()).toContain('VIP会员');
    await poll(() => sent.locator('.delivered').textContent()).toMatch(/^1( \/ 1)?$/);
    await poll(() => admin.locator('.quota').textContent()).toBe('本月还可群发 3 次（每月 4 次）');
    await world.screenshot(admin, 'console-oa-broadcast');
    await openConversation();
    await poll(() => client.locator('.screen.conversation').textContent()).toContain('会员日：全场八折');

    // Past the quota: the service's refusal, and the text stays in the box.
    await world.server.ctx.settings.set('broadcast.servicePerMonth', 1);
    await admin.reload();
    await poll(() => admin.locator('.quota').textContent()).toBe('本月还可群发 0 次（每月 1 次）');
    await admin.getByLabel('内容', { exact: true }).fill('再发一次');
    await admin.getByRole('button', { name: '群发', exact: true }).click();
    await poll(() => admin.locator('.broadcast .form-error').textContent()).toContain(
      '群发次数已用完（每月 1 次）',
    );
    expect(await admin.getByLabel('内容', { exact: true }).inputValue()).toBe('再发一次');
    expect(await admin.locator('.broadcast-row').count()).toBe(1);
  });

  it('shows a conflict when the menu was saved in another tab, keeping what was typed, and saves it over the newer menu', async () => {
    await tab(admin, 'menu');
    const second = await admin.context().newPage();
    await tab(second, 'menu');
    await poll(() => second.locator('.menu-editor').isVisible()).toBe(true);

    // Tab one publishes a menu.
    await admin.getByRole('button', { name: '添加菜单' }).click();
    await admin.locator('.button-editor').getByLabel('菜单名称').fill('首页');
    await admin.getByRole('button', { name: '保存并发布' }).click();
    await poll(() => admin.locator('.menu-editor .notice').textContent()).toContain('菜单已发布');

    // Tab two started from no menu: its save is refused and its button stays as typed.
    await second.getByRole('button', { name: '添加菜单' }).click();
    await second.locator('.button-editor').getByLabel('菜单名称').fill('会员中心');
    await second.getByRole('button', { name: '保存并发布' }).click();
    await poll(() => second.locator('.menu-editor .form-error').textContent()).toContain(
      '菜单已在别处被修改',
    );
    await poll(() => second.locator('.conflict').isVisible()).toBe(true);
    expect(await second.locator('.button-editor').getByLabel('菜单名称').inputValue()).toBe('会员中心');
    await world.screenshot(second, 'console-oa-menu-conflict');
    await second.getByRole('button', { name: '保留我的编辑，基于最新菜单再发布' }).click();
    await second.getByRole('button', { name: '保存并发布' }).click();
    await poll(() => second.locator('.menu-editor .notice').textContent()).toContain('菜单已发布');
    await admin.getByRole('button', { name: '读取当前菜单' }).click();
    await poll(() => admin.locator('.phone-button').first().textContent()).toBe('会员中心');
    await second.close();
  });

  it('publishes a conditional menu for the tag and the tagged follower sees it in the client', async () => {
    await tab(admin, 'conditional');
    const editor = admin.locator('.conditional-editor');
    await editor.getByLabel('粉丝标签').selectOption({ label: 'VIP会员' });
    await editor.getByRole('button', { name: '添加菜单' }).click();
    await editor.locator('.button-editor').getByLabel('菜单名称').fill('会员专区');
    await editor.locator('.button-editor').getByLabel('菜单内容').selectOption('miniprogram');
    await editor.locator('.button-editor').getByLabel('小程序', { exact: true }).selectOption(code.app.appid);
    await editor.locator('.released-pages').getByRole('button', { name: 'pages/menu/menu' }).click();
    await editor
      .locator('.button-editor')
      .getByLabel('备用网页（旧版客户端打开）')
      .fill('https://fallback.example/');
    await editor.getByRole('button', { name: '发布个性化菜单' }).click();
    await poll(() => admin.locator('.conditional-row').textContent()).toContain('标签：VIP会员');
    expect(await admin.locator('.conditional-row').textContent()).toContain('会员专区');
    await world.screenshot(admin, 'console-oa-conditional-menu');

    await openConversation();
    await poll(() => client.locator('.menu-bar').textContent()).toContain('会员专区');
    await client.locator('.menu-bar').getByRole('button', { name: '会员专区' }).click();
    // The mini program is still warm from the template message: its launch options stay those of
    // its cold start (1043), as WeChat's getLaunchOptionsSync; the page it shows is the menu's.
    await poll(() => client.locator('.mp-overlay:not([hidden])').isVisible()).toBe(true);
    await poll(() => launchOf(client, '.launch')).toMatchObject({ path: 'pages/menu/menu' });
    await client.getByRole('button', { name: '关闭' }).click();
    await client.screenshot({ path: resolve(SCREENSHOTS, 'client-oa-conditional-menu.png') });

    // Deleted, the follower is back to the default menu.
    await admin.locator('.conditional-row').getByRole('button', { name: '删除' }).click();
    await poll(() => admin.locator('.conditional-row').count()).toBe(0);
    await openConversation();
    await poll(() => client.locator('.menu-bar').textContent()).toContain('会员中心');
  });

  it('shows the pushes to the developer server in the delivery log, in Chinese and in English', async () => {
    await world.server.ctx.push.drain();
    await tab(admin, 'log');
    await poll(() => admin.locator('.delivery-log tbody tr').count()).toBeGreaterThan(0);
    await world.screenshot(admin, 'console-oa-delivery-log');
    expect(developer.received.length).toBeGreaterThan(0);
    const english = await world.page('en');
    await english.goto(`${world.server.url}/`);
    await english.getByLabel('Email').fill(oaEmail);
    await english.getByLabel('Password').fill('password-123');
    await english.getByRole('button', { name: 'Sign in', exact: true }).click();
    await poll(() => english.getByRole('link', { name: 'Official accounts', exact: true }).isVisible()).toBe(
      true,
    );
    await tab(english, 'log');
    await poll(() => english.locator('.delivery-log tbody tr').count()).toBeGreaterThan(0);
    await world.screenshot(english, 'console-oa-delivery-log-en');
    await tab(english, 'broadcast');
    await poll(() => english.locator('.quota').textContent()).toBe(
      '0 broadcasts left this month (1 a month)',
    );
  });
});
