import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Context } from '../../context.ts';
import { currentUser, requireRole, sessionGuard } from '../../http/auth.ts';
import { IdParam, Ok } from '../../http/schemas.ts';

const Appid = Type.String({ pattern: '^wx[0-9a-f]{16}$' });
const Status = Type.Integer({
  description: '1 linked, 2 waiting for the mini program admin, 3 refused, 12 waiting for the account admin',
});

/** Linking in the console: the account's admin asks and unlinks; each admin confirms what waits for them. */
export const linksRoutes =
  (ctx: Context): FastifyPluginAsyncTypebox =>
  async (app) => {
    const guard = sessionGuard(ctx.accounts);
    const links = ctx.officialAccounts.links;
    const tags = ['official-accounts'];

    app.get(
      '/official-accounts/:id/links',
      {
        schema: {
          tags,
          summary: "The account's links, as wxamplinkget lists them",
          params: IdParam,
          response: {
            200: Type.Object({
              wxopens: Type.Object({ items: Type.Array(Type.Object({}, { additionalProperties: true })) }),
            }),
          },
        },
        onRequest: guard,
      },
      async (request) => {
        const account = await ctx.officialAccounts.accounts.administered(
          currentUser(request).id,
          request.params.id,
        );
        return links.list(account.id);
      },
    );

    app.post(
      '/official-accounts/:id/links',
      {
        schema: {
          tags,
          summary: 'Ask to link a mini program; its admin confirms unless it is you',
          params: IdParam,
          body: Type.Object({
            appid: Appid,
            notifyUsers: Type.Optional(Type.Boolean()),
            showProfile: Type.Optional(Type.Boolean()),
          }),
          response: { 201: Type.Object({ status: Status }) },
        },
        onRequest: guard,
      },
      async (request, reply) => {
        const user = currentUser(request);
        const account = await ctx.officialAccounts.accounts.administered(user.id, request.params.id);
        const { appid, notifyUsers = false, showProfile = false } = request.body;
        return reply
          .status(201)
          .send(
            await links.request(
              account.id,
              { appid, notifyUsers, showProfile },
              { kind: 'user', userId: user.id },
            ),
          );
      },
    );

    app.delete(
      '/official-accounts/:id/links/:appid',
      {
        schema: {
          tags,
          summary: 'Unlink at once (the account admin needs no confirmation)',
          params: Type.Object({ id: IdParam.properties.id, appid: Appid }),
          response: { 200: Ok },
        },
        onRequest: guard,
      },
      async (request) => {
        const user = currentUser(request);
        const account = await ctx.officialAccounts.accounts.administered(user.id, request.params.id);
        await links.unlink(account.id, request.params.appid, { kind: 'user', userId: user.id });
        return { ok: true as const };
      },
    );

    app.get(
      '/official-accounts/:id/links/:appid/pages',
      {
        schema: {
          tags,
          summary:
            "The released pages of a linked mini program, for the account's admin (authorised by the link, not by membership)",
          params: Type.Object({ id: IdParam.properties.id, appid: Appid }),
          response: {
            200: Type.Object({
              pages: Type.Array(Type.String()),
              entryPagePath: Type.Union([Type.String(), Type.Null()]),
            }),
          },
        },
        onRequest: guard,
      },
      async (request) => {
        const account = await ctx.officialAccounts.accounts.administered(
          currentUser(request).id,
          request.params.id,
        );
        return links.releasedPagesOfLinked(account.id, request.params.appid);
      },
    );

    app.post(
      '/admin/miniprograms/:appid/ban',
      {
        schema: {
          tags: ['admin'],
          summary: 'Ban a mini program: linking and unlinking it are refused (89013)',
          params: Type.Object({ appid: Appid }),
          body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }),
          response: { 200: Ok },
        },
        onRequest: [guard, requireRole('admin')],
      },
      async (request) => {
        await links.ban(currentUser(request).id, request.params.appid, request.body.reason);
        return { ok: true as const };
      },
    );

    app.delete(
      '/admin/miniprograms/:appid/ban',
      {
        schema: {
          tags: ['admin'],
          summary: 'Lift a ban',
          params: Type.Object({ appid: Appid }),
          response: { 200: Ok },
        },
        onRequest: [guard, requireRole('admin')],
      },
      async (request) => {
        await links.unban(request.params.appid);
        return { ok: true as const };
      },
    );

    app.get(
      '/link-requests',
      {
        schema: {
          tags,
          summary: 'Link requests (and unlink requests) waiting for your decision, as either admin',
          response: {
            200: Type.Array(
              Type.Object({
                accountAppid: Type.String(),
                accountName: Type.String(),
                appid: Type.String(),
                appName: Type.String(),
                status: Status,
                unlinkRequested: Type.Boolean(),
                as: Type.Union([Type.Literal('official_account'), Type.Literal('miniprogram')]),
                notifyUsers: Type.Boolean(),
                requestedAt: Type.Number(),
              }),
            ),
          },
        },
        onRequest: guard,
      },
      async (request) => links.awaiting(currentUser(request).id),
    );

    const decision = Type.Object({ accountAppid: Appid, appid: Appid });
    app.post(
      '/link-requests/accept',
      {
        schema: {
          tags,
          summary:
            'Confirm what waits for you: as the account admin (12, or an unlink) or the mini program admin (2)',
          body: decision,
          response: { 200: Type.Object({ status: Status }) },
        },
        onRequest: guard,
      },
      async (request) => links.accept(currentUser(request).id, request.body.accountAppid, request.body.appid),
    );

    app.post(
      '/link-requests/refuse',
      {
        schema: {
          tags,
          summary: 'Refuse what waits for you (the link is kept with status 3)',
          body: decision,
          response: { 200: Type.Object({ status: Status }) },
        },
        onRequest: guard,
      },
      async (request) => links.refuse(currentUser(request).id, request.body.accountAppid, request.body.appid),
    );
  };
