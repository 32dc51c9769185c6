import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Context } from '../../context.ts';
import { CLIENT_SECURITY } from '../../http/schemas.ts';
import { currentEndUser, endUserGuard } from '../end-users/end-user-auth.ts';
import { Username } from '../end-users/end-users.routes.ts';
import { decodeDataUrl } from '../miniprograms/data-url.ts';
import {
  ChatDetail,
  ChatEntry,
  ChatIdParam,
  ChatView,
  MiniProgramShare,
  Usernames,
} from './chats.schemas.ts';

const IMAGE_TYPES = ['image/png', 'image/jpeg'];
const IMAGE_MAX_BYTES = 2 * 1024 * 1024;
/** A file of a chat (an image, a card's thumbnail), addressed by its blob's sha256. */
const ChatBlobParams = Type.Object({
  ...ChatIdParam.properties,
  blob: Type.String({ pattern: '^[0-9a-f]{64}$' }),
});

/** One-to-one and group chats of the signed-in end user, under `/api/v1/client/chats`. */
export const chatsRoutes =
  (ctx: Context): FastifyPluginAsyncTypebox =>
  async (app) => {
    const guard = endUserGuard(ctx.endUsers);
    const tags = ['client'];
    const { chats } = ctx;
    // Naming people is a guess at who has an account: unknown names count against the caller.
    const lookup = <T>(request: { ip: string; endUser?: { id: string } }, work: () => Promise<T>) =>
      ctx.rateLimits.attempt('chatLookup', { subject: request.endUser?.id, ip: request.ip }, work);

    app.get(
      '/client/chats',
      {
        schema: {
          tags,
          summary: 'The user’s chats, the one with the newest message first (at most 100)',
          security: CLIENT_SECURITY,
          response: { 200: Type.Array(ChatView) },
        },
        onRequest: guard,
      },
      async (request) => chats.list(currentEndUser(request).id),
    );

    app.post(
      '/client/chats/direct',
      {
        schema: {
          tags,
          summary: 'The one-to-one chat with a user (created on first use)',
          security: CLIENT_SECURITY,
          body: Type.Object({ username: Username }),
          response: { 200: ChatView },
        },
        onRequest: guard,
      },
      async (request) =>
        lookup(request, () => chats.direct(currentEndUser(request).id, request.body.username)),
    );

    app.post(
      '/client/chats/groups',
      {
        schema: {
          tags,
          summary: 'A new group chat of the user and the people named',
          security: CLIENT_SECURITY,
          body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 32 }), usernames: Usernames }),
          response: { 201: ChatView },
        },
        onRequest: guard,
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await lookup(request, () => chats.group(currentEndUser(request).id, request.body))),
    );

    app.get(
      '/client/chats/:chatId',
      {
        schema: {
          tags,
          summary: 'A chat one is in, with its members',
          security: CLIENT_SECURITY,
          params: ChatIdParam,
          response: { 200: ChatDetail },
        },
        onRequest: guard,
      },
      async (request) => chats.get(currentEndUser(request).id, request.params.chatId),
    );

    app.post(
      '/client/chats/:chatId/members',
      {
        schema: {
          tags,
          summary: 'Add people to a group one is in; they see what is sent from then on',
          security: CLIENT_SECURITY,
          params: ChatIdParam,
          body: Type.Object({ usernames: Usernames }),
          response: { 200: ChatView },
        },
        onRequest: guard,
      },
      async (request) =>
        lookup(request, () =>
          chats.addMembers(currentEndUser(request).id, request.params.chatId, request.body.usernames),
        ),
    );

    app.get(
      '/client/chats/:chatId/messages',
      {
        schema: {
          tags,
          summary:
            'A chat’s messages, newest first (`before` a cursor); new ones also arrive by the inbox stream',
          security: CLIENT_SECURITY,
          params: ChatIdParam,
          querystring: Type.Object({
            before: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
          }),
          response: {
            200: Type.Object({
              items: Type.Array(ChatEntry),
              next: Type.Union([Type.String(), Type.Null()]),
            }),
          },
        },
        onRequest: guard,
      },
      async (request) => chats.messages(currentEndUser(request).id, request.params.chatId, request.query),
    );

    app.post(
      '/client/chats/:chatId/messages',
      {
        schema: {
          tags,
          summary: 'Send a text to a chat one is in; every member’s inbox gets it',
          security: CLIENT_SECURITY,
          params: ChatIdParam,
          body: Type.Object({ text: Type.String({ minLength: 1, maxLength: 2000 }) }),
          response: { 201: ChatEntry },
        },
        onRequest: guard,
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await chats.sendText(currentEndUser(request).id, request.params.chatId, request.body.text)),
    );

    app.post(
      '/client/chats/:chatId/shares',
      {
        schema: {
          tags,
          summary:
            'Post a mini program’s share (`onShareAppMessage`) as a card: it opens with 1007 one-to-one, 1008 in a group, 1044 with a shareTicket',
          security: CLIENT_SECURITY,
          params: ChatIdParam,
          body: MiniProgramShare,
          response: { 201: ChatEntry },
        },
        onRequest: guard,
      },
      async (request, reply) => {
        const { imageUrl, ...share } = request.body;
        const posted = await chats.shareCard(currentEndUser(request).id, request.params.chatId, {
          ...share,
          source: 'miniprogram',
          thumbUrl: imageUrl ?? null,
        });
        return reply.status(201).send(posted);
      },
    );

    app.post(
      '/client/chats/:chatId/images',
      {
        // The image rides in the body as a data URL, as the console's broadcast images do.
        bodyLimit: 3 * 1024 * 1024,
        schema: {
          tags,
          summary:
            'Send an image (PNG or JPEG, at most 2 MB, within a daily budget) to a chat one is in; every member’s inbox gets it',
          security: CLIENT_SECURITY,
          params: ChatIdParam,
          body: Type.Object({
            image: Type.String({ maxLength: 2_800_000, description: 'a PNG or JPEG as a base64 data URL' }),
          }),
          response: { 201: ChatEntry },
        },
        onRequest: guard,
      },
      async (request, reply) => {
        const image = request.body.image;
        const bytes = decodeDataUrl(image, IMAGE_TYPES, IMAGE_MAX_BYTES, 'image');
        const contentType = image.slice(5, image.indexOf(';'));
        return reply
          .status(201)
          .send(
            await chats.sendImage(currentEndUser(request).id, request.params.chatId, { bytes, contentType }),
          );
      },
    );

    app.get(
      '/client/chats/:chatId/images/:blob',
      {
        schema: {
          tags,
          summary: 'An image sent in a chat, for the chat’s members',
          security: CLIENT_SECURITY,
          params: ChatBlobParams,
        },
        onRequest: guard,
      },
      async (request, reply) => {
        const image = await chats.image(
          currentEndUser(request).id,
          request.params.chatId,
          request.params.blob,
        );
        return reply
          .type(image.contentType)
          .header('cache-control', 'private, max-age=86400, immutable')
          .header('x-content-type-options', 'nosniff')
          .send(Buffer.from(image.bytes));
      },
    );

    app.get(
      '/client/chats/:chatId/thumbs/:blob',
      {
        schema: {
          tags,
          summary: 'A card’s thumbnail, for the chat’s members',
          security: CLIENT_SECURITY,
          params: ChatBlobParams,
        },
        onRequest: guard,
      },
      async (request, reply) => {
        const thumb = await chats.thumb(
          currentEndUser(request).id,
          request.params.chatId,
          request.params.blob,
        );
        return reply
          .type(thumb.contentType)
          .header('cache-control', 'private, max-age=86400, immutable')
          .send(Buffer.from(thumb.bytes));
      },
    );
  };
