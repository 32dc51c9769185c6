import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Context } from '../../context.ts';
import { currentUser, sessionGuard } from '../../http/auth.ts';
import { IdParam, Ok } from '../../http/schemas.ts';

const ClientTester = Type.Object({
  userstr: Type.String({ description: "The opaque id /wxa/memberauth's get_experiencer lists" }),
  username: Type.String({ description: "The client user's 微信号" }),
  nickname: Type.String(),
  createdAt: Type.Number(),
});

/**
 * The client users who test a mini program's trial version (体验成员), for its owner in the
 * console: the same rows `/wxa/bind_tester` makes when `wechatid` is a client username.
 */
export const testersRoutes =
  (ctx: Context): FastifyPluginAsyncTypebox =>
  async (app) => {
    const guard = sessionGuard(ctx.accounts);
    const tags = ['miniprograms'];
    const { testers } = ctx.code;
    /** The app, for its owner only ("not found" otherwise). */
    const owned = async (request: FastifyRequest & { params: { id: string } }) => {
      const row = await ctx.miniPrograms.reach(currentUser(request).id, request.params.id);
      return ctx.code.access.app(row.appid);
    };

    app.get(
      '/miniprograms/:id/client-testers',
      {
        schema: {
          tags,
          summary: 'Client users who may open the trial version (bound by username), oldest first',
          params: IdParam,
          response: { 200: Type.Array(ClientTester) },
        },
        onRequest: guard,
      },
      async (request) => testers.clientTesterList(await owned(request)),
    );

    app.post(
      '/miniprograms/:id/client-testers',
      {
        schema: {
          tags,
          summary:
            'Make a client user a tester by their username (at once, as WeChat binds a WeChat ID); 404 client_tester_not_found for an unknown username',
          params: IdParam,
          body: Type.Object(
            { username: Type.String({ minLength: 1, maxLength: 64 }) },
            { additionalProperties: false },
          ),
          response: { 201: ClientTester },
        },
        onRequest: guard,
      },
      async (request, reply) =>
        reply.status(201).send(await testers.addClientTester(await owned(request), request.body.username)),
    );

    app.delete(
      '/miniprograms/:id/client-testers/:userstr',
      {
        schema: {
          tags,
          summary: 'Remove a client tester: their trial launches and package grants stop at once',
          params: Type.Object(
            { id: Type.String({ maxLength: 64 }), userstr: Type.String({ maxLength: 64 }) },
            { additionalProperties: false },
          ),
          response: { 200: Ok },
        },
        onRequest: guard,
      },
      async (request) => {
        await testers.removeClientTester(await owned(request), request.params.userstr);
        return { ok: true as const };
      },
    );
  };
