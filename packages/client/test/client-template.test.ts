import { resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeWorld, releaseVersion } from '../../server/test/code-world.ts';
import { startTestServer, type TestServer } from '../../server/test/harness.ts';
import { oaCall, wechatApi } from '../../server/test/oa-world.ts';
import { launchOf, launchOptionsApp, poll, SCREENSHOTS, signUpInClient } from './client-world.ts';

/**
 * A service account's template message in the client: sent by the developer with co-wechat-api,
 * it arrives live as a card with the template's fields and colours and opens the linked
 * mini program's page with scene 1043; one without a mini program opens its URL.
 */
describe('template messages in the client (Chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let api: any;
  let templateId: string;
  let miniProgram: string;
  let openid: string;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    server.ctx.delivery.worker.start();
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
    await server.ctx.settings.set('officialAccounts.individualServiceAccounts', true);
    const code = await codeWorld(server, '模板卡片');
    await releaseVersion(code, '1.0.0', launchOptionsApp());
    miniProgram = code.app.appid;
    const subjects = (await code.dev.get('/api/v1/subjects')).body as Array<{ id: string }>;
    const created = await code.dev.post('/api/v1/official-accounts', {
      subjectId: subjects[0]!.id,
      name: '码头订单通知',
      type: 'service',
    });
    expect(created.status).toBe(201);
    const { account, secret } = created.body;
    const setup = await oaCall(server.url, account.appid, secret);
    expect((await setup('/cgi-bin/wxopen/wxamplink', { appid: miniProgram })).errcode).toBe(0);
    expect(
      (await setup('/cgi-bin/template/api_set_industry', { industry_id1: 1, industry_id2: 2 })).errcode,
    ).toBe(0);
    const added = await setup('/cgi-bin/template/api_add_template', { template_id_short: 'TM00015' });
    expect(added.errcode).toBe(0);
    templateId = added.template_id;
    api = wechatApi(server.url, account.appid, secret);

    page = await browser.newPage({ viewport: { width: 390, height: 780 }, deviceScaleFactor: 2 });
    await signUpInClient(page, server.url, 'template_fan', '模板读者');
    await page.getByRole('button', { name: '发现' }).click();
    await page.getByLabel('搜索公众号').fill('订单通知');
    await page.getByRole('button', { name: '搜索' }).click();
    await page
      .locator(`.account-row[data-appid="${account.appid}"]`)
      .getByRole('button', { name: '关注' })
      .click();
    await page
      .locator(`.account-row[data-appid="${account.appid}"]`)
      .getByRole('button', { name: '取消关注' })
      .waitFor({ timeout: 20_000 });
    openid = (await api.getFollowers()).data.openid[0];
    await page.getByRole('button', { name: '消息' }).click();
    await page.locator(`.conversation-row[data-appid="${account.appid}"]`).click();
    await page.locator('.screen.conversation').waitFor({ timeout: 20_000 });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the card live with its fields and colours, and opens the mini program page with scene 1043', async () => {
    server.clock.advance(1000);
    const sent = await api.sendTemplate(
      openid,
      templateId,
      'https://shop.example/order/7',
      '#FF0000',
      {
        first: { value: '我们已收到您的货款', color: '#173177' },
        orderMoneySum: { value: '30.00元' },
        orderProductName: { value: '小程序开发入门', color: '#FF0000' },
        Remark: { value: '如有问题请在微信留言' },
      },
      { appid: miniProgram, pagepath: 'pages/menu/menu?order=7' },
    );
    expect(sent.errcode).toBe(0);
    const card = page.locator('.message[data-kind="template"] .template-card').last();
    await poll(() => card.isVisible()).toBe(true);
    expect(await card.locator('strong').textContent()).toBe('订单支付成功');
    // The template's lines: the first line, labelled keywords, the remark; each value in its colour.
    const rows = await card
      .locator('dl > div')
      .evaluateAll((divs) =>
        divs.map((div) => [
          div.querySelector('dt')?.textContent ?? '',
          div.querySelector('dd')?.textContent ?? '',
        ]),
      );
    expect(rows[0]).toEqual(['', '我们已收到您的货款']);
    expect(rows).toContainEqual(['支付金额', '30.00元']);
    expect(rows).toContainEqual(['商品信息', '小程序开发入门']);
    expect(rows.at(-1)).toEqual(['', '如有问题请在微信留言']);
    const red = card.locator('dd', { hasText: '小程序开发入门' });
    expect(await red.evaluate((dd) => getComputedStyle(dd).color)).toBe('rgb(255, 0, 0)');
    await page.screenshot({ path: resolve(SCREENSHOTS, 'client-template-message.png') });

    await card.getByRole('button', { name: '详情' }).click();
    await poll(() => launchOf(page, '.launch')).toMatchObject({
      path: 'pages/menu/menu',
      query: { order: '7' },
      scene: 1043,
    });
    expect(await launchOf(page, '.options')).toEqual({ order: '7' });
    await page.getByRole('button', { name: '关闭' }).click();
  });

  it('opens the URL of a template message without a mini program', async () => {
    await page
      .context()
      .route('https://shop.example/**', (route) =>
        route.fulfill({ contentType: 'text/html', body: '<title>订单详情</title>' }),
      );
    server.clock.advance(1000);
    const sent = await api.sendTemplate(openid, templateId, 'https://shop.example/order/8', '#000000', {
      first: { value: '订单已支付' },
      orderMoneySum: { value: '8.00元' },
      orderProductName: { value: '明信片' },
      Remark: { value: '' },
    });
    expect(sent.errcode).toBe(0);
    const card = page.locator('.message[data-kind="template"] .template-card', { hasText: '8.00元' });
    await poll(() => card.isVisible()).toBe(true);
    const [popup] = await Promise.all([
      page.waitForEvent('popup'),
      card.getByRole('link', { name: '详情' }).click(),
    ]);
    await popup.waitForLoadState();
    expect(popup.url()).toBe('https://shop.example/order/8');
    await popup.close();
  });
});
