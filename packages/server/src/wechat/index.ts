import type { FastifyPluginAsync } from 'fastify';
import type { Context } from '../context.ts';
import { installWechatErrors } from './errors.ts';
import { gatedRoutes } from './gated.routes.ts';
import { mpMessagesRoutes } from './mp-messages.routes.ts';
import { oaLinksRoutes } from './oa-links.routes.ts';
import { oaMenuRoutes } from './oa-menu.routes.ts';
import { oaMessagesRoutes } from './oa-messages.routes.ts';
import { oaTemplateRoutes } from './oa-template.routes.ts';
import { oaUsersRoutes } from './oa-users.routes.ts';
import { openRoutes } from './open.routes.ts';
import { qrcodeRoutes } from './qrcode.routes.ts';
import { snsRoutes } from './sns.routes.ts';
import { tokenRoutes } from './token.routes.ts';
import { visitStatusWechatRoutes } from './visit-status.routes.ts';
import { wxaCodeRoutes } from './wxa-code.routes.ts';

/** The WeChat-compatible face: WeChat's paths at the root, answers as `{errcode, errmsg}`. */
export const wechatApi =
  (ctx: Context): FastifyPluginAsync =>
  async (app) => {
    installWechatErrors(app);
    // SDKs post JSON with assorted content types (or none) and sometimes an empty body.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
      const text = String(body).trim();
      if (text === '') return done(null, {});
      try {
        done(null, JSON.parse(text));
      } catch {
        done(new SyntaxError('invalid JSON'), undefined);
      }
    });
    await app.register(tokenRoutes(ctx));
    await app.register(gatedRoutes(ctx));
    await app.register(wxaCodeRoutes(ctx));
    await app.register(qrcodeRoutes(ctx));
    await app.register(oaUsersRoutes(ctx));
    await app.register(oaLinksRoutes(ctx));
    await app.register(oaMenuRoutes(ctx));
    await app.register(oaMessagesRoutes(ctx));
    await app.register(oaTemplateRoutes(ctx));
    await app.register(openRoutes(ctx));
    await app.register(snsRoutes(ctx));
    await app.register(mpMessagesRoutes(ctx));
    await app.register(visitStatusWechatRoutes(ctx));
  };
