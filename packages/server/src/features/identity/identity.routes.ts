import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Context } from '../../context.ts';
import { currentUser, requireRole, sessionGuard } from '../../http/auth.ts';
import { IdParam } from '../../http/schemas.ts';

const SubjectType = Type.Union([
  Type.Literal('individual'),
  Type.Literal('enterprise'),
  Type.Literal('government'),
  Type.Literal('media'),
  Type.Literal('other'),
]);

const Subject = Type.Object({
  id: Type.String(),
  type: Type.String(),
  name: Type.String(),
  idNumber: Type.String({ description: 'Masked: first and last characters only' }),
  status: Type.String(),
  reason: Type.Union([Type.String(), Type.Null()]),
  notice: Type.Union([
    Type.Object(
      { code: Type.String(), message: Type.String(), messageZh: Type.String() },
      { description: 'Why a pending subject waits (e.g. its ID number is verified on another account)' },
    ),
    Type.Null(),
  ]),
  createdAt: Type.Number(),
});

export const identityRoutes =
  (ctx: Context): FastifyPluginAsyncTypebox =>
  async (app) => {
    const guard = sessionGuard(ctx.accounts);

    app.post(
      '/subjects',
      {
        schema: {
          tags: ['identity'],
          summary:
            'Submit an identity: a person (real name + resident ID number) or an organisation (name + credit code)',
          body: Type.Object({
            type: SubjectType,
            name: Type.String({ minLength: 1, maxLength: 100 }),
            idNumber: Type.String({ minLength: 1, maxLength: 32 }),
          }),
          response: { 201: Subject },
        },
        onRequest: guard,
      },
      async (request, reply) =>
        reply.status(201).send(await ctx.identity.submit(currentUser(request).id, request.body)),
    );

    app.get(
      '/subjects',
      { schema: { tags: ['identity'], response: { 200: Type.Array(Subject) } }, onRequest: guard },
      async (request) => ctx.identity.listMine(currentUser(request).id),
    );

    app.get(
      '/admin/subjects',
      {
        schema: {
          tags: ['admin'],
          querystring: Type.Object({
            status: Type.Optional(
              Type.Union([Type.Literal('pending'), Type.Literal('verified'), Type.Literal('rejected')]),
            ),
          }),
          response: {
            200: Type.Array(
              Type.Intersect([
                Subject,
                Type.Object({
                  userId: Type.String(),
                  fullIdNumber: Type.String(),
                  verifiedOnAccounts: Type.Optional(
                    Type.Array(Type.String(), {
                      description: 'Accounts that already hold this verified ID number',
                    }),
                  ),
                }),
              ]),
            ),
          },
        },
        onRequest: [guard, requireRole('admin')],
      },
      async (request) => ctx.identity.listByStatus(request.query.status ?? 'pending'),
    );

    app.post(
      '/admin/subjects/:id/approve',
      {
        schema: { tags: ['admin'], params: IdParam, response: { 200: Subject } },
        onRequest: [guard, requireRole('admin')],
      },
      async (request) => ctx.identity.review(request.params.id, true, undefined),
    );

    app.post(
      '/admin/subjects/:id/reject',
      {
        schema: {
          tags: ['admin'],
          params: IdParam,
          body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }),
          response: { 200: Subject },
        },
        onRequest: [guard, requireRole('admin')],
      },
      async (request) => ctx.identity.review(request.params.id, false, request.body.reason),
    );
  };
