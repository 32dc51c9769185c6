import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Context } from '../../context.ts';
import { WharfError } from '../../errors/wharf-error.ts';
import { currentUser, sessionGuard } from '../../http/auth.ts';
import { CLIENT_SECURITY, IdParam, Ok } from '../../http/schemas.ts';
import { currentEndUser, endUserGuard } from '../end-users/end-user-auth.ts';
import { isValidAllowlistEntry } from '../tokens/ip-allowlist.ts';

const AccountType = Type.Union([Type.Literal('subscription'), Type.Literal('service')]);

export const OfficialAccount = Type.Object({
  id: Type.String(),
  appid: Type.String(),
  originalId: Type.String(),
  name: Type.String(),
  type: AccountType,
  intro: Type.String(),
  subjectType: Type.String(),
  ipAllowlist: Type.Array(Type.String()),
  createdAt: Type.Number(),
});

const PublicAccount = Type.Object({
  appid: Type.String(),
  name: Type.String(),
  type: AccountType,
  intro: Type.String(),
  subjectType: Type.String(),
});

const AppidParam = Type.Object({ appid: Type.String({ pattern: '^wx[0-9a-f]{16}$' }) });

/** Developers create and run official accounts; end users find, follow and unfollow them. */
export const officialAccountsRoutes =
  (ctx: Context): FastifyPluginAsyncTypebox =>
  async (app) => {
    const guard = sessionGuard(ctx.accounts);
    const client = endUserGuard(ctx.endUsers);
    const service = ctx.officialAccounts.accounts;
    const tags = ['official-accounts'];

    app.post(
      '/official-accounts',
      {
        schema: {
          tags,
          summary: 'Create an official account for a verified subject; the AppSecret is answered once',
          body: Type.Object({
            subjectId: Type.String({ minLength: 1, maxLength: 64 }),
            name: Type.String({ minLength: 2, maxLength: 30 }),
            type: AccountType,
            intro: Type.Optional(Type.String({ maxLength: 120 })),
          }),
          response: { 201: Type.Object({ account: OfficialAccount, secret: Type.String() }) },
        },
        onRequest: guard,
      },
      async (request, reply) =>
        reply.status(201).send(await service.create(currentUser(request).id, request.body)),
    );

    app.get(
      '/official-accounts',
      { schema: { tags, response: { 200: Type.Array(OfficialAccount) } }, onRequest: guard },
      async (request) => service.listMine(currentUser(request).id),
    );

    app.get(
      '/official-accounts/:id',
      { schema: { tags, params: IdParam, response: { 200: OfficialAccount } }, onRequest: guard },
      async (request) => service.get(currentUser(request).id, request.params.id),
    );

    app.patch(
      '/official-accounts/:id',
      {
        schema: {
          tags,
          params: IdParam,
          body: Type.Object({
            intro: Type.Optional(Type.String({ maxLength: 120 })),
            ipAllowlist: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 200 })),
          }),
          response: { 200: OfficialAccount },
        },
        onRequest: guard,
      },
      async (request) => {
        const bad = request.body.ipAllowlist?.find((entry) => !isValidAllowlistEntry(entry));
        if (bad !== undefined)
          throw new WharfError('validation_failed', { field: 'ipAllowlist', reason: bad });
        return service.update(currentUser(request).id, request.params.id, request.body);
      },
    );

    app.post(
      '/official-accounts/:id/secret',
      {
        schema: {
          tags,
          summary: 'Reset the AppSecret (answered once); the old one and its tokens stop working',
          params: IdParam,
          response: { 200: Type.Object({ secret: Type.String() }) },
        },
        onRequest: guard,
      },
      async (request) => ({ secret: await service.resetSecret(currentUser(request).id, request.params.id) }),
    );

    const clientTags = ['client'];
    app.get(
      '/client/official-accounts',
      {
        schema: {
          tags: clientTags,
          summary: 'Search official accounts by name',
          security: CLIENT_SECURITY,
          querystring: Type.Object({ q: Type.String({ minLength: 1, maxLength: 30 }) }),
          response: { 200: Type.Array(PublicAccount) },
        },
        onRequest: client,
      },
      async (request) => service.search(request.query.q),
    );

    app.get(
      '/client/following',
      {
        schema: {
          tags: clientTags,
          summary: 'The official accounts the signed-in end user follows',
          security: CLIENT_SECURITY,
          response: {
            200: Type.Array(
              Type.Object({
                appid: Type.String(),
                name: Type.String(),
                type: AccountType,
                intro: Type.String(),
                openid: Type.String(),
                subscribedAt: Type.Number(),
              }),
            ),
          },
        },
        onRequest: client,
      },
      async (request) =>
        (await service.following(currentEndUser(request).id)).map((row) => ({
          appid: row.appid,
          name: row.name,
          type: row.type,
          intro: row.intro,
          openid: row.openid,
          subscribedAt: row.subscribed_at,
        })),
    );

    app.post(
      '/client/official-accounts/:appid/follow',
      {
        schema: {
          tags: clientTags,
          summary: 'Follow an official account (its server hears `subscribe`)',
          security: CLIENT_SECURITY,
          params: AppidParam,
          response: { 200: Type.Object({ openid: Type.String() }) },
        },
        onRequest: client,
      },
      async (request) => service.follow(currentEndUser(request).id, request.params.appid),
    );

    // <official-account> in a mini program: the account it shows, and following it from there.
    const GuideAccount = Type.Object({
      appid: Type.String(),
      name: Type.String(),
      following: Type.Boolean(),
    });
    app.get(
      '/client/miniprograms/:appid/official-account',
      {
        schema: {
          tags: clientTags,
          summary:
            "The official account a mini program's <official-account> shows: the first linked one of its subject (404 oa_guide_unlinked without one)",
          security: CLIENT_SECURITY,
          params: AppidParam,
          response: { 200: GuideAccount },
        },
        onRequest: client,
      },
      async (request) => {
        const { accountAppid, accountName } = await ctx.officialAccounts.links.guideAccountOf(
          request.params.appid,
        );
        const following = await service.isFollowing(currentEndUser(request).id, accountAppid);
        return { appid: accountAppid, name: accountName, following };
      },
    );
    app.post(
      '/client/miniprograms/:appid/official-account/follow',
      {
        schema: {
          tags: clientTags,
          summary:
            "Follow the account a mini program's <official-account> shows (its server hears `subscribe`, scene ADD_SCENE_WXA)",
          security: CLIENT_SECURITY,
          params: AppidParam,
          response: { 200: Type.Object({ appid: Type.String(), openid: Type.String() }) },
        },
        onRequest: client,
      },
      async (request) => {
        const { accountAppid } = await ctx.officialAccounts.links.guideAccountOf(request.params.appid);
        const { openid } = await service.follow(currentEndUser(request).id, accountAppid, 'ADD_SCENE_WXA');
        return { appid: accountAppid, openid };
      },
    );

    app.delete(
      '/client/official-accounts/:appid/follow',
      {
        schema: {
          tags: clientTags,
          summary: 'Unfollow an official account (its server hears `unsubscribe`)',
          security: CLIENT_SECURITY,
          params: AppidParam,
          response: { 200: Ok },
        },
        onRequest: client,
      },
      async (request) => {
        await service.unfollow(currentEndUser(request).id, request.params.appid);
        return { ok: true as const };
      },
    );
  };
