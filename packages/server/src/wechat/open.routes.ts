import type { FastifyPluginAsync } from 'fastify';
import type { Context } from '../context.ts';
import { WharfError } from '../errors/wharf-error.ts';
import { asObject, asString, postOnly } from './params.ts';
import { caller, tokenGuard } from './token-guard.ts';

const ok = { errcode: 0, errmsg: 'ok' };

/**
 * `/cgi-bin/open/*`: a mini program or official account creates an open-platform account, binds
 * to one, unbinds, or asks which it is bound to. `appid` may be omitted (the token's own app).
 */
export const openRoutes =
  (ctx: Context): FastifyPluginAsync =>
  async (app) => {
    const guard = tokenGuard(ctx, 'openPlatform', ['miniprogram', 'official_account']);
    const service = ctx.openPlatform.accounts;
    const openAppid = (body: Record<string, unknown>) => {
      const value = asString(body.open_appid);
      if (!value) throw new WharfError('open_invalid_open_appid');
      return value;
    };

    postOnly(app, '/cgi-bin/open/create', { onRequest: guard }, async (request) => {
      const body = asObject(request.body);
      return { ...ok, ...(await service.createByApi(caller(request).appid, asString(body.appid))) };
    });

    postOnly(app, '/cgi-bin/open/bind', { onRequest: guard }, async (request) => {
      const body = asObject(request.body);
      await service.bindByApi(caller(request).appid, asString(body.appid), openAppid(body));
      return ok;
    });

    postOnly(app, '/cgi-bin/open/unbind', { onRequest: guard }, async (request) => {
      const body = asObject(request.body);
      await service.unbindByApi(caller(request).appid, asString(body.appid), openAppid(body));
      return ok;
    });

    postOnly(app, '/cgi-bin/open/get', { onRequest: guard }, async (request) => {
      const body = asObject(request.body);
      return { ...ok, ...(await service.getByApi(caller(request).appid, asString(body.appid))) };
    });

    // getBindOpenAccount: a GET with no body; false rather than 89002 when nothing is bound.
    app.get('/cgi-bin/open/have', { onRequest: guard }, async (request) => ({
      ...ok,
      have_open: (await ctx.openPlatform.accounts.openAppidOf(caller(request).appid)) !== undefined,
    }));
  };
