import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Context } from '../../context.ts';
import { CLIENT_SECURITY, Ok, Password } from '../../http/schemas.ts';
import { CLIENT_SESSION_COOKIE, clientSessionToken, currentEndUser, endUserGuard } from './end-user-auth.ts';

export const Username = Type.String({ pattern: '^[A-Za-z0-9_.-]{3,32}$' });

const EndUser = Type.Object({ id: Type.String(), username: Type.String(), nickname: Type.String() });

/** The client's own accounts under `/api/v1/client`: apart from developer accounts. */
export const endUsersRoutes =
  (ctx: Context): FastifyPluginAsyncTypebox =>
  async (app) => {
    const guard = endUserGuard(ctx.endUsers);

    app.post(
      '/client/signup',
      {
        schema: {
          tags: ['client'],
          summary: 'Create an end-user account (the client app)',
          security: [],
          body: Type.Object({
            username: Username,
            password: Password,
            nickname: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
          }),
          response: { 201: EndUser },
        },
      },
      async (request, reply) => {
        const user = await ctx.rateLimits.attempt('clientSignUp', { ip: request.ip }, () =>
          ctx.endUsers.signUp(request.body),
        );
        return reply.status(201).send(user);
      },
    );

    app.post(
      '/client/signin',
      {
        schema: {
          tags: ['client'],
          summary: 'Sign an end user in; sets the client session cookie and returns the CSRF token',
          security: [],
          body: Type.Object({
            username: Type.String({ maxLength: 64 }),
            password: Type.String({ maxLength: 128 }),
          }),
          response: { 200: Type.Object({ user: EndUser, csrfToken: Type.String(), token: Type.String() }) },
        },
      },
      async (request, reply) => {
        const { username, password } = request.body;
        const { token, user } = await ctx.rateLimits.attempt(
          'clientSignIn',
          { subject: username.trim().toLowerCase(), ip: request.ip },
          () => ctx.endUsers.signIn(username, password),
        );
        reply.setCookie(CLIENT_SESSION_COOKIE, token, {
          httpOnly: true,
          sameSite: 'lax',
          path: '/',
          secure: ctx.config.publicUrl.startsWith('https:'),
          maxAge: 30 * 24 * 3600,
        });
        const { csrfToken, ...publicUser } = user;
        return { user: publicUser, csrfToken, token };
      },
    );

    app.post(
      '/client/signout',
      { schema: { tags: ['client'], security: CLIENT_SECURITY, response: { 200: Ok } }, onRequest: guard },
      async (request, reply) => {
        const { token } = clientSessionToken(request);
        if (token) await ctx.endUsers.signOut(token);
        reply.clearCookie(CLIENT_SESSION_COOKIE, { path: '/' });
        return { ok: true as const };
      },
    );

    app.get(
      '/client/me',
      {
        schema: {
          tags: ['client'],
          security: CLIENT_SECURITY,
          response: { 200: Type.Object({ user: EndUser, csrfToken: Type.String() }) },
        },
        onRequest: guard,
      },
      async (request) => {
        const { csrfToken, ...user } = currentEndUser(request);
        return { user, csrfToken };
      },
    );
  };
