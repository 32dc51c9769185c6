import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Context } from '../../context.ts';
import { CLIENT_SECURITY } from '../../http/schemas.ts';
import { currentEndUser, endUserGuard } from '../end-users/end-user-auth.ts';
import { currentMobileApp, mobileAppGuard } from '../open-platform/mobile-app-guard.ts';
import { ChatEntry, ChatIdParam } from './chats.schemas.ts';
import { envOfMiniprogramType } from './share-card.ts';
import { THUMB_LIMIT, thumbData } from './thumb-data.ts';

const HttpUrl = Type.String({ maxLength: 2048, pattern: '^https?://' });

/** OpenSDK's `WXMiniProgramObject` with its `WXMediaMessage` (title, description, thumbData). */
const AppShare = Type.Object({
  userName: Type.String({ pattern: '^gh_[0-9a-f]{12}$', description: "the mini program's original id" }),
  path: Type.String({ minLength: 1, maxLength: 1024 }),
  webpageUrl: HttpUrl,
  miniprogramType: Type.Optional(
    Type.Union([Type.Literal(0), Type.Literal(1), Type.Literal(2)], {
      description:
        '0 release (正式版), 1 test (开发版: the developer version), 2 preview (体验版: the trial version)',
    }),
  ),
  withShareTicket: Type.Optional(Type.Boolean()),
  title: Type.String({ maxLength: 512 }),
  description: Type.Optional(Type.String({ maxLength: 1024 })),
  // Room above the 128 KB so an oversized thumbnail gets its own clear refusal.
  thumbData: Type.Optional(
    Type.String({ maxLength: 400_000, description: `base64 of a PNG or JPEG, at most ${THUMB_LIMIT} bytes` }),
  ),
});

/** A mobile app's server with its credentials, acting for the end user whose Bearer session it holds. */
const APP_FOR_USER_SECURITY: Array<Record<string, string[]>> = [
  { mobileAppId: [], mobileAppSecret: [], bearer: [] },
];

/** Cards from mobile apps (scene 1036), and what a shareTicket resolves to (`wx.getShareInfo`). */
export const shareRoutes =
  (ctx: Context): FastifyPluginAsyncTypebox =>
  async (app) => {
    const tags = ['client'];
    const client = endUserGuard(ctx.endUsers);

    app.post(
      '/client/chats/:chatId/app-shares',
      {
        bodyLimit: 512 * 1024,
        schema: {
          tags,
          summary:
            'A mobile app shares a mini program page into its user’s chat (WXMiniProgramObject); the card opens with 1036, or webpageUrl where it cannot',
          description:
            'Authenticated as the app (x-wharf-app-id / x-wharf-app-secret) and as the end user (Authorization: Bearer). ' +
            'Refused unless the app and the mini program are bound to one open-platform account.',
          security: APP_FOR_USER_SECURITY,
          params: ChatIdParam,
          body: AppShare,
          response: { 201: ChatEntry },
        },
        // The app first, then its user: neither reads the body before both are known.
        onRequest: [mobileAppGuard(ctx), client],
      },
      async (request, reply) => {
        const caller = currentMobileApp(request);
        const { miniprogramType = 0, thumbData: thumb, ...share } = request.body;
        const posted = await ctx.chats.shareFromApp(
          { appid: caller.appid, name: caller.name },
          currentEndUser(request).id,
          request.params.chatId,
          {
            ...share,
            envVersion: envOfMiniprogramType(miniprogramType),
            ...(thumb ? { thumb: thumbData(thumb) } : {}),
          },
        );
        return reply.status(201).send(posted);
      },
    );

    app.post(
      '/client/miniprograms/:appid/share-info',
      {
        schema: {
          tags,
          summary:
            'wx.getShareInfo: the group of a shareTicket (openGId), sealed with the user’s session key as encryptedData',
          security: CLIENT_SECURITY,
          params: Type.Object({ appid: Type.String({ pattern: '^wx[0-9a-f]{16}$' }) }),
          body: Type.Object({ shareTicket: Type.String({ minLength: 1, maxLength: 128 }) }),
          response: { 200: Type.Object({ encryptedData: Type.String(), iv: Type.String() }) },
        },
        onRequest: client,
      },
      async (request) => {
        const userId = currentEndUser(request).id;
        const { appid } = request.params;
        const { openGId } = await ctx.rateLimits.attempt(
          'shareTicket',
          { subject: userId, ip: request.ip },
          () => ctx.chats.resolveShareTicket(userId, appid, request.body.shareTicket),
        );
        return ctx.mpLogin.seal(appid, userId, { openGId });
      },
    );
  };
