import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchOf, launchOptionsApp } from '../../client/test/client-world.ts';
import { type CodeWorld, codeWorld, releaseVersion } from '../../server/test/code-world.ts';
import { readPng, website } from '../../server/test/qrcodes-world.ts';
import { scanWithClient } from './camera.ts';
import { type ConsoleWorld, consoleWorld, poll } from './console-world.ts';
import { signIn } from './versions-walk.ts';

/**
 * 扫普通链接二维码打开小程序 and 小程序码 in the console, clicked through: a rule on a verified local
 * domain is added, tested and published, and a phone's camera scanning a printed link under it
 * opens the page with q and scancode_time (1011); in English, an unlimited code is generated,
 * downloaded, decoded, and scanned to open its page with the scene (1047).
 */
describe('QR rules and mini program codes in the console', () => {
  let world: ConsoleWorld;
  let site: Awaited<ReturnType<typeof website>>;
  let code: CodeWorld;
  let email: string;
  const closers: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    world = await consoleWorld();
    site = await website();
    code = await codeWorld(world.server, '码头小店');
    await releaseVersion(code, '1.0.0', launchOptionsApp());
    email = (await code.dev.get('/api/v1/me')).body.user.email;
    // The shop runs on loopback in the test; the platform fetches the file there only when allowed.
    await world.server.ctx.settings.set('qrcodes.verifyPrivateAddresses', true);
    // The clock is frozen: WeChat's 5 calls a second would trip on a page's own loads; tested below.
    await world.server.ctx.settings.set('limits.qrcodeJump.perApp', 0);
  });
  afterAll(async () => {
    for (const close of closers) await close().catch(() => {});
    await site?.close();
    await world?.close();
  });

  it('adds a rule on a verified local domain, tests and publishes it, and the client scanning a printed link opens the page with q and scancode_time (1011)', async () => {
    const page = await world.page('zh-CN');
    await signIn(world, page, 'zh-CN', email);
    await page.goto(`${world.server.url}/#/apps/${code.app.id}/qr-rules`);
    // An individual subject, while the operator keeps the default: refused, and said so.
    await poll(() => page.locator('.load-error').textContent()).toContain('个人主体');
    await world.server.ctx.settings.set('qrcodes.rulesForIndividuals', true);
    await page.reload();
    await poll(() => page.getByText('还没有规则。').isVisible()).toBe(true);
    await poll(() => page.locator('.publish-quota').textContent()).toBe('本月还可发布 100 次');

    const prefixField = page.getByLabel('二维码规则');
    const form = page.locator('.rule-form');
    // A host on the operator's block list is refused at the field.
    await world.server.ctx.settings.set('qrcodes.blockedHosts', 'blocked.example');
    await prefixField.fill('https://m.blocked.example/qr/');
    await page.getByRole('button', { name: '校验', exact: true }).click();
    await poll(() => form.locator('.field.invalid').textContent()).toContain(
      '链接在黑名单中（blocked.example）',
    );

    const prefix = `${site.origin}/shop/`;
    await prefixField.fill(prefix);
    await page.getByRole('button', { name: '校验', exact: true }).click();
    await poll(() => form.locator('.field.invalid').textContent()).toContain('校验文件失败');
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '下载校验文件' }).click(),
    ]);
    const name = file.suggestedFilename();
    expect(name).toMatch(/^[0-9a-f]{10}\.txt$/);
    site.files.set(`/shop/${name}`, readFileSync(await file.path()).toString('utf8'));
    await poll(() => page.locator('.file-hint').textContent()).toContain(name);
    await page.getByRole('button', { name: '校验', exact: true }).click();
    await poll(() => page.locator('.check-ok').textContent()).toBe(`校验通过：${prefix}${name}`);

    await page.getByLabel('测试范围').selectOption('release');
    await page.getByLabel('小程序功能页面').selectOption('pages/menu/menu');
    await page.getByLabel('页面参数（可选）').fill('from=draft');
    // A test link outside the prefix: the service's 85068, at the field.
    await page.getByLabel('测试链接（最多 5 个，每行一个）').fill('https://elsewhere.example/a');
    await page.getByRole('button', { name: '保存规则' }).click();
    await poll(() => form.locator('.field.invalid').textContent()).toContain(
      '测试链接 https://elsewhere.example/a',
    );
    // Six test links, all under the prefix: WeChat's 5 at most, at the field.
    await page
      .getByLabel('测试链接（最多 5 个，每行一个）')
      .fill([1, 2, 3, 4, 5, 6].map((n) => `${prefix}debug${n}`).join('\n'));
    await page.getByRole('button', { name: '保存规则' }).click();
    await poll(() => form.locator('.field.invalid').textContent()).toContain(
      '测试链接 #6 不符合规则（最多 5 个）',
    );
    await page.getByLabel('测试链接（最多 5 个，每行一个）').fill(`${prefix}debug`);
    await page.getByRole('button', { name: '保存规则' }).click();
    const row = page.locator(`.rule-row[data-prefix="${prefix}"]`);
    await poll(() => row.getAttribute('data-state')).toBe('1');
    // The same prefix again: 85071 at the field.
    await page.getByRole('button', { name: '保存规则' }).click();
    await poll(() => form.locator('.field.invalid').textContent()).toContain('已添加该链接');
    // An unpublished rule can be changed (is_edit): its page query here.
    await row.getByRole('button', { name: '编辑' }).click();
    await poll(() => form.locator('h2').textContent()).toBe('修改规则');
    expect(await page.getByLabel('页面参数（可选）').inputValue()).toBe('from=draft');
    await page.getByLabel('页面参数（可选）').fill('from=poster');
    await page.getByRole('button', { name: '保存修改' }).click();
    await poll(() => row.textContent()).toContain('pages/menu/menu?from=poster');
    await poll(() => form.locator('h2').textContent()).toBe('添加规则');

    const link = `${prefix}item?id=42`;
    const tester = page.locator('.rule-tester');
    await page.getByLabel('要测试的链接').fill(link);
    await page.getByRole('button', { name: '测试', exact: true }).click();
    await poll(() => tester.locator('.matched-rule').textContent()).toBe(`${prefix} · 未发布`);
    expect(await tester.locator('.opens').textContent()).toBe('作为网页打开（没有已发布的规则匹配）');

    await row.getByRole('button', { name: '发布' }).click();
    await poll(() => row.getAttribute('data-state')).toBe('2');
    await poll(() => page.locator('.publish-quota').textContent()).toBe('本月还可发布 99 次');
    await page.getByRole('button', { name: '测试', exact: true }).click();
    await poll(() => tester.locator('.opens').textContent()).toBe(
      '打开小程序页面 pages/menu/menu（场景值 1011）',
    );
    const query = JSON.parse((await tester.locator('.opens-query').textContent())!);
    expect(query).toMatchObject({
      from: 'poster',
      q: encodeURIComponent(link),
      scancode_time: String(Math.floor(world.server.clock() / 1000)),
    });
    await world.screenshot(page, 'console-qr-rules');

    // WeChat's 5 calls a second (44990), said plainly on the page.
    await world.server.ctx.settings.set('limits.qrcodeJump.perApp', 1);
    world.server.clock.advance(2_000);
    await prefixField.fill(prefix);
    await page.getByRole('button', { name: '校验', exact: true }).click();
    await poll(() => page.locator('.check-ok').isVisible()).toBe(true);
    await page.getByRole('button', { name: '校验', exact: true }).click();
    await poll(() => form.locator('.form-error').textContent()).toBe('接口请求太快（超过 1 次/秒）');
    await world.server.ctx.settings.set('limits.qrcodeJump.perApp', 0);

    // A printed poster of the link, scanned by a phone's camera in the client.
    const png = await QRCode.toBuffer(link, { type: 'png', width: 360, margin: 2 });
    const phone = await scanWithClient(world.server.url, png, 'qr_rule_fan');
    closers.push(() => phone.browser.close());
    await poll(() => launchOf(phone.page, '.launch')).toMatchObject({
      path: 'pages/menu/menu',
      scene: 1011,
      query: { from: 'poster', q: encodeURIComponent(link) },
    });
    const launched = await launchOf(phone.page, '.launch');
    expect(launched.query.scancode_time).toBe(String(Math.floor(world.server.clock() / 1000)));

    await row.getByRole('button', { name: '删除' }).click();
    await poll(() => page.getByText('还没有规则。').isVisible()).toBe(true);
  });

  it('in English: refuses a missing version and a long scene at their fields, then an unlimited code is previewed, downloaded, decoded and scanned open with its scene (1047)', async () => {
    const page: Page = await world.page('en');
    await signIn(world, page, 'en', email);
    await page.goto(`${world.server.url}/#/apps/${code.app.id}/codes`);
    await poll(() => page.locator('.lifetime-quota').textContent()).toBe(
      '0 / 100000 limited codes made (getwxacode and createwxaqrcode together)',
    );
    const form = page.locator('.code-form');
    await page.getByLabel('Version').selectOption('trial');
    await poll(() => page.getByText('This version does not exist: no pages to choose').isVisible()).toBe(
      true,
    );
    await page.getByRole('button', { name: 'Generate' }).click();
    await poll(() => form.locator('.field.invalid').textContent()).toContain(
      'the mini program has no trial version',
    );

    await page.getByLabel('Version').selectOption('release');
    await page.getByLabel('Mini program code with a scene (unlimited)').check();
    await page.getByLabel('Mini program page').selectOption('pages/menu/menu');
    await page.getByLabel('Scene', { exact: true }).fill('t'.repeat(33));
    await page.getByRole('button', { name: 'Generate' }).click();
    await poll(() => form.locator('.field.invalid').textContent()).toContain('invalid length for scene');

    await page.getByLabel('Scene', { exact: true }).fill('table=12');
    await page.getByLabel('Width (pixels)').fill('280');
    await page.getByLabel('Line colour', { exact: true }).fill('#1450a0');
    await page.getByLabel('Transparent background').check();
    await page.getByRole('button', { name: 'Generate' }).click();
    await poll(() => page.getByRole('img', { name: 'Code preview' }).isVisible()).toBe(true);
    await world.screenshot(page, 'console-qr-codes-en');
    const [saved] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download image' }).click(),
    ]);
    const png = readFileSync(await saved.path());
    const text = readPng(png);
    expect(text).toMatch(new RegExp(`^${world.server.url}/wxa/qr/[A-Za-z0-9_-]{22}$`));
    // Unlimited codes are not counted toward the lifetime cap.
    expect(await page.locator('.lifetime-quota').textContent()).toContain('0 / 100000');

    const phone = await scanWithClient(world.server.url, png, 'qr_code_fan');
    closers.push(() => phone.browser.close());
    await poll(() => launchOf(phone.page, '.launch')).toMatchObject({
      path: 'pages/menu/menu',
      scene: 1047,
      query: { scene: encodeURIComponent('table=12') },
    });
  });

  it('makes a limited code and a square code from the generator, each shown, downloadable and counted toward the lifetime quota', async () => {
    const page = await world.page('zh-CN');
    await signIn(world, page, 'zh-CN', email);
    await page.goto(`${world.server.url}/#/apps/${code.app.id}/codes`);
    const quota = page.locator('.lifetime-quota');
    await poll(() => quota.textContent()).toBe(
      '已生成有数量限制的码 0 / 100000 个（getwxacode 与 createwxaqrcode 共用）',
    );
    const made: string[] = [];
    for (const [kind, used] of [
      ['小程序码（数量有限）', 1],
      ['小程序二维码', 2],
    ] as const) {
      await page.getByLabel(kind, { exact: true }).check();
      await page.getByLabel('小程序功能页面').selectOption('pages/menu/menu');
      await page.getByLabel('页面参数（可选）').fill(`table=${used}`);
      await page.getByRole('button', { name: '生成', exact: true }).click();
      await poll(() => quota.textContent()).toContain(`${used} / 100000`);
      await poll(() => page.getByRole('img', { name: '小程序码预览' }).isVisible()).toBe(true);
      const [saved] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: '下载图片' }).click(),
      ]);
      expect(saved.suggestedFilename()).toBe(
        `${kind === '小程序二维码' ? 'square' : 'wxacode'}-pages_menu_menu.png`,
      );
      made.push(readPng(readFileSync(await saved.path())) ?? '');
    }
    // Two codes, two different links, both to this platform.
    expect(made[0]).not.toBe(made[1]);
    for (const text of made) expect(text.startsWith(world.server.url)).toBe(true);
    // The version picker is gone for the square code (createwxaqrcode opens the release only).
    expect(await page.getByLabel('版本', { exact: true }).count()).toBe(0);
  });
});
