import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Context } from '../../context.ts';
import { currentUser, requireRole, SESSION_COOKIE, sessionGuard, sessionToken } from '../../http/auth.ts';
import { Email, IdParam, Ok, Password } from '../../http/schemas.ts';
import { requestOrigin } from '../code/code.routes.ts';

const User = Type.Object({
  id: Type.String(),
  email: Type.String(),
  role: Type.Union([Type.Literal('developer'), Type.Literal('reviewer'), Type.Literal('admin')]),
  displayName: Type.String(),
});

export const accountsRoutes =
  (ctx: Context): FastifyPluginAsyncTypebox =>
  async (app) => {
    const guard = sessionGuard(ctx.accounts);

    app.post(
      '/auth/signup',
      {
        schema: {
          tags: ['accounts'],
          summary: 'Create a developer account',
          security: [],
          body: Type.Object({
            email: Email,
            password: Password,
            displayName: Type.Optional(Type.String({ maxLength: 64 })),
          }),
          response: {
            201: Type.Object({
              ...User.properties,
              activated: Type.Boolean({
                description: 'false: the account signs in once the link mailed to it is opened',
              }),
              activationMail: Type.Union(
                [Type.Literal('sent'), Type.Literal('logged'), Type.Literal('failed'), Type.Null()],
                {
                  description:
                    'sent: the mail server took the mail; logged: no mail server, the link is in the server log; failed: the mail server refused or was down (the account exists: ask for the mail again); null: no activation needed',
                },
              ),
            }),
          },
        },
      },
      async (request, reply) => {
        const { email, password, displayName } = request.body;
        const user = await ctx.rateLimits.attempt('signUp', { ip: request.ip }, () =>
          ctx.accounts.signUp({ email, password, displayName }, requestOrigin(ctx, request)),
        );
        return reply.status(201).send(user);
      },
    );

    app.post(
      '/auth/activate',
      {
        schema: {
          tags: ['accounts'],
          summary: 'Open an activation link (the token after #/activate/ in the mailed link)',
          security: [],
          body: Type.Object({ token: Type.String({ minLength: 1, maxLength: 128 }) }),
          response: { 200: Type.Object({ email: Type.String() }) },
        },
      },
      async (request) =>
        ctx.rateLimits.attempt('activation', { ip: request.ip }, () =>
          ctx.accounts.activate(request.body.token),
        ),
    );

    app.post(
      '/auth/activation/resend',
      {
        schema: {
          tags: ['accounts'],
          summary:
            'Mail a new activation link; the answer is the same whether or not the email has an account',
          security: [],
          body: Type.Object({ email: Email }),
          response: { 200: Ok },
        },
      },
      async (request) => {
        await ctx.rateLimits.attempt('signUp', { ip: request.ip }, () =>
          ctx.accounts.resendActivation(request.body.email, requestOrigin(ctx, request)),
        );
        return { ok: true as const };
      },
    );

    app.get(
      '/admin/activation-links',
      {
        schema: {
          tags: ['admin'],
          summary: 'The newest activation links; the link itself only when no mail server sent it',
          response: {
            200: Type.Array(
              Type.Object({
                email: Type.String(),
                link: Type.Union([Type.String(), Type.Null()]),
                createdAt: Type.Number(),
                expiresAt: Type.Number(),
                usedAt: Type.Union([Type.Number(), Type.Null()]),
                expired: Type.Boolean(),
                activated: Type.Boolean(),
              }),
            ),
          },
        },
        onRequest: [guard, requireRole('admin')],
      },
      async () => ctx.accounts.activationLinks(),
    );

    app.get(
      '/admin/users',
      {
        schema: {
          tags: ['admin'],
          summary: 'Accounts, newest first, optionally those whose email contains q',
          querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 254 })) }),
          response: {
            200: Type.Array(
              Type.Object({ ...User.properties, activated: Type.Boolean(), createdAt: Type.Number() }),
            ),
          },
        },
        onRequest: [guard, requireRole('admin')],
      },
      async (request) => ctx.accounts.listUsers(request.query.q),
    );

    app.post(
      '/auth/signin',
      {
        schema: {
          tags: ['accounts'],
          summary: 'Sign in; sets the session cookie and returns the CSRF token for writes',
          security: [],
          body: Type.Object({ email: Email, password: Type.String({ maxLength: 128 }) }),
          response: { 200: Type.Object({ user: User, csrfToken: Type.String(), token: Type.String() }) },
        },
      },
      async (request, reply) => {
        const { email, password } = request.body;
        const { token, user } = await ctx.rateLimits.attempt(
          'signIn',
          { subject: email.trim().toLowerCase(), ip: request.ip },
          () => ctx.accounts.signIn(email, password),
        );
        reply.setCookie(SESSION_COOKIE, token, {
          httpOnly: true,
          sameSite: 'lax',
          path: '/',
          secure: ctx.config.publicUrl.startsWith('https:'),
          maxAge: 14 * 24 * 3600,
        });
        const { csrfToken, ...publicUser } = user;
        return { user: publicUser, csrfToken, token };
      },
    );

    app.post(
      '/auth/signout',
      { schema: { tags: ['accounts'], response: { 200: Ok } }, onRequest: guard },
      async (request, reply) => {
        const { token } = sessionToken(request);
        if (token) await ctx.accounts.signOut(token);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return { ok: true as const };
      },
    );

    app.get(
      '/me',
      {
        schema: {
          tags: ['accounts'],
          response: { 200: Type.Object({ user: User, csrfToken: Type.String() }) },
        },
        onRequest: guard,
      },
      async (request) => {
        const { csrfToken, ...user } = currentUser(request);
        return { user, csrfToken };
      },
    );

    app.put(
      '/admin/users/:id/role',
      {
        schema: {
          tags: ['admin'],
          params: IdParam,
          body: Type.Object({ role: User.properties.role }),
          response: { 200: Ok },
        },
        onRequest: [guard, requireRole('admin')],
      },
      async (request) => {
        await ctx.accounts.setRole(request.params.id, request.body.role);
        return { ok: true as const };
      },
    );
  };
