import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Context } from '../../context.ts';
import { requireRole, sessionGuard } from '../../http/auth.ts';
import { Ok } from '../../http/schemas.ts';

export const settingsRoutes =
  (ctx: Context): FastifyPluginAsyncTypebox =>
  async (app) => {
    const admin = [sessionGuard(ctx.accounts), requireRole('admin')];

    app.get(
      '/admin/settings',
      {
        schema: {
          tags: ['admin'],
          summary: 'Operator settings (quotas, limits)',
          response: { 200: Type.Record(Type.String(), Type.Unknown()) },
        },
        onRequest: admin,
      },
      async () => ctx.settings.list(),
    );

    app.get(
      '/admin/settings/entries',
      {
        schema: {
          tags: ['admin'],
          summary: 'Every operator setting with its current value and its default',
          response: {
            200: Type.Array(
              Type.Object({
                key: Type.String(),
                value: Type.Union([Type.Number(), Type.String(), Type.Boolean()]),
                default: Type.Union([Type.Number(), Type.String(), Type.Boolean(), Type.Null()]),
              }),
            ),
          },
        },
        onRequest: admin,
      },
      async () => ctx.settings.entries(),
    );

    app.put(
      '/admin/settings/:key',
      {
        schema: {
          tags: ['admin'],
          params: Type.Object({ key: Type.String({ minLength: 1, maxLength: 100 }) }),
          body: Type.Object({ value: Type.Union([Type.Number(), Type.String(), Type.Boolean()]) }),
          response: { 200: Ok },
        },
        onRequest: admin,
      },
      async (request) => {
        await ctx.settings.set(request.params.key, request.body.value);
        return { ok: true as const };
      },
    );
  };
