import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeWorld } from '../../server/test/code-world.ts';
import { type ConsoleWorld, consoleWorld, type Language, poll } from './console-world.ts';
import { signIn, text } from './versions-walk.ts';

/**
 * 订阅消息: a developer picks a template from the library in the console; the WeChat face lists
 * it. In Chinese and in English (the library's own titles and keywords stay as the operator wrote
 * them; the page and the service's refusal follow the language).
 */
describe("a mini program's subscription templates in the console", () => {
  let world: ConsoleWorld;

  beforeAll(async () => {
    world = await consoleWorld();
  });
  afterAll(() => world?.close());

  it.each<Language>(['zh-CN', 'en'])(
    'adds a template from the library picking keywords, sees it in my templates and on gettemplate, and deletes it (%s)',
    async (language) => {
      const en = language === 'en';
      const t = (key: string) => text(language, key);
      const code = await codeWorld(world.server, `订阅消息${language}`);
      const page = await world.page(language);
      await signIn(world, page, language, (await code.dev.get('/api/v1/me')).body.user.email);
      await page.goto(`${world.server.url}/#/apps/${code.app.id}/message-templates`);
      await poll(() => page.locator('h1').textContent()).toBe(en ? 'Subscription messages' : '订阅消息');
      await poll(() => page.locator('.my-templates').textContent()).toBe('');
      await poll(() => page.locator('.message-templates').textContent()).toContain(
        en ? 'No templates yet.' : '还没有模板',
      );

      const title = page.locator('.library-category[data-category="801"] .library-title', {
        hasText: '订单发货通知',
      });
      await title.getByRole('button', { name: t('mpTemplates.choose') }).click();
      const form = page.locator('form.add-template');
      await expect(form.locator('h3').textContent()).resolves.toBe(
        en ? 'Adding “订单发货通知”' : '选用“订单发货通知”',
      );
      // One keyword is refused by the service (2 to 5), at the keywords, in the page's language.
      await form.getByLabel('发货时间').check();
      await form.getByRole('button', { name: t('mpTemplates.add') }).click();
      await poll(() => form.locator('.field-error').textContent()).toContain(
        en ? 'invalid keyword list (kidList)' : '关键词列表',
      );
      await form.getByLabel('商品名称').check();
      await form.getByLabel(t('mpTemplates.sceneDesc')).fill('发货');
      await form.getByRole('button', { name: t('mpTemplates.add') }).click();

      const row = page.locator('.my-template');
      await poll(() => row.count()).toBe(1);
      await expect(row.textContent()).resolves.toContain('订单发货通知');
      await expect(row.locator('.template-content').textContent()).resolves.toBe(
        '发货时间:{{time3.DATA}}\n商品名称:{{thing1.DATA}}',
      );
      const priTmplId = (await row.locator('.pri-tmpl-id').textContent())!;
      const listed = await code.wx('/wxaapi/newtmpl/gettemplate');
      expect(listed.data.map((t: { priTmplId: string }) => t.priTmplId)).toEqual([priTmplId]);
      await expect(row.textContent()).resolves.toContain(en ? 'One-time' : '一次性订阅');
      await world.screenshot(page, en ? 'mp-message-templates-en' : 'mp-message-templates');

      await row.getByRole('button', { name: t('mpTemplates.delete') }).click();
      await poll(() => row.count()).toBe(0);
      expect((await code.wx('/wxaapi/newtmpl/gettemplate')).data).toEqual([]);
    },
  );
});
