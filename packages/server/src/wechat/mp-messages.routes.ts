import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Context } from '../context.ts';
import { asNumber, asObject, postOnly } from './params.ts';
import { caller, tokenGuard } from './token-guard.ts';

const OK = { errcode: 0, errmsg: 'ok' } as const;

/**
 * A mini program's messages on WeChat's paths: template messages (2017) and subscription
 * messages, and the template libraries both use. Customer service shares
 * `/cgi-bin/message/custom/send` and `/cgi-bin/media/*` with official accounts (oa-messages.routes.ts).
 */
export const mpMessagesRoutes =
  (ctx: Context): FastifyPluginAsync =>
  async (app) => {
    const guard = tokenGuard(ctx, 'messages', 'miniprogram');
    const { notifications, templates } = ctx.mpMessages;
    const mp = (request: FastifyRequest) => ctx.mpMessages.caller(caller(request).appId);
    const appId = (request: FastifyRequest) => caller(request).appId;
    const body = (request: FastifyRequest) => asObject(request.body);
    const query = (request: FastifyRequest) => asObject(request.query);
    const post = (url: string, handler: (request: FastifyRequest) => Promise<unknown>) =>
      postOnly(app, url, { onRequest: guard }, handler);
    const get = (url: string, handler: (request: FastifyRequest) => Promise<unknown>) =>
      app.get(url, { onRequest: guard }, handler);

    post('/cgi-bin/message/wxopen/template/send', async (request) => {
      await notifications.sendTemplate(await mp(request), body(request));
      return OK;
    });
    post('/cgi-bin/message/subscribe/send', async (request) => {
      await notifications.sendSubscribe(await mp(request), body(request));
      return OK;
    });

    // Subscription templates (subscribeMessage.*).
    get('/wxaapi/newtmpl/getcategory', async (request) => ({
      ...OK,
      ...(await templates.categories(appId(request))),
    }));
    get('/wxaapi/newtmpl/getpubtemplatetitles', async (request) => ({
      ...OK,
      ...(await templates.titles(
        asNumber(query(request).start) ?? 0,
        asNumber(query(request).limit) ?? 30,
        query(request).ids,
      )),
    }));
    get('/wxaapi/newtmpl/getpubtemplatekeywords', async (request) => ({
      ...OK,
      ...(await templates.keywords(query(request).tid)),
    }));
    post('/wxaapi/newtmpl/addtemplate', async (request) => ({
      ...OK,
      ...(await templates.addSubscribe(appId(request), body(request))),
    }));
    get('/wxaapi/newtmpl/gettemplate', async (request) => ({
      ...OK,
      ...(await templates.listSubscribe(appId(request))),
    }));
    post('/wxaapi/newtmpl/deltemplate', async (request) => {
      await templates.remove(appId(request), 'subscribe', body(request).priTmplId);
      return OK;
    });

    // 2017 templates (templateMessage.*).
    post('/cgi-bin/wxopen/template/library/list', async (request) => ({
      ...OK,
      ...(await templates.legacyLibrary(body(request).offset, body(request).count)),
    }));
    post('/cgi-bin/wxopen/template/library/get', async (request) => ({
      ...OK,
      ...(await templates.legacyTitle(body(request).id)),
    }));
    post('/cgi-bin/wxopen/template/add', async (request) => ({
      ...OK,
      ...(await templates.addLegacy(appId(request), body(request))),
    }));
    post('/cgi-bin/wxopen/template/list', async (request) => ({
      ...OK,
      ...(await templates.listLegacy(appId(request), body(request).offset, body(request).count)),
    }));
    post('/cgi-bin/wxopen/template/del', async (request) => {
      await templates.remove(appId(request), 'template', body(request).template_id);
      return OK;
    });
  };
