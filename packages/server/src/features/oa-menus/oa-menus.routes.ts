import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Context } from '../../context.ts';
import { currentUser, sessionGuard } from '../../http/auth.ts';
import { CLIENT_SECURITY, IdParam, Ok, SESSION_SECURITY } from '../../http/schemas.ts';
import { currentEndUser, endUserGuard } from '../end-users/end-user-auth.ts';
import { BUTTON_TYPES, KEY_TYPES, MENU_LANGUAGES, MENU_LIMITS } from './menu-rules.ts';

/**
 * Menus keep WeChat's document shape here too (`button`, `sub_button`, `media_id`): it is the
 * format developers already hold, and one validator answers both faces with the same fields.
 * Lengths and types are the service's rules (so both faces answer WeChat's errcodes); the
 * schema only names the fields.
 */
const leafFields = {
  type: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  key: Type.Optional(Type.String()),
  url: Type.Optional(Type.String()),
  appid: Type.Optional(Type.String()),
  pagepath: Type.Optional(Type.String()),
  media_id: Type.Optional(Type.String()),
  article_id: Type.Optional(Type.String()),
};
const Leaf = Type.Object(leafFields);
// A third level is named so the service can answer WeChat's 40022 rather than "unknown property".
const SubButton = Type.Object({ ...leafFields, sub_button: Type.Optional(Type.Array(Leaf)) });
const Button = Type.Object({ ...leafFields, sub_button: Type.Optional(Type.Array(SubButton)) });

const StringOrNumber = Type.Union([Type.String(), Type.Number()]);
const MatchRule = Type.Object({
  tag_id: Type.Optional(StringOrNumber),
  group_id: Type.Optional(StringOrNumber),
  sex: Type.Optional(StringOrNumber),
  country: Type.Optional(Type.String()),
  province: Type.Optional(Type.String()),
  city: Type.Optional(Type.String()),
  client_platform_type: Type.Optional(StringOrNumber),
  language: Type.Optional(Type.String()),
});

const MenuBody = Type.Object({
  button: Type.Array(Button),
  revision: Type.Optional(
    Type.Integer({
      minimum: 0,
      description:
        'The menuid this edit started from (0: no menu); another menu now answers 409 menu_conflict',
    }),
  ),
});
const ConditionalBody = Type.Object({ button: Type.Array(Button), matchrule: MatchRule });
const Menuid = Type.Object({ menuid: Type.Integer() });

const ConsoleMenus = Type.Object({
  menu: Type.Union([
    Type.Object({ menuid: Type.Integer(), button: Type.Array(Button), createdAt: Type.Number() }),
    Type.Null(),
  ]),
  conditional: Type.Array(
    Type.Object({
      menuid: Type.Integer(),
      button: Type.Array(Button),
      matchrule: MatchRule,
      createdAt: Type.Number(),
    }),
  ),
});

const AppidParam = Type.Object({ appid: Type.String({ pattern: '^wx[0-9a-f]{16}$' }) });
const Platform = Type.Union([Type.Literal('ios'), Type.Literal('android'), Type.Literal('other')]);
const PLATFORM_TYPE = { ios: '1', android: '2', other: '3' } as const;

const ClickBody = Type.Object({
  menuid: Type.Integer({ minimum: 0 }),
  index: Type.Integer({ minimum: 0, maximum: 2 }),
  subIndex: Type.Optional(Type.Integer({ minimum: 0, maximum: 4 })),
  platform: Type.Optional(Platform),
  scanType: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
  scanResult: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })),
  pictures: Type.Optional(
    Type.Array(Type.String({ pattern: '^[0-9a-f]{32}$' }), { minItems: 1, maxItems: 9 }),
  ),
  location: Type.Optional(
    Type.Object({
      x: Type.Number({ minimum: -90, maximum: 90 }),
      y: Type.Number({ minimum: -180, maximum: 180 }),
      scale: Type.Integer({ minimum: 1, maximum: 30 }),
      label: Type.String({ maxLength: 256 }),
      poiname: Type.Optional(Type.String({ maxLength: 256 })),
    }),
  ),
});

const ClickAnswer = Type.Union([
  Type.Object({ action: Type.Literal('open_url'), url: Type.String() }),
  Type.Object({
    action: Type.Literal('open_miniprogram'),
    appid: Type.String(),
    pagepath: Type.String(),
    scene: Type.Integer(),
    url: Type.String(),
  }),
  Type.Object({ action: Type.Literal('none') }),
]);

/** The console edits an account's menus; the client shows a follower their menu and records clicks. */
export const oaMenusRoutes =
  (ctx: Context): FastifyPluginAsyncTypebox =>
  async (app) => {
    const guard = sessionGuard(ctx.accounts);
    const client = endUserGuard(ctx.endUsers);
    const menus = ctx.oaMenus;
    const tags = ['official-accounts'];

    app.get(
      '/official-accounts/:id/menu',
      {
        schema: {
          tags,
          summary: "The account's default menu and its conditional menus",
          security: SESSION_SECURITY,
          params: IdParam,
          response: { 200: ConsoleMenus },
        },
        onRequest: guard,
      },
      async (request) => menus.consoleMenus(currentUser(request).id, request.params.id),
    );

    app.put(
      '/official-accounts/:id/menu',
      {
        schema: {
          tags,
          summary: "Replace the account's default menu (WeChat's rules and errcodes, as menu/create)",
          security: SESSION_SECURITY,
          params: IdParam,
          body: MenuBody,
          response: { 200: Menuid },
        },
        onRequest: guard,
      },
      async (request) => {
        const { revision, ...menu } = request.body;
        return menus.replace(currentUser(request).id, request.params.id, menu, revision);
      },
    );

    app.delete(
      '/official-accounts/:id/menu',
      {
        schema: {
          tags,
          summary: 'Delete the default menu and every conditional menu (as menu/delete)',
          security: SESSION_SECURITY,
          params: IdParam,
          response: { 200: Ok },
        },
        onRequest: guard,
      },
      async (request) => {
        await menus.remove(currentUser(request).id, request.params.id);
        return { ok: true as const };
      },
    );

    app.post(
      '/official-accounts/:id/menu/conditional',
      {
        schema: {
          tags,
          summary: 'Add a conditional menu (as menu/addconditional; needs a default menu)',
          security: SESSION_SECURITY,
          params: IdParam,
          body: ConditionalBody,
          response: { 201: Menuid },
        },
        onRequest: guard,
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await menus.addConditionalFor(currentUser(request).id, request.params.id, request.body)),
    );

    app.delete(
      '/official-accounts/:id/menu/conditional/:menuid',
      {
        schema: {
          tags,
          summary: 'Delete a conditional menu (as menu/delconditional)',
          security: SESSION_SECURITY,
          params: Type.Object({
            id: Type.String({ minLength: 1, maxLength: 64 }),
            menuid: Type.Integer({ minimum: 0 }),
          }),
          response: { 200: Ok },
        },
        onRequest: guard,
      },
      async (request) => {
        await menus.removeConditional(currentUser(request).id, request.params.id, request.params.menuid);
        return { ok: true as const };
      },
    );

    app.post(
      '/official-accounts/:id/menu/trymatch',
      {
        schema: {
          tags,
          summary:
            'Which menu a follower gets (as menu/trymatch: by openid or WeChat ID; on a platform when given)',
          security: SESSION_SECURITY,
          params: IdParam,
          body: Type.Object({
            userId: Type.String({ minLength: 1, maxLength: 64 }),
            platform: Type.Optional(Platform),
          }),
          response: {
            200: Type.Object({
              menuid: Type.Integer(),
              conditional: Type.Boolean(),
              button: Type.Array(Button),
            }),
          },
        },
        onRequest: guard,
      },
      async (request) => {
        const { userId, platform } = request.body;
        return menus.tryMatchFor(
          currentUser(request).id,
          request.params.id,
          userId,
          platform === undefined ? undefined : PLATFORM_TYPE[platform],
        );
      },
    );

    app.get(
      '/official-accounts/menu-rules',
      {
        schema: {
          tags,
          summary:
            "WeChat's menu limits the service holds (bytes of names, counts), its button types and matchrule languages: the editor's one source",
          security: SESSION_SECURITY,
          response: {
            200: Type.Object({
              limits: Type.Object({
                buttons: Type.Integer(),
                subButtons: Type.Integer(),
                nameBytes: Type.Integer(),
                subNameBytes: Type.Integer(),
                keyBytes: Type.Integer(),
                urlBytes: Type.Integer(),
              }),
              buttonTypes: Type.Array(Type.String()),
              keyTypes: Type.Array(Type.String()),
              languages: Type.Array(Type.String()),
            }),
          },
        },
        onRequest: guard,
      },
      async () => ({
        limits: MENU_LIMITS,
        buttonTypes: [...BUTTON_TYPES],
        keyTypes: [...KEY_TYPES],
        languages: [...MENU_LANGUAGES],
      }),
    );

    const clientTags = ['client'];
    app.get(
      '/client/official-accounts/:appid/menu',
      {
        schema: {
          tags: clientTags,
          summary:
            'The menu this follower sees (the newest conditional menu that matches them, else the default)',
          security: CLIENT_SECURITY,
          params: AppidParam,
          querystring: Type.Object({ platform: Type.Optional(Platform) }),
          response: {
            200: Type.Object({
              menu: Type.Union([
                Type.Object({ menuid: Type.Integer(), button: Type.Array(Button) }),
                Type.Null(),
              ]),
            }),
          },
        },
        onRequest: client,
      },
      async (request) =>
        menus.seenBy(
          currentEndUser(request).id,
          request.params.appid,
          PLATFORM_TYPE[request.query.platform ?? 'other'],
        ),
    );

    app.post(
      '/client/official-accounts/:appid/menu/click',
      {
        schema: {
          tags: clientTags,
          summary:
            "A click on a button of the follower's menu: raises WeChat's event for the account's server and answers what to open",
          security: CLIENT_SECURITY,
          params: AppidParam,
          body: ClickBody,
          response: { 200: ClickAnswer },
        },
        onRequest: client,
      },
      async (request) => {
        const { platform, ...click } = request.body;
        return menus.click(currentEndUser(request).id, request.params.appid, {
          ...click,
          platform: PLATFORM_TYPE[platform ?? 'other'],
        });
      },
    );
  };
