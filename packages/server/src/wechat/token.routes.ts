import type { FastifyPluginAsync } from 'fastify';
import type { Context } from '../context.ts';
import { WharfError } from '../errors/wharf-error.ts';
import { asBoolean, asString } from './params.ts';

export const tokenRoutes =
  (ctx: Context): FastifyPluginAsync =>
  async (app) => {
    app.get('/cgi-bin/token', async (request) => {
      const query = request.query as Record<string, unknown>;
      return ctx.tokens.issue({
        grantType: asString(query.grant_type),
        appid: asString(query.appid),
        secret: asString(query.secret),
        ip: request.ip,
      });
    });

    app.post('/cgi-bin/stable_token', async (request) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      return ctx.tokens.stable({
        grantType: asString(body.grant_type),
        appid: asString(body.appid),
        secret: asString(body.secret),
        forceRefresh: asBoolean(body.force_refresh),
        ip: request.ip,
      });
    });

    // WeChat accepts stable_token only as a POST with a JSON body.
    app.get('/cgi-bin/stable_token', async () => {
      throw new WharfError('wx_require_post');
    });
  };
