import type { FastifyPluginAsync } from 'fastify';
import type { Context } from '../context.ts';
import { WharfError } from '../errors/wharf-error.ts';
import { asBoolean, asString } from './params.ts';

export const tokenRoutes =
  (ctx: Context): FastifyPluginAsync =>
  async (app) => {
    // Wrong AppSecrets count per appid and per IP; past the limit even the right one is refused.
    app.get('/cgi-bin/token', async (request) => {
      const query = request.query as Record<string, unknown>;
      const appid = asString(query.appid);
      return ctx.rateLimits.attempt('appSecret', { subject: appid, ip: request.ip }, () =>
        ctx.tokens.issue({
          grantType: asString(query.grant_type),
          appid,
          secret: asString(query.secret),
          ip: request.ip,
        }),
      );
    });

    app.post('/cgi-bin/stable_token', async (request) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const appid = asString(body.appid);
      return ctx.rateLimits.attempt('appSecret', { subject: appid, ip: request.ip }, () =>
        ctx.tokens.stable({
          grantType: asString(body.grant_type),
          appid,
          secret: asString(body.secret),
          forceRefresh: asBoolean(body.force_refresh),
          ip: request.ip,
        }),
      );
    });

    // WeChat accepts stable_token only as a POST with a JSON body.
    app.get('/cgi-bin/stable_token', async () => {
      throw new WharfError('wx_require_post');
    });
  };
