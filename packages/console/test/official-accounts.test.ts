import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchOf, launchOptionsApp, signUpInClient } from '../../client/test/client-world.ts';
import { type CodeWorld, codeWorld, person, releaseVersion } from '../../server/test/code-world.ts';
import { wechatApi } from '../../server/test/oa-world.ts';
import { idNumber, verifiedIndividual } from '../../server/test/world.ts';
import { type ConsoleWorld, consoleWorld, poll } from './console-world.ts';

/**
 * The official-account console, clicked through: an account made in the console links a mini
 * program of another developer with "notify followers", that admin accepts in their own browser
 * (in English), the follower's client shows the notice; then a menu with a mini program button
 * is published in the editor and the client's menu opens the page with scene 1035.
 */
describe('official accounts in the console', () => {
  let world: ConsoleWorld;
  let code: CodeWorld;
  let codeEmail: string;
  let oaEmail: string;
  let admin: Page;
  let client: Page;
  let accountAppid: string;
  let secret: string;

  beforeAll(async () => {
    world = await consoleWorld();
    // As the server does at start: the fan-out worker writes link notices into inboxes.
    world.server.ctx.delivery.worker.start();
    code = await codeWorld(world.server, '启动参数');
    await releaseVersion(code, '1.0.0', launchOptionsApp());
    codeEmail = (await code.dev.get('/api/v1/me')).body.user.email;
    const oaAdmin = await person(world.server);
    oaEmail = oaAdmin.email;
    await verifiedIndividual(oaAdmin.client, idNumber(771, '19900303'), '李四');
  });
  afterAll(() => world?.close());

  async function signIn(
    page: Page,
    email: string,
    labels: { email: string; password: string; signIn: string },
  ) {
    await page.goto(`${world.server.url}/`);
    await page.getByLabel(labels.email).fill(email);
    await page.getByLabel(labels.password).fill('password-123');
    await page.getByRole('button', { name: labels.signIn, exact: true }).click();
  }

  it('creates a subscription account and links a mini program with "notify followers"; the other admin accepts in English and the follower gets the notice, the broadcast quota untouched', async () => {
    admin = await world.page('zh-CN');
    await signIn(admin, oaEmail, { email: '邮箱', password: '密码', signIn: '登录' });
    await admin.getByRole('link', { name: '公众号', exact: true }).click();
    await admin.getByLabel('名称').fill('码头茶讯');
    await admin.getByRole('button', { name: '创建' }).click();
    const row = admin.locator('.oa-row', { hasText: '码头茶讯' });
    await poll(() => row.isVisible()).toBe(true);
    accountAppid = (await row.getAttribute('data-appid'))!;
    secret = (await admin.locator('.oa-secret').textContent())!;

    // A follower, in the client.
    client = await world.browser.newPage({ viewport: { width: 390, height: 780 } });
    await signUpInClient(client, world.server.url, 'chaxun_fan', '茶友');
    await client.getByRole('button', { name: '发现' }).click();
    await client.getByLabel('搜索公众号').fill('茶讯');
    await client.getByRole('button', { name: '搜索' }).first().click();
    const found = client.locator(`.account-row[data-appid="${accountAppid}"]`);
    await found.getByRole('button', { name: '关注' }).click();
    await poll(() => found.getByRole('button', { name: '取消关注' }).isVisible()).toBe(true);

    await row.getByRole('link').click();
    await admin.getByRole('link', { name: '关联小程序' }).click();
    await admin.getByRole('button', { name: '关联小程序' }).click();
    const dialog = admin.getByRole('dialog', { name: '关联小程序' });
    // A malformed AppID is the service's refusal, shown at the field.
    await dialog.getByLabel('小程序 AppID').fill('wx123');
    await dialog.getByRole('button', { name: '发送关联邀请' }).click();
    await poll(() => dialog.locator('.field.invalid').count()).toBe(1);
    await dialog.getByLabel('小程序 AppID').fill(code.app.appid);
    await dialog.getByLabel('发送关联通知给粉丝').check();
    await poll(() => dialog.locator('.notice-preview').textContent()).toContain('码头茶讯 关联了小程序');
    await world.screenshot(admin, 'console-oa-link-dialog');
    await dialog.getByRole('button', { name: '发送关联邀请' }).click();
    await poll(() =>
      admin.locator(`.link-row[data-appid="${code.app.appid}"]`).getAttribute('data-status'),
    ).toBe('2');

    // The mini program's admin, in English, in a browser of their own.
    const other = await world.page('en');
    await signIn(other, codeEmail, { email: 'Email', password: 'Password', signIn: 'Sign in' });
    await other.getByRole('link', { name: 'Link requests' }).click();
    const request = other.locator(`.request-row[data-account="${accountAppid}"]`);
    await poll(() => request.textContent()).toContain('Followers will be notified');
    await request.getByRole('button', { name: 'Accept' }).click();
    await poll(() => other.getByText('Nothing waits for you').isVisible()).toBe(true);

    await admin.reload();
    await poll(() =>
      admin.locator(`.link-row[data-appid="${code.app.appid}"]`).getAttribute('data-status'),
    ).toBe('1');
    await client.getByRole('button', { name: '消息' }).click();
    const conversation = client.locator(`.conversation-row[data-appid="${accountAppid}"]`);
    await poll(() => conversation.locator('.conversation-preview').textContent()).toContain('关联了小程序');

    // The notice took no broadcast: today's one broadcast of a subscription account is still there.
    const api = wechatApi(world.server.url, accountAppid, secret) as any;
    expect(await api.massSendText('今日通知', true)).toMatchObject({ errcode: 0 });
  });

  it('publishes a menu with a mini program button from the editor (a name one byte too long refused at the field) and the client opens the page with scene 1035', async () => {
    await admin.getByRole('link', { name: '自定义菜单' }).click();
    await admin.getByRole('button', { name: '添加菜单' }).click();
    const editor = admin.locator('.button-editor');
    // 17 bytes: the service refuses it (40018) and the page shows it at the name.
    await editor.getByLabel('菜单名称').fill('打开小程序ab');
    await poll(() => editor.locator('.byte-counter').textContent()).toBe('17 / 16');
    await editor.getByLabel('菜单内容').selectOption('miniprogram');
    await editor.getByLabel('小程序', { exact: true }).selectOption(code.app.appid);
    await editor.getByLabel('小程序页面').fill('pages/menu/menu?from=menu');
    await editor.getByLabel('备用网页（旧版客户端打开）').fill('https://fallback.example/');
    await admin.getByRole('button', { name: '保存并发布' }).click();
    await poll(() => editor.locator('.field.invalid').textContent()).toContain('按钮名字长度');
    await editor.getByLabel('菜单名称').fill('打开小程序');
    await admin.getByRole('button', { name: '保存并发布' }).click();
    await poll(() => admin.locator('.menu-editor .notice').textContent()).toContain('菜单已发布');
    await world.screenshot(admin, 'console-oa-menu-editor');

    // Read back: what the service holds.
    await admin.getByRole('button', { name: '读取当前菜单' }).click();
    await poll(() => admin.locator('.phone-button').first().textContent()).toBe('打开小程序');

    await client.locator(`.conversation-row[data-appid="${accountAppid}"]`).click();
    await poll(() => client.locator('.menu-bar').isVisible()).toBe(true);
    await client.getByRole('button', { name: '打开小程序' }).click();
    await poll(() => launchOf(client, '.launch')).toMatchObject({
      path: 'pages/menu/menu',
      query: { from: 'menu' },
      scene: 1035,
    });
    await client.screenshot({
      path: resolve(import.meta.dirname, '../../../docs/screenshots/client-oa-menu-1035.png'),
    });
  });
});
