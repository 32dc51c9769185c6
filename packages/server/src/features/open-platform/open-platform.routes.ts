import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Context } from '../../context.ts';
import { currentUser, sessionGuard } from '../../http/auth.ts';
import { currentMobileApp, mobileAppGuard } from './mobile-app-guard.ts';

const Appid = Type.String({ pattern: '^wx[0-9a-f]{16}$' });
const OpenAppidParam = Type.Object({ openAppid: Appid });
const Platform = Type.Union([Type.Literal('ios'), Type.Literal('android')]);

const OpenAccount = Type.Object({
  openAppid: Type.String(),
  subjectId: Type.String(),
  verified: Type.Boolean(),
  creatorAppid: Type.Union([Type.String(), Type.Null()]),
  bound: Type.Array(
    Type.Object({
      appid: Type.String(),
      kind: Type.Union([
        Type.Literal('miniprogram'),
        Type.Literal('official_account'),
        Type.Literal('mobile_app'),
      ]),
      name: Type.Union([Type.String(), Type.Null()]),
      boundAt: Type.Number(),
    }),
  ),
  createdAt: Type.Number(),
});

export const MobileApp = Type.Object({
  appid: Type.String(),
  name: Type.String(),
  platform: Platform,
  bundleId: Type.String(),
  signature: Type.Union([Type.String(), Type.Null()]),
  openAppid: Type.String(),
  createdAt: Type.Number(),
});

/** MOBILE_APP_SECURITY: a mobile app's server, by its AppID and AppSecret headers. */
export const MOBILE_APP_SECURITY: Array<Record<string, string[]>> = [
  { mobileAppId: [], mobileAppSecret: [] },
];

/** Open-platform accounts, what is bound to them, and mobile apps, for the console. */
export const openPlatformRoutes =
  (ctx: Context): FastifyPluginAsyncTypebox =>
  async (app) => {
    const guard = sessionGuard(ctx.accounts);
    const service = ctx.openPlatform.accounts;
    const mobileApps = ctx.openPlatform.mobileApps;
    const tags = ['open-platform'];

    app.post(
      '/open-accounts',
      {
        schema: {
          tags,
          summary: 'Create an open-platform account for a verified subject',
          body: Type.Object({ subjectId: Type.String({ minLength: 1, maxLength: 64 }) }),
          response: { 201: OpenAccount },
        },
        onRequest: guard,
      },
      async (request, reply) =>
        reply.status(201).send(await service.create(currentUser(request).id, request.body.subjectId)),
    );

    app.get(
      '/open-accounts',
      { schema: { tags, response: { 200: Type.Array(OpenAccount) } }, onRequest: guard },
      async (request) => service.listMine(currentUser(request).id),
    );

    app.get(
      '/open-accounts/:openAppid',
      { schema: { tags, params: OpenAppidParam, response: { 200: OpenAccount } }, onRequest: guard },
      async (request) => service.get(currentUser(request).id, request.params.openAppid),
    );

    app.post(
      '/open-accounts/:openAppid/verification',
      {
        schema: {
          tags,
          summary:
            'Verify an account made by /cgi-bin/open/create (its subject verified now): lifts the 5 mini program cap of unverified accounts',
          params: OpenAppidParam,
          response: { 200: OpenAccount },
        },
        onRequest: guard,
      },
      async (request) => service.verify(currentUser(request).id, request.params.openAppid),
    );

    app.post(
      '/open-accounts/:openAppid/bindings',
      {
        schema: {
          tags,
          summary: 'Bind a mini program, official account or mobile app of the same subject',
          params: OpenAppidParam,
          body: Type.Object({ appid: Appid }),
          response: { 200: OpenAccount },
        },
        onRequest: guard,
      },
      async (request) => service.bind(currentUser(request).id, request.params.openAppid, request.body.appid),
    );

    app.delete(
      '/open-accounts/:openAppid/bindings/:appid',
      {
        schema: {
          tags,
          params: Type.Object({ openAppid: Appid, appid: Appid }),
          response: { 200: OpenAccount },
        },
        onRequest: guard,
      },
      async (request) =>
        service.unbind(currentUser(request).id, request.params.openAppid, request.params.appid),
    );

    app.post(
      '/open-accounts/:openAppid/mobile-apps',
      {
        schema: {
          tags,
          summary: 'Register a mobile app on the account (bound at once); the AppSecret is answered once',
          params: OpenAppidParam,
          body: Type.Object({
            name: Type.String({ minLength: 1, maxLength: 32 }),
            platform: Platform,
            bundleId: Type.String({ minLength: 3, maxLength: 128 }),
            signature: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          }),
          response: { 201: Type.Object({ app: MobileApp, secret: Type.String() }) },
        },
        onRequest: guard,
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await mobileApps.register(currentUser(request).id, request.params.openAppid, request.body)),
    );

    app.get(
      '/open-accounts/:openAppid/mobile-apps',
      {
        schema: { tags, params: OpenAppidParam, response: { 200: Type.Array(MobileApp) } },
        onRequest: guard,
      },
      async (request) => mobileApps.listOf(currentUser(request).id, request.params.openAppid),
    );

    app.post(
      '/mobile-apps/:appid/secret',
      {
        schema: {
          tags,
          summary: "Reset a mobile app's AppSecret (answered once); the old one stops working",
          params: Type.Object({ appid: Appid }),
          response: { 200: Type.Object({ secret: Type.String() }) },
        },
        onRequest: guard,
      },
      async (request) => ({
        secret: await mobileApps.resetSecret(currentUser(request).id, request.params.appid),
      }),
    );

    app.get(
      '/mobile-app',
      {
        schema: {
          tags,
          summary: 'The mobile app a server authenticates as (x-wharf-app-id / x-wharf-app-secret)',
          security: MOBILE_APP_SECURITY,
          response: { 200: MobileApp },
        },
        onRequest: mobileAppGuard(ctx),
      },
      async (request) => {
        const caller = currentMobileApp(request);
        return mobileApps.get(caller.ownerUserId, caller.appid);
      },
    );
  };
