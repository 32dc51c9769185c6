import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Context } from '../../context.ts';
import { currentUser, sessionGuard } from '../../http/auth.ts';
import { Ok } from '../../http/schemas.ts';

const AppidParam = Type.Object({ appid: Type.String({ pattern: '^wx[0-9a-f]{16}$' }) });
const Mode = Type.Union([Type.Literal('plaintext'), Type.Literal('compatible'), Type.Literal('safe')]);

const ConfigView = Type.Object({
  appid: Type.String(),
  url: Type.String(),
  mode: Mode,
  tokenSet: Type.Boolean(),
  encodingAESKeySet: Type.Boolean(),
  updatedAt: Type.Number(),
});

const LogEntry = Type.Object({
  id: Type.String(),
  eventId: Type.String(),
  eventType: Type.String(),
  attempt: Type.Integer(),
  replay: Type.Boolean(),
  at: Type.Number(),
  status: Type.Union([Type.Integer(), Type.Null()]),
  outcome: Type.Union([
    Type.Literal('delivered'),
    Type.Literal('timeout'),
    Type.Literal('http_error'),
    Type.Literal('bad_reply'),
    Type.Literal('refused_address'),
  ]),
  durationMs: Type.Integer(),
  detail: Type.String(),
  excerpt: Type.String(),
});

/** Server configuration and the delivery log of an app (official account or mini program), for its admin. */
export const pushRoutes =
  (ctx: Context): FastifyPluginAsyncTypebox =>
  async (app) => {
    const guard = sessionGuard(ctx.accounts);
    const tags = ['push'];

    app.put(
      '/push/:appid/config',
      {
        schema: {
          tags,
          summary:
            "Set the app's server (URL, Token, EncodingAESKey, message mode). Saving sends WeChat's verification GET (signature, timestamp, nonce, echostr) and refuses the URL unless echostr comes back",
          params: AppidParam,
          body: Type.Object({
            url: Type.String({ minLength: 1, maxLength: 1024 }),
            token: Type.String({ pattern: '^[A-Za-z0-9]{3,32}$' }),
            encodingAESKey: Type.Optional(
              Type.String({
                pattern: '^[A-Za-z0-9]{43}$',
                description: 'Required in compatible and safe mode',
              }),
            ),
            mode: Mode,
          }),
          response: { 200: ConfigView },
        },
        onRequest: guard,
      },
      async (request) => ctx.push.configure(currentUser(request).id, request.params.appid, request.body),
    );

    app.get(
      '/push/:appid/config',
      {
        schema: {
          tags,
          summary: "The app's server configuration, without the Token and EncodingAESKey; null when none",
          params: AppidParam,
          response: { 200: Type.Union([ConfigView, Type.Null()]) },
        },
        onRequest: guard,
      },
      async (request) => ctx.push.getConfig(currentUser(request).id, request.params.appid),
    );

    app.delete(
      '/push/:appid/config',
      {
        schema: {
          tags,
          summary: 'Stop pushing to the app’s server',
          params: AppidParam,
          response: { 200: Ok },
        },
        onRequest: guard,
      },
      async (request) => {
        await ctx.push.removeConfig(currentUser(request).id, request.params.appid);
        return { ok: true as const };
      },
    );

    app.get(
      '/push/:appid/log',
      {
        schema: {
          tags,
          summary: 'Every attempt to push to the app’s server, newest first',
          params: AppidParam,
          querystring: Type.Object({
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
            before: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          }),
          response: { 200: Type.Array(LogEntry) },
        },
        onRequest: guard,
      },
      async (request) => ctx.push.log(currentUser(request).id, request.params.appid, request.query),
    );

    app.post(
      '/push/:appid/log/:id/replay',
      {
        schema: {
          tags,
          summary: 'Push the event of a log entry again, now; answers with the new entry',
          params: Type.Object({
            appid: Type.String({ pattern: '^wx[0-9a-f]{16}$' }),
            id: Type.String({ minLength: 1, maxLength: 64 }),
          }),
          response: { 200: LogEntry },
        },
        onRequest: guard,
      },
      async (request) => ctx.push.replay(currentUser(request).id, request.params.appid, request.params.id),
    );
  };
