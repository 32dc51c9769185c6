import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Context } from '../../context.ts';
import { currentUser, sessionGuard } from '../../http/auth.ts';

const AppidParam = Type.Object({ appid: Type.String({ pattern: '^wx[0-9a-f]{16}$' }) });
const Status = Type.Object({
  status: Type.Union([Type.Literal(0), Type.Literal(1)], {
    description: "WeChat's getvisitstatus: 0 out of service (closed or banned), 1 in service",
  }),
  state: Type.Union([Type.Literal('open'), Type.Literal('closed'), Type.Literal('banned')]),
});

/** The console's 暂停服务设置: the same service as `/wxa/change_visitstatus` and `getvisitstatus`. */
export const visitStatusRoutes =
  (ctx: Context): FastifyPluginAsyncTypebox =>
  async (app) => {
    const guard = sessionGuard(ctx.accounts);
    const tags = ['code'];
    const { access } = ctx.code;

    app.get(
      '/code/:appid/visit-status',
      {
        schema: {
          tags,
          summary: "Whether the mini program is in service (its admin's closure, or an operator's ban)",
          params: AppidParam,
          response: { 200: Status },
        },
        onRequest: guard,
      },
      async (request) => {
        const app = await access.reach(currentUser(request).id, request.params.appid, 'member');
        return ctx.visitStatus.status(app.id);
      },
    );

    app.post(
      '/code/:appid/visit-status',
      {
        schema: {
          tags,
          summary:
            "Take the mini program out of service (close: every launch shows users that it suspended its service) or back (open); the owner only. An operator's ban stays until lifted",
          params: AppidParam,
          body: Type.Object({ action: Type.Union([Type.Literal('close'), Type.Literal('open')]) }),
          response: { 200: Status },
        },
        onRequest: guard,
      },
      async (request) => {
        const user = currentUser(request);
        const app = await access.reach(user.id, request.params.appid, 'owner');
        await ctx.visitStatus.change(app.id, request.body.action, `user:${user.id}`);
        return ctx.visitStatus.status(app.id);
      },
    );
  };
