import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Context } from '../../context.ts';
import { currentUser, requireRole, sessionGuard } from '../../http/auth.ts';
import { CLIENT_SECURITY, Ok } from '../../http/schemas.ts';
import { currentEndUser, endUserGuard } from '../end-users/end-user-auth.ts';

const AppidParam = Type.Object({ appid: Type.String({ pattern: '^wx[0-9a-f]{16}$' }) });

const UserInfo = Type.Object({
  nickName: Type.String(),
  gender: Type.Number(),
  language: Type.String(),
  city: Type.String(),
  province: Type.String(),
  country: Type.String(),
  avatarUrl: Type.String(),
});

/**
 * What the client's (and the preview's) runtime asks for the signed-in end user: `wx.login`
 * codes, `wx.checkSession`, and `wx.getUserInfo`'s open data sealed with the session key.
 */
export const mpLoginRoutes =
  (ctx: Context): FastifyPluginAsyncTypebox =>
  async (app) => {
    const client = endUserGuard(ctx.endUsers);
    const tags = ['client'];

    app.post(
      '/client/miniprograms/:appid/login',
      {
        schema: {
          tags,
          summary: "wx.login: a one-time code for the mini program's server to trade at /sns/jscode2session",
          security: CLIENT_SECURITY,
          params: AppidParam,
          response: { 200: Type.Object({ code: Type.String() }) },
        },
        onRequest: client,
      },
      async (request) => ctx.mpLogin.issueCode(request.params.appid, currentEndUser(request).id, request.ip),
    );

    app.get(
      '/client/miniprograms/:appid/session',
      {
        schema: {
          tags,
          summary: "wx.checkSession: whether the user's session key with the mini program is current",
          security: CLIENT_SECURITY,
          params: AppidParam,
          response: { 200: Type.Object({ valid: Type.Boolean() }) },
        },
        onRequest: client,
      },
      async (request) => ({
        valid: await ctx.mpLogin.sessionValid(request.params.appid, currentEndUser(request).id),
      }),
    );

    app.post(
      '/client/miniprograms/:appid/user-info',
      {
        schema: {
          tags,
          summary:
            'wx.getUserProfile after the user agreed (their nickname and avatar), or with anonymous wx.getUserInfo (微信用户, as WeChat answers since April 2021; openId and unionId still sealed): userInfo, rawData, signature, encryptedData, iv',
          security: CLIENT_SECURITY,
          params: AppidParam,
          body: Type.Object(
            {
              lang: Type.Optional(
                Type.Union([Type.Literal('en'), Type.Literal('zh_CN'), Type.Literal('zh_TW')]),
              ),
              anonymous: Type.Optional(
                Type.Boolean({ description: 'wx.getUserInfo: the anonymous profile, no consent asked' }),
              ),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              userInfo: UserInfo,
              rawData: Type.String(),
              signature: Type.String(),
              encryptedData: Type.String(),
              iv: Type.String(),
            }),
          },
        },
        onRequest: client,
      },
      async (request) =>
        ctx.mpLogin.userInfo(request.params.appid, currentEndUser(request).id, request.body.lang, {
          anonymous: request.body.anonymous === true,
        }),
    );

    const admin = [sessionGuard(ctx.accounts), requireRole('admin')];
    const UserParam = Type.Object({ userId: Type.String({ minLength: 1, maxLength: 64 }) });

    app.put(
      '/admin/end-users/:userId/login-block',
      {
        schema: {
          tags: ['admin'],
          summary: "Refuse an end user's mini program logins (jscode2session answers 40226)",
          params: UserParam,
          body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 200 }) }),
          response: { 200: Ok },
        },
        onRequest: admin,
      },
      async (request) => {
        await ctx.mpLogin.block(request.params.userId, request.body.reason, currentUser(request).id);
        return { ok: true as const };
      },
    );

    app.delete(
      '/admin/end-users/:userId/login-block',
      { schema: { tags: ['admin'], params: UserParam, response: { 200: Ok } }, onRequest: admin },
      async (request) => {
        await ctx.mpLogin.unblock(request.params.userId);
        return { ok: true as const };
      },
    );
  };
