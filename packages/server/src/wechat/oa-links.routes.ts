import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Context } from '../context.ts';
import { asBoolean, asObject, asString, postOnly } from './params.ts';
import { caller, tokenGuard } from './token-guard.ts';

/** `/cgi-bin/wxopen/wxamplink*`: an official account's server links mini programs. */
export const oaLinksRoutes =
  (ctx: Context): FastifyPluginAsync =>
  async (app) => {
    const guard = tokenGuard(ctx, 'linking', 'official_account');
    const links = ctx.officialAccounts.links;
    const post = (url: string, handler: (request: FastifyRequest) => Promise<unknown>) =>
      postOnly(app, url, { onRequest: guard }, handler);

    post('/cgi-bin/wxopen/wxamplinkget', async (request) => ({
      errcode: 0,
      errmsg: 'ok',
      ...(await links.list(caller(request).appId)),
    }));

    post('/cgi-bin/wxopen/wxamplink', async (request) => {
      const body = asObject(request.body);
      await links.request(
        caller(request).appId,
        {
          appid: asString(body.appid) ?? '',
          notifyUsers: asBoolean(body.notify_users),
          showProfile: asBoolean(body.show_profile),
        },
        { kind: 'api' },
      );
      return { errcode: 0, errmsg: 'ok' };
    });

    post('/cgi-bin/wxopen/wxampunlink', async (request) => {
      await links.unlink(caller(request).appId, asString(asObject(request.body).appid) ?? '', {
        kind: 'api',
      });
      return { errcode: 0, errmsg: 'ok' };
    });
  };
