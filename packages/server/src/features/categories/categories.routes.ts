import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Context } from '../../context.ts';
import { requireRole, sessionGuard } from '../../http/auth.ts';
import { CategoryIdInt, Ok } from '../../http/schemas.ts';

const CategoryId = Type.Object({ id: CategoryIdInt });

const CategoryNode = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  openToIndividual: Type.Boolean(),
  disabled: Type.Boolean({ description: 'no longer offered to new choices (apps in it keep it)' }),
  children: Type.Array(
    Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      needsQualification: Type.Boolean(),
      disabled: Type.Boolean(),
    }),
  ),
});

export const categoriesRoutes =
  (ctx: Context): FastifyPluginAsyncTypebox =>
  async (app) => {
    const admin = [sessionGuard(ctx.accounts), requireRole('admin')];

    app.get(
      '/categories',
      {
        schema: {
          tags: ['categories'],
          summary: 'The two-level category tree',
          security: [],
          response: { 200: Type.Array(CategoryNode) },
        },
      },
      async () => ctx.categories.tree(),
    );

    app.post(
      '/admin/categories',
      {
        schema: {
          tags: ['admin'],
          body: Type.Object({
            parentId: Type.Optional(Type.Union([CategoryIdInt, Type.Null()])),
            name: Type.String({ minLength: 1, maxLength: 40 }),
            openToIndividual: Type.Optional(Type.Boolean()),
            needsQualification: Type.Optional(Type.Boolean()),
          }),
          response: { 201: Type.Object({ id: Type.Integer() }) },
        },
        onRequest: admin,
      },
      async (request, reply) => reply.status(201).send({ id: (await ctx.categories.add(request.body)).id }),
    );

    app.patch(
      '/admin/categories/:id',
      {
        schema: {
          tags: ['admin'],
          params: CategoryId,
          body: Type.Object(
            {
              name: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
              openToIndividual: Type.Optional(Type.Boolean()),
              needsQualification: Type.Optional(Type.Boolean()),
              disabled: Type.Optional(
                Type.Boolean({ description: 'true: no longer offered to new choices; apps in it keep it' }),
              ),
            },
            { minProperties: 1 },
          ),
          response: { 200: Ok },
        },
        onRequest: admin,
      },
      async (request) => {
        await ctx.categories.update(request.params.id, request.body);
        return { ok: true as const };
      },
    );

    app.delete(
      '/admin/categories/:id',
      { schema: { tags: ['admin'], params: CategoryId, response: { 200: Ok } }, onRequest: admin },
      async (request) => {
        await ctx.categories.remove(request.params.id);
        return { ok: true as const };
      },
    );
  };
