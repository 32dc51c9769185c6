import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type Static, Type } from 'typebox';
import type { Context } from '../../context.ts';
import { WharfError } from '../../errors/wharf-error.ts';
import { CLIENT_SECURITY } from '../../http/schemas.ts';
import { requestOrigin } from '../code/code.routes.ts';
import { currentEndUser, endUserGuard } from '../end-users/end-user-auth.ts';
import { decodeDataUrl } from '../miniprograms/data-url.ts';
import type { UserMessageInput } from './conversations.service.ts';

const AppidParam = Type.Object({ appid: Type.String({ pattern: '^wx[0-9a-f]{16}$' }) });

/** One object (not a union) so the document and the check refuse unknown fields alike; the type picks the fields. */
const UserMessage = Type.Object({
  type: Type.Union([Type.Literal('text'), Type.Literal('image'), Type.Literal('location')]),
  image: Type.Optional(
    Type.String({ maxLength: 2_800_000, description: 'a PNG or JPEG as a base64 data URL, at most 2 MB' }),
  ),
  content: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
  latitude: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
  longitude: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
  scale: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
  label: Type.Optional(Type.String({ maxLength: 200 })),
});

function userMessage(body: Static<typeof UserMessage>): UserMessageInput | { type: 'image'; bytes: Buffer } {
  if (body.type === 'image') {
    if (body.image === undefined)
      throw new WharfError('validation_failed', { field: 'body.image', reason: 'required for image' });
    return {
      type: 'image',
      bytes: decodeDataUrl(body.image, ['image/png', 'image/jpeg'], 2 * 1024 * 1024, 'body.image'),
    };
  }
  if (body.type === 'text') {
    if (body.content === undefined)
      throw new WharfError('validation_failed', { field: 'body.content', reason: 'required for text' });
    return { type: 'text', content: body.content };
  }
  const { latitude, longitude, scale = 15, label = '' } = body;
  if (latitude === undefined || longitude === undefined) {
    throw new WharfError('validation_failed', {
      field: 'body.latitude',
      reason: 'latitude and longitude required for location',
    });
  }
  return { type: 'location', latitude, longitude, scale, label };
}

const Entry = Type.Object({
  id: Type.String(),
  from: Type.Union([Type.Literal('user'), Type.Literal('account')]),
  kind: Type.String(),
  body: Type.Object({}, { additionalProperties: true }),
  at: Type.Number(),
});

/** An end user's conversation with an official account, in the client. */
export const conversationsRoutes =
  (ctx: Context): FastifyPluginAsyncTypebox =>
  async (app) => {
    const client = endUserGuard(ctx.endUsers);
    const tags = ['client'];
    const { conversations, custom } = ctx.oaMessages;

    app.post(
      '/client/official-accounts/:appid/messages',
      {
        // An image rides in the body as a data URL.
        bodyLimit: 3 * 1024 * 1024,
        schema: {
          tags,
          summary: "Send a message to an account you follow; its server hears it as WeChat's XML",
          security: CLIENT_SECURITY,
          params: AppidParam,
          body: UserMessage,
          response: { 201: Type.Object({ msgId: Type.String(), at: Type.Number() }) },
        },
        onRequest: client,
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await conversations.send(
              currentEndUser(request).id,
              request.params.appid,
              userMessage(request.body),
              requestOrigin(ctx, request),
            ),
          ),
    );

    app.get(
      '/client/official-accounts/:appid/conversation',
      {
        schema: {
          tags,
          summary: 'Both sides of the conversation with an account, newest first',
          security: CLIENT_SECURITY,
          params: AppidParam,
          querystring: Type.Object({
            before: Type.Optional(Type.Integer({ minimum: 0 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
          }),
          response: { 200: Type.Array(Entry) },
        },
        onRequest: client,
      },
      async (request) =>
        conversations.conversation(currentEndUser(request).id, request.params.appid, request.query),
    );

    // The PicUrl of a follower's image: fetched by the account's server, which has no session; the id is unguessable.
    app.get(
      '/media/:id',
      {
        schema: {
          tags,
          summary: "An image a follower sent (the PicUrl of WeChat's image message)",
          security: [],
          params: Type.Object({ id: Type.String({ minLength: 10, maxLength: 64 }) }),
        },
      },
      async (request, reply) => {
        const media = await custom.media(request.params.id);
        return reply
          .type(media.contentType)
          .header('cache-control', 'private, max-age=3600')
          .send(Buffer.from(media.bytes));
      },
    );

    app.get(
      '/client/media/:id',
      {
        schema: {
          tags,
          summary: 'The bytes of a medium an account sent (an image, a card thumbnail)',
          security: CLIENT_SECURITY,
          params: Type.Object({ id: Type.String({ minLength: 10, maxLength: 64 }) }),
        },
        onRequest: client,
      },
      async (request, reply) => {
        const media = await custom.media(request.params.id);
        return reply
          .type(media.contentType)
          .header('cache-control', 'private, max-age=3600')
          .send(Buffer.from(media.bytes));
      },
    );
  };
