import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Context } from '../../context.ts';
import { SESSION_SECURITY } from '../../http/schemas.ts';
import { clientUser, optionalViewer } from './code.routes.ts';

const AppidParam = Type.Object({ appid: Type.String({ pattern: '^wx[0-9a-f]{16}$' }) });

/** The cheap question a kept-alive mini program asks when it returns to the front. */
export const launchStatusRoutes =
  (ctx: Context): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/launch/:appid/status',
      {
        schema: {
          tags: ['code'],
          summary:
            'Whether a launch of the mini program would still be answered (a client asks it when a mini program kept in the background returns): 200, or the refusal the launch meets now (403 mini_program_closed / mini_program_banned / trial_not_tester, 404 not_found when withdrawn or deleted)',
          security: [{}, ...SESSION_SECURITY],
          params: AppidParam,
          querystring: Type.Object({
            version: Type.Optional(
              Type.Union([Type.Literal('release'), Type.Literal('trial'), Type.Literal('develop')]),
            ),
          }),
          response: { 200: Type.Object({ state: Type.Literal('open') }) },
        },
      },
      async (request, reply) => {
        const target = request.query.version ?? 'release';
        const viewer = target === 'release' ? undefined : await optionalViewer(ctx, request);
        const endUser = target === 'trial' && !viewer ? await clientUser(ctx, request) : undefined;
        await ctx.code.status.assertStillOpen(request.params.appid, target, viewer, endUser);
        reply.header('cache-control', 'private, no-store');
        return { state: 'open' as const };
      },
    );
  };
