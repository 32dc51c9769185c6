import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Context } from '../../context.ts';
import { currentUser, requireRole, sessionGuard } from '../../http/auth.ts';
import { IdParam } from '../../http/schemas.ts';

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

/** The revision a console tab read (`GET …/templates/revision`); another one answers 409 oa_template_conflict. */
const Revision = Type.String({
  minLength: 1,
  maxLength: 64,
  description: 'The template settings revision this tab read; a changed one answers 409 oa_template_conflict',
});
const Revised = Type.Object({ ok: Type.Literal(true), revision: Type.String() });

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
    const seen = (revision: string | undefined, field: string) =>
      revision === undefined ? undefined : { revision, field };
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
          body: Type.Object({
            primary: IndustryId,
            secondary: IndustryId,
            revision: Type.Optional(Revision),
          }),
          response: { 200: Revised },
        },
        onRequest: guard,
      },
      async (request) => {
        const account = await administered(request);
        const { primary, secondary, revision } = request.body;
        await templates.setIndustry(account.id, primary, secondary, seen(revision, 'primary'));
        return { ok: true as const, revision: await templates.revision(account.id) };
      },
    );

    app.get(
      '/official-accounts/:id/templates/revision',
      {
        schema: {
          tags,
          summary:
            "The revision of the account's industries and templates, for a tab to send with its writes",
          params: IdParam,
          response: { 200: Type.Object({ revision: Type.String() }) },
        },
        onRequest: guard,
      },
      async (request) => ({ revision: await templates.revision((await administered(request)).id) }),
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
          body: Type.Object({ shortId: ShortId, revision: Type.Optional(Revision) }),
          response: { 201: Type.Object({ templateId: Type.String(), revision: Type.String() }) },
        },
        onRequest: guard,
      },
      async (request, reply) => {
        const account = await administered(request);
        const { shortId, revision } = request.body;
        const added = await templates.addTemplate(account.id, shortId, seen(revision, 'shortId'));
        return reply.status(201).send({ ...added, revision: await templates.revision(account.id) });
      },
    );

    app.delete(
      '/official-accounts/:id/templates/:templateId',
      {
        schema: {
          tags,
          summary: 'Delete one of the account’s templates',
          params: Type.Object({ id: IdParam.properties.id, templateId: TemplateId }),
          querystring: Type.Object({ revision: Type.Optional(Revision) }),
          response: { 200: Revised },
        },
        onRequest: guard,
      },
      async (request) => {
        const account = await administered(request);
        const { templateId } = request.params;
        await templates.deleteTemplate(account.id, templateId, seen(request.query.revision, 'templateId'));
        return { ok: true as const, revision: await templates.revision(account.id) };
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
