import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Context } from '../../context.ts';
import { requireRole, sessionGuard } from '../../http/auth.ts';
import { CategoryIdInt } from '../../http/schemas.ts';
import { KEYWORD_RULES } from './template-library.ts';

const Tid = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const Rule = Type.Union(KEYWORD_RULES.map((rule) => Type.Literal(rule)));

const LibraryTitle = Type.Object({
  tid: Type.Integer(),
  title: Type.String(),
  type: Type.Integer({ description: '2 one-time subscription, 3 long-term' }),
  categoryId: Type.Integer({
    description: 'A second-level category id (getcategory / getpubtemplatetitles?ids=)',
  }),
  keywords: Type.Array(
    Type.Object({ kid: Type.Integer(), name: Type.String(), rule: Type.String(), example: Type.String() }),
  ),
});

const LibraryInput = {
  title: Type.String({ minLength: 1, maxLength: 32 }),
  type: Type.Union([Type.Literal(2), Type.Literal(3)]),
  categoryId: CategoryIdInt,
  keywords: Type.Array(
    Type.Object(
      {
        name: Type.String({ minLength: 1, maxLength: 20 }),
        rule: Rule,
        example: Type.String({ minLength: 1, maxLength: 40 }),
      },
      { additionalProperties: false },
    ),
    { minItems: 2, maxItems: 10, description: 'kid is each keyword’s position: 1, 2, …' },
  ),
};

/**
 * The mini programs' message-template library (subscription and 2017 templates), which platform
 * admins edit as they edit the official accounts' one. Apps' own templates are copies: an edit
 * changes what developers pick from next, never a template already added.
 */
export const mpLibraryRoutes =
  (ctx: Context): FastifyPluginAsyncTypebox =>
  async (app) => {
    const guard = sessionGuard(ctx.accounts);
    const { templates } = ctx.mpMessages;

    app.get(
      '/mp-template-library',
      {
        schema: {
          tags: ['miniprograms'],
          summary: "The mini programs' template library (getpubtemplatetitles / library/list read it)",
          response: { 200: Type.Array(LibraryTitle) },
        },
        onRequest: guard,
      },
      async () => templates.library(),
    );

    app.post(
      '/admin/mp-template-library',
      {
        schema: {
          tags: ['admin'],
          summary: "Add a title to the mini programs' template library",
          body: Type.Object({ tid: Tid, ...LibraryInput }, { additionalProperties: false }),
          response: { 201: LibraryTitle },
        },
        onRequest: [guard, requireRole('admin')],
      },
      async (request, reply) => {
        const { tid, ...input } = request.body;
        return reply.status(201).send(await templates.addLibraryTitle(tid, input));
      },
    );

    app.put(
      '/admin/mp-template-library/:tid',
      {
        schema: {
          tags: ['admin'],
          summary: "Edit a library title (apps' templates keep what they were added with)",
          params: Type.Object({ tid: Tid }, { additionalProperties: false }),
          body: Type.Object(LibraryInput, { additionalProperties: false }),
          response: { 200: LibraryTitle },
        },
        onRequest: [guard, requireRole('admin')],
      },
      async (request) => templates.updateLibraryTitle(request.params.tid, request.body),
    );
  };
