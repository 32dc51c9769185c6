import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Context } from '../../context.ts';
import { currentUser, requireRole, sessionGuard } from '../../http/auth.ts';
import { IdParam, Ok } from '../../http/schemas.ts';

const IndustryId = Type.Integer({ minimum: 1, maximum: 41, description: "An id of WeChat's industry table" });
/** Letters, digits, _ and - (checked by the service: a pattern here would need a sample in every schema-driven test). */
const ShortId = Type.String({ minLength: 1, maxLength: 64 });
const TemplateId = Type.String({ minLength: 1, maxLength: 64 });

const LibraryTemplate = Type.Object({
  shortId: Type.String(),
  title: Type.String(),
  industryId: Type.Integer(),
  primaryIndustry: Type.String(),
  deputyIndustry: Type.String(),
  content: Type.String(),
  example: Type.String(),
  keys: Type.Array(Type.String()),
});

const LibraryInput = {
  title: Type.String({ minLength: 1, maxLength: 64 }),
  industryId: IndustryId,
  content: Type.String({ minLength: 1, maxLength: 2000 }),
  example: Type.String({ maxLength: 2000 }),
};

const PrivateTemplate = Type.Object({
  template_id: Type.String(),
  title: Type.String(),
  primary_industry: Type.String(),
  deputy_industry: Type.String(),
  content: Type.String(),
  example: Type.String(),
});

const IndustryClass = Type.Optional(Type.Object({ first_class: Type.String(), second_class: Type.String() }));

/**
 * Template messages in the console: the platform library (platform admins edit it), and for an
 * account's administrator its industries, templates and a test send to one follower.
 */
export const oaTemplatesRoutes =
  (ctx: Context): FastifyPluginAsyncTypebox =>
  async (app) => {
    const guard = sessionGuard(ctx.accounts);
    const templates = ctx.oaTemplates;
    const tags = ['official-accounts'];
    /** The account, when the signed-in user administers it (not found otherwise). */
    const administered = async (request: { params: { id: string } } & Parameters<typeof currentUser>[0]) =>
      ctx.officialAccounts.accounts.administered(currentUser(request).id, request.params.id);

    app.get(
      '/template-library',
      {
        schema: {
          tags,
          summary: "The platform's template library (template_id_short, {{key.DATA}} placeholders)",
          response: { 200: Type.Array(LibraryTemplate) },
        },
        onRequest: guard,
      },
      async () => templates.library(),
    );

    app.post(
      '/admin/template-library',
      {
        schema: {
          tags: ['admin'],
          summary: 'Add a template to the platform library',
          body: Type.Object({ shortId: ShortId, ...LibraryInput }),
          response: { 201: LibraryTemplate },
        },
        onRequest: [guard, requireRole('admin')],
      },
      async (request, reply) => reply.status(201).send(await templates.addLibraryTemplate(request.body)),
    );

    app.put(
      '/admin/template-library/:shortId',
      {
        schema: {
          tags: ['admin'],
          summary: "Edit a library template (accounts' copies keep the content they were added with)",
          params: Type.Object({ shortId: ShortId }),
          body: Type.Object(LibraryInput),
          response: { 200: LibraryTemplate },
        },
        onRequest: [guard, requireRole('admin')],
      },
      async (request) => templates.updateLibraryTemplate(request.params.shortId, request.body),
    );

    app.get(
      '/official-accounts/:id/industry',
      {
        schema: {
          tags,
          summary: "The account's two industries, as get_industry answers",
          params: IdParam,
          response: {
            200: Type.Object({ primary_industry: IndustryClass, secondary_industry: IndustryClass }),
          },
        },
        onRequest: guard,
      },
      async (request) => templates.getIndustry((await administered(request)).id),
    );

    app.put(
      '/official-accounts/:id/industry',
      {
        schema: {
          tags,
          summary: "Set the account's two industries (service accounts)",
          params: IdParam,
          body: Type.Object({ primary: IndustryId, secondary: IndustryId }),
          response: { 200: Ok },
        },
        onRequest: guard,
      },
      async (request) => {
        const account = await administered(request);
        await templates.setIndustry(account.id, request.body.primary, request.body.secondary);
        return { ok: true as const };
      },
    );

    app.get(
      '/official-accounts/:id/templates',
      {
        schema: {
          tags,
          summary: "The account's templates, as get_all_private_template lists them",
          params: IdParam,
          response: { 200: Type.Array(PrivateTemplate) },
        },
        onRequest: guard,
      },
      async (request) => templates.privateTemplates((await administered(request)).id),
    );

    app.post(
      '/official-accounts/:id/templates',
      {
        schema: {
          tags,
          summary: 'Add a library template to the account (25 at most)',
          params: IdParam,
          body: Type.Object({ shortId: ShortId }),
          response: { 201: Type.Object({ templateId: Type.String() }) },
        },
        onRequest: guard,
      },
      async (request, reply) => {
        const account = await administered(request);
        return reply.status(201).send(await templates.addTemplate(account.id, request.body.shortId));
      },
    );

    app.delete(
      '/official-accounts/:id/templates/:templateId',
      {
        schema: {
          tags,
          summary: 'Delete one of the account’s templates',
          params: Type.Object({ id: IdParam.properties.id, templateId: TemplateId }),
          response: { 200: Ok },
        },
        onRequest: guard,
      },
      async (request) => {
        const account = await administered(request);
        await templates.deleteTemplate(account.id, request.params.templateId);
        return { ok: true as const };
      },
    );

    app.post(
      '/official-accounts/:id/templates/:templateId/test',
      {
        schema: {
          tags,
          summary: 'Send a test message of this template to one follower (counted as any send)',
          params: Type.Object({ id: IdParam.properties.id, templateId: TemplateId }),
          body: Type.Object({
            openid: Type.String({ minLength: 1, maxLength: 64 }),
            data: Type.Record(
              Type.String({ maxLength: 64 }),
              Type.Object({
                value: Type.String({ maxLength: 1000 }),
                color: Type.Optional(Type.String({ maxLength: 16 })),
              }),
            ),
            url: Type.Optional(Type.String({ maxLength: 2048 })),
            miniprogram: Type.Optional(
              Type.Object({
                appid: Type.String({ maxLength: 32 }),
                pagepath: Type.String({ maxLength: 1024 }),
              }),
            ),
          }),
          response: { 200: Type.Object({ msgid: Type.Number(), status: Type.String() }) },
        },
        onRequest: guard,
      },
      async (request) => {
        const account = await administered(request);
        const { openid, data, url, miniprogram } = request.body;
        const { msgid } = await templates.send(account.id, {
          touser: openid,
          templateId: request.params.templateId,
          url,
          miniprogram,
          data,
        });
        const sent = await templates.sent(account.id, msgid);
        return { msgid, status: sent?.status ?? '' };
      },
    );
  };
