import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Context } from '../context.ts';
import { WharfError } from '../errors/wharf-error.ts';
import { asBoolean, asString } from './params.ts';
import { caller, tokenGuard } from './token-guard.ts';

const fields = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' ? (value as Record<string, unknown>) : {};

/** `/cgi-bin/wxopen/wxamplink*`: an official account's server links mini programs. */
export const oaLinksRoutes =
  (ctx: Context): FastifyPluginAsync =>
  async (app) => {
    const guard = tokenGuard(ctx, 'linking', 'official_account');
    const links = ctx.officialAccounts.links;
    const post = (url: string, handler: (request: FastifyRequest) => Promise<unknown>) => {
      app.post(url, { onRequest: guard }, handler);
      app.get(url, async () => {
        throw new WharfError('wx_require_post');
      });
    };

    post('/cgi-bin/wxopen/wxamplinkget', async (request) => ({
      errcode: 0,
      errmsg: 'ok',
      ...(await links.list(caller(request).appId)),
    }));

    post('/cgi-bin/wxopen/wxamplink', async (request) => {
      const body = fields(request.body);
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
      await links.unlink(caller(request).appId, asString(fields(request.body).appid) ?? '', { kind: 'api' });
      return { errcode: 0, errmsg: 'ok' };
    });
  };
