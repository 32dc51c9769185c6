import type { FastifyPluginAsync } from 'fastify';
import type { Context } from '../context.ts';
import { asObject, asString } from './params.ts';
import { caller, tokenGuard } from './token-guard.ts';

/** Mini program login: `/sns/jscode2session` (AppSecret, no token) and `/wxa/checksession`. */
export const snsRoutes =
  (ctx: Context): FastifyPluginAsync =>
  async (app) => {
    // Wrong AppSecrets count with /cgi-bin/token's; past the limit even the right one is refused.
    app.get('/sns/jscode2session', async (request) => {
      const query = asObject(request.query);
      const appid = asString(query.appid);
      return ctx.rateLimits.attempt('appSecret', { subject: appid, ip: request.ip }, () =>
        ctx.mpLogin.codeToSession({
          appid,
          secret: asString(query.secret),
          code: asString(query.js_code),
          grantType: asString(query.grant_type),
          ip: request.ip,
        }),
      );
    });

    app.get('/wxa/checksession', { onRequest: tokenGuard(ctx, 'login') }, async (request) => {
      const query = asObject(request.query);
      await ctx.mpLogin.checkSession(caller(request).appid, {
        openid: asString(query.openid),
        signature: asString(query.signature),
        sigMethod: asString(query.sig_method),
      });
      return { errcode: 0, errmsg: 'ok' };
    });
  };
