import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MENU_LIMITS } from '../../server/src/features/oa-menus/menu-rules.ts';
import type { ApiClient } from '../../server/test/client.ts';
import { person } from '../../server/test/code-world.ts';
import { endUsers } from '../../server/test/oa-world.ts';
import { idNumber, PNG_ICON, verifiedIndividual } from '../../server/test/world.ts';
import { type ConsoleWorld, consoleWorld, poll } from './console-world.ts';

type Users = Awaited<ReturnType<typeof endUsers>>;

/**
 * A service account's followers one at a time, clicked through the console: a follower's
 * profile, remark and tags, their conversation with a customer-service text inside WeChat's
 * 48-hour window (refused outside it), conditional menus by sex and language with trymatch,
 * an image broadcast, and the template settings edited in two tabs.
 */
describe('a follower, conditional menus, image broadcasts and template conflicts in the console', {
  timeout: 120_000,
}, () => {
  let world: ConsoleWorld;
  let admin: Page;
  let developer: ApiClient;
  let email: string;
  let account: { id: string; appid: string };
  let users: Users;
  const openids: string[] = [];

  beforeAll(async () => {
    world = await consoleWorld();
    world.server.ctx.delivery.worker.start();
    await world.server.ctx.settings.set('officialAccounts.individualServiceAccounts', true);
    const owner = await person(world.server);
    developer = owner.client;
    email = owner.email;
    const subject = await verifiedIndividual(developer, idNumber(881, '19920505'), '赵六');
    const created = await developer.post('/api/v1/official-accounts', {
      subjectId: subject.id,
      name: '码头茶馆',
      type: 'service',
    });
    expect(created.status).toBe(201);
    account = created.body.account;
    // 用户0 and 用户2 are men, 用户1 a woman (endUsers alternates); all speak zh_CN.
    users = await endUsers(world.server, 3, 'fp');
    for (const user of users) {
      world.server.clock.advance(1000);
      const followed = await user.client.post(`/api/v1/client/official-accounts/${account.appid}/follow`);
      openids.push(followed.body.openid);
    }
    admin = await world.page('zh-CN');
    await signIn(admin, 'zh-CN');
  });
  afterAll(async () => {
    await world?.close();
  });

  async function signIn(page: Page, language: 'zh-CN' | 'en') {
    await page.goto(`${world.server.url}/`);
    await page.getByLabel(language === 'en' ? 'Email' : '邮箱').fill(email);
    await page.getByLabel(language === 'en' ? 'Password' : '密码').fill('password-123');
    await page.getByRole('button', { name: language === 'en' ? 'Sign in' : '登录', exact: true }).click();
    await page
      .getByRole('link', { name: language === 'en' ? 'Official accounts' : '公众号', exact: true })
      .waitFor({ timeout: 20_000 });
  }

  const tab = (page: Page, name: string) =>
    page.goto(`${world.server.url}/#/official-accounts/${account.id}/${name}`);

  it('opens a follower from the list: the profile as user/info gives it, the remark (refused at the field past 29 characters), and their tags', async () => {
    await developer.post(`/api/v1/official-accounts/${account.id}/tags`, { name: '熟客' });
    await developer.post(`/api/v1/official-accounts/${account.id}/tags`, { name: '新客' });
    await tab(admin, 'followers');
    await admin.locator(`.follower-row[data-openid="${openids[0]}"] .follower-link`).click();
    const profile = admin.locator('.follower-profile');
    await poll(() => profile.locator('.openid').textContent()).toBe(openids[0]);
    expect(await profile.locator('.nickname').textContent()).toBe('用户0');
    expect(await profile.locator('.language').textContent()).toBe('zh_CN');
    expect(await profile.locator('.scene').textContent()).toBe('ADD_SCENE_SEARCH');
    expect(await profile.textContent()).toContain('Shenzhen');

    await profile.getByLabel('备注名').fill('长'.repeat(30));
    await profile.getByRole('button', { name: '保存备注' }).click();
    await poll(() => profile.locator('.field.invalid').textContent()).toContain('备注名最多 29 个字符');
    await profile.getByLabel('备注名').fill('老茶客');
    await profile.getByRole('button', { name: '保存备注' }).click();
    await poll(() => profile.locator('.remark').textContent()).toBe('老茶客');
    await poll(() => admin.locator('.follower-page h1').textContent()).toBe('老茶客');

    // The boxes follow the service: each shows checked once the tagging is saved and read back.
    await profile.getByLabel('熟客').click();
    await poll(() => profile.getByLabel('熟客').isChecked()).toBe(true);
    await profile.getByLabel('新客').click();
    await poll(() => profile.getByLabel('新客').isChecked()).toBe(true);
    await profile.getByLabel('新客').click();
    await poll(() => profile.getByLabel('新客').isChecked()).toBe(false);
    // The WeChat face sees what the page set.
    const [info] = await world.server.ctx.officialAccounts.accounts.userInfo(account.id, [openids[0]!], '');
    expect(info).toMatchObject({ remark: '老茶客', tagid_list: [100] });
    await world.screenshot(admin, 'console-oa-follower');
    // The list shows the remark beside the nickname.
    await tab(admin, 'followers');
    await poll(() => admin.locator(`.follower-row[data-openid="${openids[0]}"]`).textContent()).toContain(
      '用户0（老茶客）',
    );
  });

  it("shows the follower's conversation and sends a customer-service text inside the 48-hour window; outside it the service's refusal at the box", async () => {
    // The follow windows (one minute) have passed.
    world.server.clock.advance(2 * 60 * 1000);
    // Opened afresh each time: the page reads the conversation as it opens.
    const follower = async (openid: string) => {
      await admin.goto(`${world.server.url}/#/official-accounts/${account.id}/followers/${openid}`);
      await admin.reload();
    };
    const talk = admin.locator('.follower-conversation');

    await follower(openids[1]!);
    await poll(() => talk.locator('.service-window').getAttribute('data-open')).toBe('false');
    await talk.getByLabel('客服消息', { exact: true }).fill('您好，新品上架');
    await talk.getByRole('button', { name: '发送客服消息' }).click();
    await poll(() => talk.locator('.field.invalid').textContent()).toContain('用户 48 小时内没有互动');
    expect(await talk.getByLabel('客服消息', { exact: true }).inputValue()).toBe('您好，新品上架');
    expect(await talk.locator('.conv-entry').count()).toBe(0);

    const wrote = await users[0]!.client.post(`/api/v1/client/official-accounts/${account.appid}/messages`, {
      type: 'text',
      content: '请问今天营业吗？',
    });
    expect(wrote.status).toBe(201);
    world.server.clock.advance(1000);
    await follower(openids[0]!);
    await poll(() => talk.locator('.conv-entry[data-from="user"] .conv-text').textContent()).toBe(
      '请问今天营业吗？',
    );
    await poll(() => talk.locator('.service-window').textContent()).toContain('还可发送 5 条');
    await talk.getByLabel('客服消息', { exact: true }).fill('营业到晚上十点');
    await talk.getByRole('button', { name: '发送客服消息' }).click();
    await poll(() => talk.locator('.conv-entry[data-kind="custom"] .conv-text').textContent()).toBe(
      '营业到晚上十点',
    );
    await poll(() => talk.locator('.service-window').textContent()).toContain('还可发送 4 条');
    expect(await talk.getByLabel('客服消息', { exact: true }).inputValue()).toBe('');
    await world.screenshot(admin, 'console-oa-follower-conversation');
    // The follower's client holds the reply.
    const theirs = await users[0]!.client.get(
      `/api/v1/client/official-accounts/${account.appid}/conversation`,
    );
    expect(theirs.body[0]).toMatchObject({ kind: 'custom', body: { content: '营业到晚上十点' } });

    // Two days later the window is shut: the service's refusal, nothing added.
    world.server.clock.advance(48 * 3600 * 1000);
    await follower(openids[0]!);
    await poll(() => talk.locator('.service-window').getAttribute('data-open')).toBe('false');
    await talk.getByLabel('客服消息', { exact: true }).fill('还在吗');
    await talk.getByRole('button', { name: '发送客服消息' }).click();
    await poll(() => talk.locator('.field.invalid').textContent()).toContain('回复时间超过限制');
    expect(await talk.locator('.conv-entry').count()).toBe(2);

    const english = await world.page('en');
    await signIn(english, 'en');
    await english.goto(`${world.server.url}/#/official-accounts/${account.id}/followers/${openids[0]}`);
    await poll(() => english.locator('.follower-conversation .service-window').textContent()).toContain(
      'no customer-service message can be sent',
    );
    await world.screenshot(english, 'console-oa-follower-en');
  });

  it('counts name bytes against the limits the service answers', async () => {
    await tab(admin, 'menu');
    await admin.getByRole('button', { name: '添加菜单' }).click();
    await admin.locator('.button-editor').getByLabel('菜单名称').fill('茶单');
    await poll(() => admin.locator('.byte-counter').textContent()).toBe(`6 / ${MENU_LIMITS.nameBytes}`);
    await admin.locator('.phone-button', { hasText: '茶单' }).click();
    await admin.locator('.phone').getByRole('button', { name: '添加子菜单' }).click();
    await admin.locator('.button-editor').getByLabel('菜单名称').fill('绿茶');
    await poll(() => admin.locator('.byte-counter').textContent()).toBe(`6 / ${MENU_LIMITS.subNameBytes}`);
    await admin.locator('.button-editor').getByLabel('菜单内容').selectOption('view_limited');
    await admin.locator('.button-editor').getByLabel('media_id').fill('MEDIA_1');
    await admin.getByRole('button', { name: '保存并发布' }).click();
    await poll(() => admin.locator('.menu-editor .notice').textContent()).toContain('菜单已发布');
  });

  it('publishes a conditional menu by sex and language, refuses a city without a province at the field, and trymatch shows which menu a follower gets', async () => {
    await tab(admin, 'conditional');
    const editor = admin.locator('.conditional-editor');
    const rule = editor.locator('.match-rule');
    await rule.getByLabel('城市').fill('深圳');
    await rule.getByLabel('国家').fill('中国');
    await editor.getByRole('button', { name: '添加菜单' }).click();
    await editor.locator('.button-editor').getByLabel('菜单名称').fill('女士茶');
    await editor.getByRole('button', { name: '发布个性化菜单' }).click();
    await poll(() => rule.locator('.field.invalid label').textContent()).toBe('省份');
    expect(await rule.locator('.field.invalid .field-error').textContent()).toContain('省份信息不能为空');
    expect(await admin.locator('.conditional-row').count()).toBe(0);

    await rule.getByLabel('城市').fill('');
    await rule.getByLabel('国家').fill('');
    await rule.getByLabel('性别').selectOption({ label: '女' });
    await rule.getByLabel('语言').selectOption('zh_CN');
    await editor.getByRole('button', { name: '发布个性化菜单' }).click();
    await poll(() => admin.locator('.conditional-row').textContent()).toContain('性别：女 · 语言：zh_CN');

    const tryMatch = admin.locator('.try-match');
    await tryMatch.getByLabel('测试的粉丝').selectOption(openids[1]!);
    await tryMatch.getByRole('button', { name: '查看匹配结果' }).click();
    await poll(() => tryMatch.locator('.try-match-result').getAttribute('data-conditional')).toBe('true');
    expect(await tryMatch.locator('.try-match-buttons').textContent()).toBe('女士茶');
    await world.screenshot(admin, 'console-oa-trymatch');
    await tryMatch.getByLabel('测试的粉丝').selectOption(openids[2]!);
    await tryMatch.getByRole('button', { name: '查看匹配结果' }).click();
    await poll(() => tryMatch.locator('.try-match-result').getAttribute('data-conditional')).toBe('false');
    expect(await tryMatch.locator('.try-match-buttons').textContent()).toBe('茶单');

    // An iOS-only menu: the woman on Android still gets hers, on iOS the newer one.
    await rule.getByLabel('手机系统').selectOption({ label: 'iOS' });
    await editor.getByRole('button', { name: '添加菜单' }).click();
    await editor.locator('.button-editor').getByLabel('菜单名称').fill('苹果专享');
    await editor.getByRole('button', { name: '发布个性化菜单' }).click();
    await poll(() => admin.locator('.conditional-row').count()).toBe(2);
    await tryMatch.getByLabel('测试的粉丝').selectOption(openids[1]!);
    await tryMatch.getByLabel('手机系统').selectOption('android');
    await tryMatch.getByRole('button', { name: '查看匹配结果' }).click();
    await poll(() => tryMatch.locator('.try-match-buttons').textContent()).toBe('女士茶');
    await tryMatch.getByLabel('手机系统').selectOption('ios');
    await tryMatch.getByRole('button', { name: '查看匹配结果' }).click();
    await poll(() => tryMatch.locator('.try-match-buttons').textContent()).toBe('苹果专享');
    // The woman's client on iOS is shown the same menu.
    const seen = await users[1]!.client.get(
      `/api/v1/client/official-accounts/${account.appid}/menu?platform=ios`,
    );
    expect(seen.body.menu.button[0].name).toBe('苹果专享');
  });

  it("broadcasts an uploaded image to a tag with the month's quota, and shows the job's counts", async () => {
    await tab(admin, 'broadcast');
    const panel = admin.locator('.broadcast');
    await poll(() => panel.locator('.quota').textContent()).toBe('本月还可群发 4 次（每月 4 次）');
    await panel.getByLabel('消息类型').selectOption('image');
    // Sent before any image: the service's refusal at the image.
    await panel.getByRole('button', { name: '群发', exact: true }).click();
    await poll(() => panel.locator('.field.invalid').textContent()).toContain('不合法的媒体文件 id');
    await panel.getByLabel('图片', { exact: true }).setInputFiles({
      name: 'tea.png',
      mimeType: 'image/png',
      buffer: Buffer.from(PNG_ICON.split(',')[1]!, 'base64'),
    });
    await poll(() => panel.locator('.uploaded-image').isVisible()).toBe(true);
    await panel.getByLabel('发送对象').selectOption({ label: '标签：熟客（1 人）' });
    await panel.getByRole('button', { name: '群发', exact: true }).click();
    const sent = panel.locator('.broadcast-row').first();
    await poll(() => sent.getAttribute('data-status')).toBe('done');
    expect(await sent.locator('.broadcast-content').getAttribute('data-msgtype')).toBe('image');
    await poll(() => sent.locator('.delivered').textContent()).toMatch(/^1( \/ 1)?$/);
    await poll(() => panel.locator('.quota').textContent()).toBe('本月还可群发 3 次（每月 4 次）');
    // The image shows in the history, fetched from the service.
    await poll(() =>
      sent.locator('.broadcast-content img').evaluate((img) => (img as HTMLImageElement).naturalWidth),
    ).toBe(1);
    await world.screenshot(admin, 'console-oa-broadcast-image');
    const tagged = await users[0]!.client.get(
      `/api/v1/client/official-accounts/${account.appid}/conversation`,
    );
    expect(tagged.body[0]).toMatchObject({ kind: 'broadcast', body: { msgtype: 'image' } });
    const other = await users[2]!.client.get(
      `/api/v1/client/official-accounts/${account.appid}/conversation`,
    );
    expect(other.body.some((entry: { kind: string }) => entry.kind === 'broadcast')).toBe(false);
  });

  it('refuses a template-settings change from a second tab that no longer sees the industries or templates, at the field', async () => {
    await tab(admin, 'templates');
    const second = await admin.context().newPage();
    await tab(second, 'templates');
    await poll(() => second.locator('.library-row').count()).toBeGreaterThan(0);
    await poll(() => admin.locator('.library-row').count()).toBeGreaterThan(0);

    // Tab one sets the industries.
    const industry = admin.locator('.industry');
    await industry.getByLabel('主营行业').selectOption('1');
    await industry.getByLabel('副营行业').selectOption('2');
    await industry.getByRole('button', { name: '保存行业' }).click();
    await poll(() => admin.locator('.industry .field.invalid').count()).toBe(0);

    // Tab two, still showing none, sets others: refused at the field, the account keeps tab one's.
    const stale = second.locator('.industry');
    await stale.getByLabel('主营行业').selectOption('2');
    await stale.getByLabel('副营行业').selectOption('1');
    await stale.getByRole('button', { name: '保存行业' }).click();
    await poll(() => stale.locator('.field.invalid').textContent()).toContain('行业或模板已在别处被修改');
    const industries = await developer.get(`/api/v1/official-accounts/${account.id}/industry`);
    expect(industries.body.primary_industry.second_class).toBe('互联网/电子商务');

    // Adding from the library on the stale state: refused at that row, nothing added.
    await second.locator('.library-row[data-short="TM00015"]').getByRole('button', { name: '添加' }).click();
    await poll(() =>
      second.locator('.library-row[data-short="TM00015"] .field-error').textContent(),
    ).toContain('行业或模板已在别处被修改');
    expect((await developer.get(`/api/v1/official-accounts/${account.id}/templates`)).body).toEqual([]);
    await world.screenshot(second, 'console-oa-templates-conflict');

    // Reloaded, tab two sees tab one's industries and may add.
    await second
      .locator('.library-row[data-short="TM00015"]')
      .getByRole('button', { name: '查看最新的行业和模板' })
      .click();
    await poll(() => stale.getByLabel('主营行业').inputValue()).toBe('1');
    await second.locator('.library-row[data-short="TM00015"]').getByRole('button', { name: '添加' }).click();
    await poll(() => second.locator('.template-row').count()).toBe(1);

    // Tab one never saw that template: deleting nothing it knows of, its next change is refused too.
    await industry.getByLabel('主营行业').selectOption('2');
    await industry.getByLabel('副营行业').selectOption('1');
    await industry.getByRole('button', { name: '保存行业' }).click();
    await poll(() => industry.locator('.field.invalid').textContent()).toContain('行业或模板已在别处被修改');
    await second.close();
  });
});
