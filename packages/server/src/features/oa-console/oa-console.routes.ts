import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Context } from '../../context.ts';
import { currentUser, sessionGuard } from '../../http/auth.ts';
import { IdParam, Ok, SESSION_SECURITY } from '../../http/schemas.ts';
import { decodeDataUrl } from '../miniprograms/data-url.ts';
import { oaConsoleService } from './oa-console.service.ts';

const TagParams = Type.Object({
  id: IdParam.properties.id,
  tagId: Type.Integer({ minimum: 0, maximum: 2_147_483_647 }),
});
// Lengths in bytes are the service's rule (45158); the schema only bounds the request.
const TagName = Type.Object({ name: Type.String({ maxLength: 256 }) });
const Tag = Type.Object({ id: Type.Integer(), name: Type.String() });
const Openid = Type.String({ minLength: 1, maxLength: 64 });
const FollowerParams = Type.Object({ id: IdParam.properties.id, openid: Openid });

const Window = Type.Union([
  Type.Object({
    kind: Type.Union([Type.Literal('message'), Type.Literal('event')]),
    expiresAt: Type.Number(),
    remaining: Type.Integer(),
  }),
  Type.Null(),
]);

const Profile = Type.Object({
  openid: Type.String(),
  nickname: Type.String(),
  remark: Type.String(),
  sex: Type.Integer(),
  language: Type.String(),
  country: Type.String(),
  province: Type.String(),
  city: Type.String(),
  headimgurl: Type.String(),
  subscribedAt: Type.Number(),
  subscribeScene: Type.String(),
  tagIds: Type.Array(Type.Integer()),
  unionid: Type.Optional(Type.String()),
  window: Window,
});

const Entry = Type.Object({
  id: Type.String(),
  from: Type.Union([Type.Literal('user'), Type.Literal('account')]),
  kind: Type.String(),
  body: Type.Object({}, { additionalProperties: true }),
  at: Type.Number(),
});

const Follower = Type.Object({
  openid: Type.String(),
  nickname: Type.String(),
  remark: Type.String(),
  subscribedAt: Type.Number(),
  tagIds: Type.Array(Type.Integer()),
});

const Quota = Type.Object({
  limit: Type.Integer(),
  used: Type.Integer(),
  remaining: Type.Integer(),
  period: Type.Union([Type.Literal('day'), Type.Literal('month')]),
});

const Broadcast = Type.Object({
  msgId: Type.String(),
  createdAt: Type.Number(),
  to: Type.Union([Type.Literal('all'), Type.Literal('tag'), Type.Literal('list')]),
  tagId: Type.Union([Type.Integer(), Type.Null()]),
  msgtype: Type.String(),
  text: Type.String(),
  mediaIds: Type.Array(Type.String()),
  status: Type.Union([Type.Literal('sending'), Type.Literal('done')]),
  planned: Type.Union([Type.Integer(), Type.Null()]),
  delivered: Type.Integer(),
});

/**
 * The console's followers, tags and broadcasts of an account: thin adapters over the services
 * the WeChat face (`/cgi-bin/user/get`, `tags/*`, `message/mass/sendall`) uses.
 */
export const oaConsoleRoutes =
  (ctx: Context): FastifyPluginAsyncTypebox =>
  async (app) => {
    const guard = sessionGuard(ctx.accounts);
    const service = oaConsoleService({
      db: ctx.store.db,
      accounts: ctx.officialAccounts.accounts,
      tags: ctx.oaMessages.tags,
      broadcast: ctx.oaMessages.broadcast,
      custom: ctx.oaMessages.custom,
      conversations: ctx.oaMessages.conversations,
      settings: ctx.settings,
      clock: ctx.clock,
    });
    const tags = ['official-accounts'];
    const security = SESSION_SECURITY;

    app.get(
      '/official-accounts/:id/followers',
      {
        schema: {
          tags,
          summary: "The account's followers, newest first, a page at a time; search by nickname or openid",
          security,
          params: IdParam,
          querystring: Type.Object({
            search: Type.Optional(Type.String({ maxLength: 64 })),
            page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
            size: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
          }),
          response: {
            200: Type.Object({
              total: Type.Integer(),
              page: Type.Integer(),
              size: Type.Integer(),
              items: Type.Array(Follower),
            }),
          },
        },
        onRequest: guard,
      },
      async (request) => {
        const { search, page = 1, size = 20 } = request.query;
        return service.followers(currentUser(request).id, request.params.id, {
          ...(search === undefined ? {} : { search }),
          page,
          size,
        });
      },
    );

    app.get(
      '/official-accounts/:id/followers/:openid',
      {
        schema: {
          tags,
          summary:
            'One follower as user/info gives them (remark, tags, subscribe time and scene, language) and the customer-service window open now',
          security,
          params: FollowerParams,
          response: { 200: Profile },
        },
        onRequest: guard,
      },
      async (request) => service.follower(currentUser(request).id, request.params.id, request.params.openid),
    );

    app.put(
      '/official-accounts/:id/followers/:openid/remark',
      {
        schema: {
          tags,
          summary: "Set the follower's remark (as user/info/updateremark: shorter than 30 characters)",
          security,
          params: FollowerParams,
          body: Type.Object({ remark: Type.String({ maxLength: 256 }) }),
          response: { 200: Ok },
        },
        onRequest: guard,
      },
      async (request) => {
        const { id, openid } = request.params;
        await service.setRemark(currentUser(request).id, id, openid, request.body.remark);
        return { ok: true as const };
      },
    );

    app.get(
      '/official-accounts/:id/followers/:openid/conversation',
      {
        schema: {
          tags,
          summary:
            "The follower's messages and the account's replies, customer-service messages and broadcasts, newest first",
          security,
          params: FollowerParams,
          querystring: Type.Object({ before: Type.Optional(Type.Integer({ minimum: 0 })) }),
          response: { 200: Type.Object({ window: Window, entries: Type.Array(Entry) }) },
        },
        onRequest: guard,
      },
      async (request) => {
        const { id, openid } = request.params;
        return service.conversation(currentUser(request).id, id, openid, request.query);
      },
    );

    app.post(
      '/official-accounts/:id/followers/:openid/messages',
      {
        schema: {
          tags,
          summary:
            "Send the follower a text customer-service message (as message/custom/send: within WeChat's 48-hour window)",
          security,
          params: FollowerParams,
          body: Type.Object({ content: Type.String({ minLength: 1, maxLength: 2048 }) }),
          response: { 201: Ok },
        },
        onRequest: guard,
      },
      async (request, reply) => {
        const { id, openid } = request.params;
        await service.sendMessage(currentUser(request).id, id, openid, request.body.content);
        return reply.status(201).send({ ok: true as const });
      },
    );

    app.post(
      '/official-accounts/:id/media',
      {
        // The image rides in the body as a data URL.
        bodyLimit: 3 * 1024 * 1024,
        schema: {
          tags,
          summary: 'Upload an image for a broadcast (as media/upload: a temporary medium kept 3 days)',
          security,
          params: IdParam,
          body: Type.Object({
            image: Type.String({
              maxLength: 2_800_000,
              description: 'a PNG or JPEG as a base64 data URL, at most 2 MB',
            }),
          }),
          response: { 201: Type.Object({ mediaId: Type.String(), createdAt: Type.Number() }) },
        },
        onRequest: guard,
      },
      async (request, reply) => {
        const bytes = decodeDataUrl(
          request.body.image,
          ['image/png', 'image/jpeg'],
          2 * 1024 * 1024,
          'image',
        );
        return reply
          .status(201)
          .send(await service.uploadImage(currentUser(request).id, request.params.id, bytes));
      },
    );

    app.get(
      '/official-accounts/:id/tags',
      {
        schema: {
          tags,
          summary: "The account's tags with their follower counts (as tags/get)",
          security,
          params: IdParam,
          response: { 200: Type.Array(Type.Object({ ...Tag.properties, count: Type.Integer() })) },
        },
        onRequest: guard,
      },
      async (request) => service.tags(currentUser(request).id, request.params.id),
    );

    app.post(
      '/official-accounts/:id/tags',
      {
        schema: {
          tags,
          summary: 'Create a tag (as tags/create: 30 bytes, 100 tags, unique names)',
          security,
          params: IdParam,
          body: TagName,
          response: { 201: Tag },
        },
        onRequest: guard,
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await service.createTag(currentUser(request).id, request.params.id, request.body.name)),
    );

    app.put(
      '/official-accounts/:id/tags/:tagId',
      {
        schema: {
          tags,
          summary: 'Rename a tag (as tags/update)',
          security,
          params: TagParams,
          body: TagName,
          response: { 200: Ok },
        },
        onRequest: guard,
      },
      async (request) => {
        const { id, tagId } = request.params;
        await service.renameTag(currentUser(request).id, id, tagId, request.body.name);
        return { ok: true as const };
      },
    );

    app.delete(
      '/official-accounts/:id/tags/:tagId',
      {
        schema: {
          tags,
          summary: 'Delete a tag; its followers lose it (as tags/delete)',
          security,
          params: TagParams,
          response: { 200: Ok },
        },
        onRequest: guard,
      },
      async (request) => {
        await service.removeTag(currentUser(request).id, request.params.id, request.params.tagId);
        return { ok: true as const };
      },
    );

    app.post(
      '/official-accounts/:id/tags/:tagId/members',
      {
        schema: {
          tags,
          summary: 'Tag or untag followers (as tags/members/batchtagging and batchuntagging: 50 at a time)',
          security,
          params: TagParams,
          body: Type.Object({
            openids: Type.Array(Openid, { minItems: 1, maxItems: 50 }),
            tagged: Type.Boolean(),
          }),
          response: { 200: Ok },
        },
        onRequest: guard,
      },
      async (request) => {
        const { id, tagId } = request.params;
        const { openids, tagged } = request.body;
        await service.setTagged(currentUser(request).id, id, tagId, openids, tagged);
        return { ok: true as const };
      },
    );

    app.get(
      '/official-accounts/:id/broadcasts',
      {
        schema: {
          tags,
          summary: "The broadcast quota of this period and the account's broadcasts with their counts",
          security,
          params: IdParam,
          response: { 200: Type.Object({ quota: Quota, items: Type.Array(Broadcast) }) },
        },
        onRequest: guard,
      },
      async (request) => service.broadcasts(currentUser(request).id, request.params.id),
    );

    app.post(
      '/official-accounts/:id/broadcasts',
      {
        schema: {
          tags,
          summary:
            'Broadcast a text or an uploaded image to every follower or to a tag (as mass/sendall, within the quota)',
          security,
          params: IdParam,
          body: Type.Object({
            msgtype: Type.Optional(Type.Union([Type.Literal('text'), Type.Literal('image')])),
            content: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
            mediaId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
            tagId: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647 })),
          }),
          response: { 201: Type.Object({ msgId: Type.String() }) },
        },
        onRequest: guard,
      },
      async (request, reply) =>
        reply.status(201).send(await service.send(currentUser(request).id, request.params.id, request.body)),
    );
  };
