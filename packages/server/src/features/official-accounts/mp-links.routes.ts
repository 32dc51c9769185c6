import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Context } from '../../context.ts';
import { currentUser, sessionGuard } from '../../http/auth.ts';

/** The official accounts linked to a mini program, as its members see them in the console. */
export const mpLinksRoutes =
  (ctx: Context): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/official-account-links/:appid',
      {
        schema: {
          tags: ['official-accounts'],
          summary:
            "The official accounts linked to a mini program (or asking to be), from the mini program's side: 1 linked, 2 waiting for its admin, 3 refused, 12 waiting for the account's admin",
          params: Type.Object({ appid: Type.String({ pattern: '^wx[0-9a-f]{16}$' }) }),
          response: {
            200: Type.Array(
              Type.Object({
                accountAppid: Type.String(),
                accountName: Type.String(),
                status: Type.Integer(),
              }),
            ),
          },
        },
        onRequest: sessionGuard(ctx.accounts),
      },
      async (request) => {
        const found = await ctx.code.access.reach(currentUser(request).id, request.params.appid, 'member');
        return ctx.officialAccounts.links.ofMiniProgram(found.id);
      },
    );
  };
