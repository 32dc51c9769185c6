import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import type { Context } from '../../context.ts';
import type { ErrorCode } from '../../errors/catalogue.ts';
import { WharfError } from '../../errors/wharf-error.ts';
import { currentUser, sessionGuard } from '../../http/auth.ts';
import { Ok } from '../../http/schemas.ts';

const AppidParam = Type.Object({ appid: Type.String({ pattern: '^wx[0-9a-f]{16}$' }) });
const Keyword = Type.Object({
  kid: Type.Integer(),
  name: Type.String(),
  rule: Type.String(),
  example: Type.String(),
});
const LibraryCategory = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  mine: Type.Boolean({ description: 'One of the mini program’s own categories (getcategory)' }),
  titles: Type.Array(
    Type.Object({
      tid: Type.Integer(),
      title: Type.String(),
      type: Type.Integer({ description: '2 one-time subscription, 3 long-term' }),
      keywords: Type.Array(Keyword),
    }),
  ),
});
const Template = Type.Object({
  priTmplId: Type.String(),
  title: Type.String(),
  content: Type.String(),
  example: Type.String(),
  type: Type.Integer(),
});

/** The form field each refusal of `addtemplate` belongs to, so the console shows it there. */
const ADD_FIELDS: Partial<Record<ErrorCode, string>> = {
  mp_template_title_invalid: 'tid',
  mp_template_keyword_invalid: 'kidList',
  mp_template_scene_desc_invalid: 'sceneDesc',
};

/**
 * The console's face of a mini program's subscription templates (订阅消息): the same services as
 * `/wxaapi/newtmpl/*`, for a developer of the app signed in.
 */
export const mpTemplatesConsoleRoutes =
  (ctx: Context): FastifyPluginAsyncTypebox =>
  async (app) => {
    const guard = sessionGuard(ctx.accounts);
    const tags = ['miniprograms'];
    const { templates } = ctx.mpMessages;
    const developer = async (request: FastifyRequest & { params: { appid: string } }) =>
      (await ctx.code.access.reach(currentUser(request).id, request.params.appid, 'developer')).id;

    app.get(
      '/mp-templates/:appid/library',
      {
        schema: {
          tags,
          summary:
            "The template library by category, the app's own categories first (getcategory, getpubtemplatetitles, getpubtemplatekeywords)",
          params: AppidParam,
          response: { 200: Type.Array(LibraryCategory) },
        },
        onRequest: guard,
      },
      async (request) => {
        const appId = await developer(request);
        const mine = new Set((await templates.categories(appId)).data.map((c) => c.id));
        const names = new Map(
          (await ctx.categories.tree()).flatMap((first) =>
            first.children.map((second) => [second.id, `${first.name} · ${second.name}`] as const),
          ),
        );
        const groups = new Map<number, Static<typeof LibraryCategory>>();
        for (const title of await templates.library()) {
          let group = groups.get(title.categoryId);
          if (!group) {
            group = {
              id: title.categoryId,
              name: names.get(title.categoryId) ?? String(title.categoryId),
              mine: mine.has(title.categoryId),
              titles: [],
            };
            groups.set(title.categoryId, group);
          }
          group.titles.push({
            tid: title.tid,
            title: title.title,
            type: title.type,
            keywords: title.keywords,
          });
        }
        return [...groups.values()].sort((a, b) => Number(b.mine) - Number(a.mine) || a.id - b.id);
      },
    );

    app.get(
      '/mp-templates/:appid',
      {
        schema: {
          tags,
          summary: "The mini program's subscription templates (gettemplate)",
          params: AppidParam,
          response: { 200: Type.Array(Template) },
        },
        onRequest: guard,
      },
      async (request) => (await templates.listSubscribe(await developer(request))).data,
    );

    app.post(
      '/mp-templates/:appid',
      {
        schema: {
          tags,
          summary: 'Add a subscription template from the library with 2 to 5 of its keywords (addtemplate)',
          params: AppidParam,
          body: Type.Object(
            {
              tid: Type.Integer({ minimum: 1 }),
              kidList: Type.Array(Type.Integer({ minimum: 1 }), {
                maxItems: 10,
                description: "Keyword ids in the message's order; the service allows 2 to 5",
              }),
              sceneDesc: Type.Optional(Type.String({ maxLength: 64 })),
            },
            { additionalProperties: false },
          ),
          response: { 201: Type.Object({ priTmplId: Type.String() }) },
        },
        onRequest: guard,
      },
      async (request, reply) => {
        const appId = await developer(request);
        try {
          return reply.status(201).send(await templates.addSubscribe(appId, request.body));
        } catch (error) {
          const field = error instanceof WharfError && !error.field ? ADD_FIELDS[error.code] : undefined;
          if (field) throw new WharfError((error as WharfError).code, (error as WharfError).params, field);
          throw error;
        }
      },
    );

    app.delete(
      '/mp-templates/:appid/:priTmplId',
      {
        schema: {
          tags,
          summary: 'Delete one of the subscription templates (deltemplate)',
          params: Type.Object({
            appid: AppidParam.properties.appid,
            priTmplId: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }),
          }),
          response: { 200: Ok },
        },
        onRequest: guard,
      },
      async (request) => {
        await templates.remove(await developer(request), 'subscribe', request.params.priTmplId);
        return { ok: true as const };
      },
    );
  };
