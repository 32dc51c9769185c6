import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Context } from '../context.ts';
import { WharfError } from '../errors/wharf-error.ts';
import { asObject } from './params.ts';
import { caller, tokenGuard } from './token-guard.ts';

const ok = { errcode: 0, errmsg: 'ok' };

declare module 'fastify' {
  interface FastifyRequest {
    /** The JSON body spelled a character as `\uXXXX`, which WeChat's menu APIs refuse (40033). */
    unicodeEscapes?: boolean;
  }
}

/** A `\u` escape: the backslash is not itself escaped (an odd run of backslashes before the `u`). */
const UNICODE_ESCAPE = /(?<!\\)(?:\\\\)*\\u[0-9a-fA-F]{4}/;

/** Menu bodies must carry characters as UTF-8: Python's `json.dumps` default (`\u6211`) is 40033. */
function refuseEscapes(request: FastifyRequest): void {
  if (request.unicodeEscapes) throw new WharfError('menu_charset');
}

/**
 * Custom menus of an official account (`/cgi-bin/menu/*`, `get_current_selfmenu_info`): WeChat's
 * fields, errcodes and answers. The service holds every rule; these routes only read the body.
 */
export const oaMenuRoutes =
  (ctx: Context): FastifyPluginAsync =>
  async (app) => {
    const guard = tokenGuard(ctx, 'menus', 'official_account');
    const menus = ctx.oaMenus;

    // As the WeChat face's parser, and it remembers whether the text used `\u` escapes.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'string' }, (request, body, done) => {
      const text = String(body).trim();
      if (text === '') return done(null, {});
      request.unicodeEscapes = UNICODE_ESCAPE.test(text);
      try {
        done(null, JSON.parse(text));
      } catch {
        done(new SyntaxError('invalid JSON'), undefined);
      }
    });

    app.post('/cgi-bin/menu/create', { onRequest: guard }, async (request) => {
      refuseEscapes(request);
      await menus.create(caller(request).appId, request.body);
      return ok;
    });

    // From memory for a steady caller, without a promise (ctx.cached: dropped on every menu write).
    app.get('/cgi-bin/menu/get', { onRequest: guard }, (request) => ctx.cached.menus(caller(request).appId));

    app.get('/cgi-bin/menu/delete', { onRequest: guard }, async (request) => {
      await menus.removeAll(caller(request).appId);
      return ok;
    });

    app.get('/cgi-bin/get_current_selfmenu_info', { onRequest: guard }, async (request) =>
      menus.selfmenuInfo(caller(request).appId),
    );

    app.post('/cgi-bin/menu/addconditional', { onRequest: guard }, async (request) => {
      refuseEscapes(request);
      return { ...ok, ...(await menus.addConditional(caller(request).appId, request.body)) };
    });

    app.post('/cgi-bin/menu/delconditional', { onRequest: guard }, async (request) => {
      await menus.delConditional(caller(request).appId, asObject(request.body).menuid);
      return ok;
    });

    app.post('/cgi-bin/menu/trymatch', { onRequest: guard }, async (request) =>
      menus.tryMatch(caller(request).appId, asObject(request.body).user_id),
    );
  };
