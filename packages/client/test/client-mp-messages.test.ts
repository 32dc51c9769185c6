import { resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CodeWorld, codeWorld, releaseVersion } from '../../server/test/code-world.ts';
import { startTestServer, type TestServer } from '../../server/test/harness.ts';
import { wechatApi } from '../../server/test/oa-world.ts';
import { type DeveloperServer, wechatMiddlewareServer } from '../../server/test/push-servers.ts';
import { readPng, wxBinary } from '../../server/test/qrcodes-world.ts';
import { launchOf, poll, SCREENSHOTS, signUpInClient } from './client-world.ts';

const TOKEN = 'mpClientToken7';

/** A shop's mini program: prints its launch options, has a report-submit form, a subscribe button and a contact button. */
function shopApp(subscribeTemplate: string): Record<string, string> {
  const page = `Page({
    data: { launch: '', options: '', formId: '', subscribed: '' },
    onLoad(options) {
      this.setData({ launch: JSON.stringify(wx.getLaunchOptionsSync()), options: JSON.stringify(options) });
    },
    submitted(e) { this.setData({ formId: e.detail.formId }); },
    subscribe() {
      wx.requestSubscribeMessage({
        tmplIds: ['${subscribeTemplate}'],
        success: (res) => this.setData({ subscribed: res['${subscribeTemplate}'] }),
        fail: (e) => this.setData({ subscribed: 'fail ' + e.errMsg }),
      });
    },
  });`;
  const wxml = `<view class="title">小店</view>
<view class="launch">{{launch}}</view><view class="options">{{options}}</view>
<form report-submit="{{true}}" bindsubmit="submitted"><input name="item" value="T恤"/><button form-type="submit" class="submit">提交订单</button></form>
<view class="form-id">{{formId}}</view>
<button class="subscribe" bindtap="subscribe">订阅发货通知</button>
<view class="subscribed">{{subscribed}}</view>
<button class="contact" open-type="contact" session-from="order-7">联系客服</button>`;
  return {
    'app.json': JSON.stringify({
      pages: ['pages/index/index', 'pages/order/order'],
      window: { navigationBarTitleText: '小店' },
    }),
    'app.js': 'App({});',
    'pages/index/index.js': page,
    'pages/index/index.wxml': wxml,
    'pages/index/index.json': '{}',
    'pages/order/order.js': page,
    'pages/order/order.wxml': wxml,
    'pages/order/order.json': '{}',
  };
}

/**
 * A mini program's own messages in the client, in Chromium: a report-submit form yields a
 * form_id the developer's template message spends, a subscription after the user's consent,
 * both shown in 服务通知 and opening their page (1014 / 1107); and a customer-service exchange.
 */
describe('service notifications and customer service in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let code: CodeWorld;
  let page: Page;
  let dev: DeveloperServer;
  let subscribeTemplate: string;
  let legacyTemplate: string;
  let openid: string;
  const frame = () => page.frameLocator('.mp-phone iframe').locator('.wx-page-host:not([hidden])');

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    server.ctx.delivery.worker.start();
    await server.ctx.settings.set('push.privateAddresses', true);
    code = await codeWorld(server, '小店');
    subscribeTemplate = (await code.wx('/wxaapi/newtmpl/addtemplate', { tid: 1401, kidList: [1, 3] }))
      .priTmplId;
    const library = await code.wx('/cgi-bin/wxopen/template/library/list', { offset: 0, count: 1 });
    legacyTemplate = (
      await code.wx('/cgi-bin/wxopen/template/add', { id: library.list[0].id, keyword_id_list: [1, 2] })
    ).template_id;
    await releaseVersion(code, '1.0.0', shopApp(subscribeTemplate));
    dev = await wechatMiddlewareServer({ token: TOKEN });
    const configured = await code.dev.put(`/api/v1/push/${code.app.appid}/config`, {
      url: dev.url,
      token: TOKEN,
      mode: 'plaintext',
    });
    if (configured.status !== 200) throw new Error(JSON.stringify(configured.body));
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
    page = await browser.newPage({ viewport: { width: 390, height: 780 }, deviceScaleFactor: 2 });
    page.on('console', (message) => {
      if (message.type() === 'error') console.error(`[client] ${message.text()}`);
    });
    await signUpInClient(page, server.url, 'xiaodian_fan', '小店常客');
    const user = await server.ctx.store.db
      .selectFrom('end_users')
      .select('id')
      .where('username', '=', 'xiaodian_fan')
      .executeTakeFirstOrThrow();
    openid = server.ctx.mpMessages.notifications.openid(
      { id: code.app.id, appid: code.app.appid, name: null },
      user.id,
    );
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await dev?.close();
  });

  it('turns a report-submit form into a form_id; the template message it pays for lands in 服务通知 and opens its page with scene 1014', async () => {
    // The user opens the shop from its code's landing page (scene 1047).
    const made = await wxBinary(server, code.token, '/wxa/getwxacode', { path: 'pages/index/index' });
    await page.goto(readPng(made.bytes) as string);
    await page.getByRole('link', { name: /在客户端中打开/ }).click();
    await poll(() => launchOf(page, '.launch')).toMatchObject({ scene: 1047 });
    await frame().locator('.submit').click();
    await poll(() => frame().locator('.form-id').textContent()).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    const formId = (await frame().locator('.form-id').textContent()) as string;
    const api = wechatApi(server.url, code.app.appid, code.secret) as any;
    const data = { keyword1: { value: '夏季新款T恤' }, keyword2: { value: 'SF20261201' } };
    expect(
      await api.sendMiniProgramTemplate(
        openid,
        legacyTemplate,
        'pages/order/order?id=7',
        formId,
        data,
        '',
        'keyword1.DATA',
      ),
    ).toMatchObject({ errcode: 0 });
    // The form_id is single-use: a second message is refused and nothing more arrives.
    expect(
      (
        await api
          .sendMiniProgramTemplate(openid, legacyTemplate, 'pages/order/order', formId, data)
          .catch((e: any) => e)
      ).code,
    ).toBe(41029);

    await page.getByRole('button', { name: '关闭' }).click();
    // The scanner's path left the client on 发现; the row is in 消息.
    await page.getByRole('button', { name: /^消息/ }).click();
    const row = page.locator('.service-notifications-row');
    await poll(() => row.locator('.badge').textContent()).toBe('1');
    await row.click();
    const card = page.locator('.notification-card');
    await poll(() => card.count()).toBe(1);
    expect(await card.locator('strong').textContent()).toBe('订单发货通知');
    expect(await card.locator('.notification-emphasis').textContent()).toBe('夏季新款T恤');
    expect(await card.locator('dd').allTextContents()).toEqual(['SF20261201']);
    await page.screenshot({ path: resolve(SCREENSHOTS, 'client-service-notifications.png') });
    await card.getByRole('button', { name: '进入小程序查看' }).click();
    await poll(() => launchOf(page, '.launch')).toMatchObject({
      path: 'pages/order/order',
      scene: 1014,
      query: { id: '7' },
    });
    expect(await launchOf(page, '.options')).toEqual({ id: '7' });
  });

  it('records the consent given in the subscription sheet; the one message it allows opens with scene 1107', async () => {
    const api = wechatApi(server.url, code.app.appid, code.secret) as any;
    const data = { thing1: { value: '卫衣' }, time3: { value: '2026年12月01日 18:00' } };
    // Without consent: 43101, nothing sent.
    expect(
      (
        await api
          .sendSubscribeMessage(openid, subscribeTemplate, 'pages/index/index', data)
          .catch((e: any) => e)
      ).code,
    ).toBe(43101);
    await frame().locator('.subscribe').click();
    const sheet = page.getByRole('dialog', { name: /申请向你发送订阅消息/ });
    await poll(() => sheet.isVisible()).toBe(true);
    await sheet.getByRole('button', { name: '允许' }).click();
    await poll(() => frame().locator('.subscribed').textContent()).toBe('accept');
    // The test clock stands still: a second later, so the notifications have an order.
    server.clock.advance(1000);
    expect(
      await api.sendSubscribeMessage(openid, subscribeTemplate, 'pages/index/index?from=notice', data),
    ).toMatchObject({
      errcode: 0,
    });
    expect(
      (
        await api
          .sendSubscribeMessage(openid, subscribeTemplate, 'pages/index/index', data)
          .catch((e: any) => e)
      ).code,
    ).toBe(43101);

    await page.getByRole('button', { name: '关闭' }).click();
    const cards = page.locator('.notification-card');
    await poll(() => cards.count()).toBe(2);
    const newest = cards.last();
    expect(await newest.locator('dd').allTextContents()).toEqual(['卫衣', '2026年12月01日 18:00']);
    await newest.getByRole('button', { name: '进入小程序查看' }).click();
    await poll(() => launchOf(page, '.launch')).toMatchObject({
      path: 'pages/index/index',
      scene: 1107,
      query: { from: 'notice' },
    });
  });

  it("opens the customer-service conversation from the contact button: the user's message is pushed, the developer's reply shows live", async () => {
    await frame().locator('.contact').click();
    const conversation = page.locator('.customer-service');
    await poll(() => conversation.isVisible()).toBe(true);
    await server.ctx.push.drain();
    await poll(() => dev.received.at(-1)?.message).toMatchObject({
      MsgType: 'event',
      Event: 'user_enter_tempsession',
      SessionFrom: 'order-7',
      FromUserName: openid,
    });
    await conversation.getByLabel('发消息').fill('我的T恤什么时候到？');
    await conversation.getByRole('button', { name: '发送' }).click();
    await poll(() => conversation.locator('.message.mine .bubble').textContent()).toBe('我的T恤什么时候到？');
    await server.ctx.push.drain();
    await poll(() => dev.received.at(-1)?.message).toMatchObject({
      MsgType: 'text',
      Content: '我的T恤什么时候到？',
      FromUserName: openid,
    });
    const api = wechatApi(server.url, code.app.appid, code.secret) as any;
    expect(await api.sendText(openid, '明天送达，请留意电话')).toMatchObject({ errcode: 0 });
    await poll(() => conversation.locator('.message.theirs .bubble').textContent()).toBe(
      '明天送达，请留意电话',
    );
    await page.screenshot({ path: resolve(SCREENSHOTS, 'client-mp-customer-service.png') });
    // Back to the mini program, still running underneath.
    await conversation.getByRole('button', { name: '返回' }).click();
    await poll(() => frame().locator('.title').textContent()).toBe('小店');
  });
});
