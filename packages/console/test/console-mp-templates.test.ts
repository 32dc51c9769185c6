import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CodeWorld, codeWorld } from '../../server/test/code-world.ts';
import { type ConsoleWorld, consoleWorld, poll } from './console-world.ts';
import { signIn } from './versions-walk.ts';

/** 订阅消息: a developer picks a template from the library in the console; the WeChat face lists it. */
describe("a mini program's subscription templates in the console", () => {
  let world: ConsoleWorld;
  let code: CodeWorld;

  beforeAll(async () => {
    world = await consoleWorld();
    code = await codeWorld(world.server, '订阅消息');
  });
  afterAll(() => world?.close());

  it('adds a template from the library picking keywords, sees it in my templates and on gettemplate, and deletes it', async () => {
    const page = await world.page('zh-CN');
    await signIn(world, page, 'zh-CN', (await code.dev.get('/api/v1/me')).body.user.email);
    await page.goto(`${world.server.url}/#/apps/${code.app.id}/message-templates`);
    await poll(() => page.locator('h1').textContent()).toBe('订阅消息');
    await poll(() => page.locator('.my-templates').textContent()).toBe('');
    await poll(() => page.locator('.message-templates').textContent()).toContain('还没有模板');

    const title = page.locator('.library-category[data-category="801"] .library-title', {
      hasText: '订单发货通知',
    });
    await title.getByRole('button', { name: '选用' }).click();
    const form = page.locator('form.add-template');
    // One keyword is refused by the service (2 to 5), at the keywords.
    await form.getByLabel('发货时间').check();
    await form.getByRole('button', { name: '添加' }).click();
    await poll(() => form.locator('.field-error').textContent()).toContain('关键词');
    await form.getByLabel('商品名称').check();
    await form.getByLabel('场景说明').fill('发货');
    await form.getByRole('button', { name: '添加' }).click();

    const row = page.locator('.my-template');
    await poll(() => row.count()).toBe(1);
    await expect(row.textContent()).resolves.toContain('订单发货通知');
    await expect(row.locator('.template-content').textContent()).resolves.toBe(
      '发货时间:{{time3.DATA}}\n商品名称:{{thing1.DATA}}',
    );
    const priTmplId = (await row.locator('.pri-tmpl-id').textContent())!;
    const listed = await code.wx('/wxaapi/newtmpl/gettemplate');
    expect(listed.data.map((t: { priTmplId: string }) => t.priTmplId)).toEqual([priTmplId]);
    await world.screenshot(page, 'mp-message-templates');

    await row.getByRole('button', { name: '删除' }).click();
    await poll(() => row.count()).toBe(0);
    expect((await code.wx('/wxaapi/newtmpl/gettemplate')).data).toEqual([]);
  });
});
