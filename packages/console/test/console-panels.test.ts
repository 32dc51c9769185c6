import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { person, sampleFiles, uploadZip, zipOf } from '../../server/test/code-world.ts';
import { wechatMiddlewareServer } from '../../server/test/push-servers.ts';
import { idNumber, registeredApp, verifiedIndividual } from '../../server/test/world.ts';
import { type ConsoleWorld, consoleWorld, type Language, poll } from './console-world.ts';
import { signIn, text } from './versions-walk.ts';

/**
 * The panels the walk does not pass through, clicked in Chromium: 开发管理's IP allow-list,
 * message push and upload-key revocation; qualification documents and the 5/5 quota on 创建小程序;
 * the operator's category tree and users and roles.
 */
describe('console panels (Chromium)', () => {
  let world: ConsoleWorld;
  let serial = 900;
  beforeAll(async () => {
    world = await consoleWorld();
  });
  afterAll(() => world?.close());

  /** A verified individual with one complete app, signed in to the console in `language`. */
  async function developer(language: Language, appName?: string) {
    serial += 1;
    const dev = await person(world.server);
    const subject = await verifiedIndividual(dev.client, idNumber(serial, '19880303'), '赵六');
    const made = appName ? await registeredApp(dev.client, subject.id, appName) : undefined;
    const page = await world.page(language);
    await signIn(world, page, language, dev.email);
    return { dev, subject, page, app: made?.app, secret: made?.secret };
  }

  const tokenCall = async (appid: string, secret: string) =>
    (
      await fetch(
        `${world.server.url}/cgi-bin/token?grant_type=client_credential&appid=${appid}&secret=${secret}`,
      )
    ).json() as Promise<{ access_token?: string; errcode?: number; errmsg?: string }>;

  it('开发管理 (zh-CN): the IP allow-list refuses tokens with 40164, the push server is verified on save, a revoked upload key uploads nothing', async () => {
    const t = (key: string) => text('zh-CN', key);
    const { page, app, secret } = await developer('zh-CN', '面板测试');
    await page.goto(`${world.server.url}/#/apps/${app!.id}/develop`);

    // IP allow-list: an address that is not ours, and the token call from 127.0.0.1 is refused.
    const allowlist = page.getByLabel(t('develop.ipAllowlist.label'));
    await allowlist.fill('10.20.30.40\n 192.0.2.0/24 ');
    const ipCard = page.locator('form.card', { has: allowlist });
    await ipCard.getByRole('button', { name: t('common.save') }).click();
    await poll(() => ipCard.getByRole('status').textContent()).toBe(t('common.saved'));
    const refused = await tokenCall(app!.appid, secret!);
    expect(refused.errcode).toBe(40164);
    expect(refused.errmsg).toContain('127.0.0.1');
    // A bad entry is refused next to the field, and nothing is lost.
    await allowlist.fill('10.20.30.40\nnot-an-ip');
    await ipCard.getByRole('button', { name: t('common.save') }).click();
    await poll(() => ipCard.locator('.field-error').isVisible()).toBe(true);
    expect(await allowlist.inputValue()).toBe('10.20.30.40\nnot-an-ip');
    expect((await tokenCall(app!.appid, secret!)).errcode).toBe(40164);
    await allowlist.fill('127.0.0.1');
    await ipCard.getByRole('button', { name: t('common.save') }).click();
    await poll(async () => (await tokenCall(app!.appid, secret!)).access_token).toBeTruthy();
    await page.reload();
    expect(await page.getByLabel(t('develop.ipAllowlist.label')).inputValue()).toBe('127.0.0.1');

    // Message push: a server answering with another Token fails the handshake, with the reason;
    // the one built with the `wechat` middleware and this Token passes it.
    await world.server.ctx.settings.set('push.privateAddresses', true);
    const good = await wechatMiddlewareServer({ token: 'panelToken1' });
    const wrong = await wechatMiddlewareServer({ token: 'otherToken9' });
    try {
      const push = page.locator('#push');
      expect(await push.locator('.muted').first().textContent()).toBe(t('develop.push.none'));
      await push.getByLabel('URL').fill(wrong.url);
      await push.getByLabel('Token').fill('panelToken1');
      await push.getByRole('button', { name: t('develop.push.save') }).click();
      await poll(() => push.getByRole('alert').first().textContent()).toMatch(/验证|URL/);
      expect(await push.locator('.muted').first().textContent()).toBe(t('develop.push.none'));
      await push.getByLabel('URL').fill(good.url);
      await push.getByRole('button', { name: t('develop.push.save') }).click();
      await poll(() => push.locator('.muted').first().textContent()).toContain(good.url);
      expect(await push.locator('.muted').first().textContent()).toContain(t('develop.push.modes.plaintext'));
      expect(await push.getByRole('alert').count()).toBe(0);
      const saved = (await page.evaluate(
        async (appid) => (await fetch(`/api/v1/push/${appid}/config`)).json(),
        app!.appid,
      )) as { url: string };
      expect(saved.url).toBe(good.url);
    } finally {
      await good.close();
      await wrong.close();
    }

    // Upload keys: one key uploads, then revoked in the list, the same upload is refused.
    const keys = page.locator('#upload-keys');
    await keys.getByLabel(t('develop.uploadKeys.label')).fill('ci');
    await keys.getByRole('button', { name: t('develop.uploadKeys.create') }).click();
    await poll(() => keys.locator('.upload-key').isVisible()).toBe(true);
    const key = (await keys.locator('.upload-key').textContent())!;
    const zip = await zipOf(sampleFiles());
    expect((await uploadZip(world.server, app!.appid, '1.0.0', zip, { key })).status).toBe(201);
    await poll(() => keys.locator('.upload-key-row').count()).toBe(1);
    await keys
      .locator('.upload-key-row')
      .getByRole('button', { name: t('develop.uploadKeys.revoke') })
      .click();
    await poll(() => keys.locator('.upload-key-row').count()).toBe(0);
    const after = await uploadZip(world.server, app!.appid, '1.0.1', zip, { key });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('upload_key_invalid');
  }, 180_000);

  it('创建小程序 (zh-CN): a category that needs a document asks for it, refuses without it, and keeps it', async () => {
    const t = (key: string) => text('zh-CN', key);
    const { page, dev } = await developer('zh-CN');
    await page.goto(`${world.server.url}/#/create`);
    await page.getByLabel(t('create.name')).fill('外卖面板');
    await page.getByLabel(t('create.icon')).setInputFiles({
      name: 'icon.png',
      mimeType: 'image/png',
      buffer: await squarePng(page),
    });
    await poll(() => page.getByAltText(t('create.iconPreview')).isVisible()).toBe(true);
    await page.getByLabel(t('create.intro')).fill('点外卖的小工具');
    const meals = page.locator('.category-group[data-category="餐饮"]');
    await meals.getByLabel(/外卖平台/).check();
    const documentLabel = text('zh-CN', 'create.qualification').replace('{{category}}', '外卖平台');
    await poll(() => page.getByLabel(documentLabel).isVisible()).toBe(true);

    await page.getByRole('button', { name: t('create.submit'), exact: true }).click();
    await poll(() => page.locator('.form-error, .field-error').first().textContent()).toContain('资质');
    expect(await page.locator('.created').count()).toBe(0);

    await page.getByLabel(documentLabel).setInputFiles({
      name: 'licence.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'),
    });
    await page.waitForTimeout(200);
    await page.getByRole('button', { name: t('create.submit'), exact: true }).click();
    await poll(() => page.locator('.created .appid').isVisible()).toBe(true);
    const mine = (await dev.client.get('/api/v1/miniprograms')).body as Array<{ id: string }>;
    expect(mine).toHaveLength(1);
    const detail = (await dev.client.get(`/api/v1/miniprograms/${mine[0]!.id}`)).body;
    expect(detail.categories).toEqual([
      expect.objectContaining({ secondClass: '外卖平台', qualificationProvided: true }),
    ]);
  }, 120_000);

  it('Create a mini program (en): an individual with five mini programs is refused the sixth with 5/5', async () => {
    const t = (key: string) => text('en', key);
    const { page, dev, subject } = await developer('en', 'Quota 1');
    for (let n = 2; n <= 5; n++) await registeredApp(dev.client, subject.id, `Quota ${n}`);
    await page.goto(`${world.server.url}/#/create`);
    await page.getByLabel(t('create.name')).fill('Quota 6');
    await page.getByLabel(t('create.icon')).setInputFiles({
      name: 'icon.png',
      mimeType: 'image/png',
      buffer: await squarePng(page),
    });
    await poll(() => page.getByAltText(t('create.iconPreview')).isVisible()).toBe(true);
    await page.getByLabel(t('create.intro')).fill('One too many');
    await page.locator('.category-group[data-category="工具"]').getByLabel('工具 › 天气').check();
    await page.getByRole('button', { name: t('create.submit'), exact: true }).click();
    await poll(() => page.getByRole('alert').first().textContent()).toMatch(
      /Quota reached.*allows 5, 5 used/,
    );
    expect(await page.locator('.created').count()).toBe(0);
    expect((await dev.client.get('/api/v1/miniprograms')).body).toHaveLength(5);
  }, 120_000);

  it('Categories (en): the operator adds, renames and disables categories; a developer sees the change at once', async () => {
    const t = (key: string) => text('en', key);
    const admin = await person(world.server, 'admin');
    const page = await world.page('en');
    await signIn(world, page, 'en', admin.email);
    await page.goto(`${world.server.url}/#/admin/categories`);
    const tools = page.locator('.category-edit[data-category="工具"]');
    await tools.getByLabel(t('admin.categories.secondName')).fill('Panel test');
    await tools.getByRole('button', { name: t('admin.categories.add') }).click();
    await poll(() => tools.locator('li[data-category="Panel test"]').isVisible()).toBe(true);

    await tools.getByRole('button', { name: `Rename Panel test` }).click();
    await tools.getByLabel('New name for Panel test').fill('Panel renamed');
    await tools.getByRole('button', { name: t('common.save') }).click();
    await poll(() => tools.locator('li[data-category="Panel renamed"]').isVisible()).toBe(true);
    expect(await tools.locator('li[data-category="Panel test"]').count()).toBe(0);

    // The toggles show the server's state: checked once the change is saved.
    await tools.getByLabel('Disable 工具 › 天气').click();
    await poll(() => tools.locator('li[data-category="天气"]').getAttribute('class')).toBe('disabled');
    expect(await tools.getByLabel('Disable 工具 › 天气').isChecked()).toBe(true);
    const travel = page.locator('.category-edit[data-category="旅游"]');
    await travel.getByLabel('Disable 旅游', { exact: true }).click();
    await poll(() => travel.getAttribute('class')).toContain('disabled');

    // A developer's create page: the renamed category is offered, the disabled ones are not.
    const { page: devPage, dev, subject } = await developer('en');
    await devPage.goto(`${world.server.url}/#/create`);
    const devTools = devPage.locator('.category-group[data-category="工具"]');
    await poll(() => devTools.getByLabel('工具 › Panel renamed').isEnabled()).toBe(true);
    expect(await devTools.getByLabel('工具 › 天气').isDisabled()).toBe(true);
    expect(await devTools.locator('.category-disabled').textContent()).toContain('Disabled');
    const devTravel = devPage.locator('.category-group[data-category="旅游"]');
    expect(await devTravel.locator('.category-disabled').textContent()).toBe(
      text('en', 'categoryPicker.disabled'),
    );
    expect(await devTravel.locator('input[type=checkbox]').first().isDisabled()).toBe(true);
    // The server refuses a disabled category even when the page is bypassed.
    const tree = (await dev.client.get('/api/v1/categories')).body as Array<{
      id: number;
      name: string;
      children: Array<{ id: number; name: string }>;
    }>;
    const toolsNode = tree.find((c) => c.name === '工具')!;
    const weather = toolsNode.children.find((c) => c.name === '天气')!;
    const made = await dev.client.post('/api/v1/miniprograms', { subjectId: subject.id });
    const refused = await dev.client.patch(`/api/v1/miniprograms/${made.body.id}`, {
      categories: [{ firstId: toolsNode.id, secondId: weather.id }],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'category_disabled', field: 'categories' });

    // Enabled again: offered again (other tests pick 工具 › 天气).
    await tools.getByLabel('Disable 工具 › 天气').click();
    await poll(() => tools.locator('li[data-category="天气"]').getAttribute('class')).toBe('');
    await travel.getByLabel('Disable 旅游', { exact: true }).click();
    await poll(() => travel.getAttribute('class')).not.toContain('disabled');
  }, 180_000);

  it('Users and roles (en): the operator makes a developer a reviewer, who then sees the review pages', async () => {
    const t = (key: string) => text('en', key);
    const { page: devPage, dev } = await developer('en');
    expect(await devPage.getByRole('link', { name: t('nav.reviewQueue') }).count()).toBe(0);
    await devPage.goto(`${world.server.url}/#/review`);
    await poll(() => devPage.locator('main').textContent()).not.toContain(t('review.queue'));

    const admin = await person(world.server, 'admin');
    const page = await world.page('en');
    await signIn(world, page, 'en', admin.email);
    await page.getByRole('link', { name: t('nav.adminUsers') }).click();
    await page.getByLabel(t('admin.users.search')).fill(dev.email);
    const row = page.locator(`tr[data-email="${dev.email}"]`);
    await poll(() => row.isVisible()).toBe(true);
    await page.getByLabel(`Role of ${dev.email}`).selectOption('reviewer');
    await poll(() => page.getByLabel(`Role of ${dev.email}`).inputValue()).toBe('reviewer');
    await page.reload();
    await page.getByLabel(t('admin.users.search')).fill(dev.email);
    await poll(() => page.getByLabel(`Role of ${dev.email}`).inputValue()).toBe('reviewer');

    await devPage.goto(`${world.server.url}/`);
    await devPage.reload();
    await poll(() => devPage.getByRole('link', { name: t('nav.reviewQueue') }).isVisible()).toBe(true);
    await devPage.getByRole('link', { name: t('nav.reviewQueue') }).click();
    await poll(() => devPage.getByRole('heading', { name: t('review.queue') }).isVisible()).toBe(true);
    expect(await devPage.getByRole('link', { name: t('nav.adminUsers') }).count()).toBe(0);
  }, 120_000);
});

/** A small square PNG drawn by the page. */
async function squarePng(page: Page): Promise<Buffer> {
  const dataUrl = await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 144;
    canvas.height = 144;
    const context = canvas.getContext('2d')!;
    context.fillStyle = '#1aad19';
    context.fillRect(0, 0, 144, 144);
    return canvas.toDataURL('image/png');
  });
  return Buffer.from(dataUrl.split(',')[1]!, 'base64');
}
