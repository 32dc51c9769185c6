import type { FastifyPluginAsync } from 'fastify';
import type { Context } from '../context.ts';
import { WharfError } from '../errors/wharf-error.ts';
import { asString, postOnly } from './params.ts';
import { caller, tokenGuard } from './token-guard.ts';

const ok = { errcode: 0, errmsg: 'ok' };

/**
 * WeChat's service status (服务状态) with the app's own token: `change_visitstatus` (action
 * `close` / `open`) and `getvisitstatus` (0 out of service, 1 in service; an empty body is 44002
 * as WeChat answers it).
 */
export const visitStatusWechatRoutes =
  (ctx: Context): FastifyPluginAsync =>
  async (app) => {
    const guard = tokenGuard(ctx, 'code');
    const body = (request: { body: unknown }) => (request.body ?? {}) as Record<string, unknown>;
    const appOf = async (appid: string) => ctx.code.access.app(appid);

    postOnly(app, '/wxa/change_visitstatus', { onRequest: guard }, async (request) => {
      const found = await appOf(caller(request).appid);
      await ctx.visitStatus.change(found.id, asString(body(request).action), 'api');
      return ok;
    });

    postOnly(app, '/wxa/getvisitstatus', { onRequest: guard }, async (request) => {
      if (request.body === undefined || request.body === null) throw new WharfError('wx_empty_post_data');
      const found = await appOf(caller(request).appid);
      return { ...ok, status: (await ctx.visitStatus.status(found.id)).status };
    });
  };
