import multipart from '@fastify/multipart';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Context } from '../context.ts';
import { WharfError } from '../errors/wharf-error.ts';
import { wechatError } from './errors.ts';
import { asNumber, asObject, asString, postOnly } from './params.ts';
import { caller, tokenGuard } from './token-guard.ts';

const OK = { errcode: 0, errmsg: 'ok' } as const;
/** WeChat's biggest temporary medium (an image or a video): 10 MB. */
const MEDIA_BYTES = 10 * 1024 * 1024;

/**
 * An official account's messages to its followers: customer-service messages and their media,
 * broadcasts, and the tags broadcasts and conditional menus address.
 */
export const oaMessagesRoutes =
  (ctx: Context): FastifyPluginAsync =>
  async (app) => {
    const guard = tokenGuard(ctx, 'messages', 'official_account');
    const { custom, broadcast, tags } = ctx.oaMessages;
    const account = (request: FastifyRequest) => ctx.officialAccounts.accounts.byId(caller(request).appId);
    const post = (url: string, handler: (request: FastifyRequest) => Promise<unknown>) =>
      postOnly(app, url, { onRequest: guard }, handler);

    // The same paths serve a mini program's customer service with its own token.
    const eitherGuard = tokenGuard(ctx, 'messages', ['official_account', 'miniprogram']);
    const miniProgram = (request: FastifyRequest) =>
      caller(request).kind === 'miniprogram' ? ctx.mpMessages.caller(caller(request).appId) : undefined;
    postOnly(app, '/cgi-bin/message/custom/send', { onRequest: eitherGuard }, async (request) => {
      const mp = await miniProgram(request);
      if (mp) await ctx.mpMessages.custom.send(mp, asObject(request.body));
      else await custom.send(caller(request).appId, asObject(request.body));
      return OK;
    });

    await app.register(async (media) => {
      await media.register(multipart, { limits: { fileSize: MEDIA_BYTES, files: 1, fields: 5 } });
      media.post(
        '/cgi-bin/media/upload',
        { onRequest: eitherGuard, bodyLimit: MEDIA_BYTES + 64 * 1024 },
        async (request) => {
          const type = asString(asObject(request.query).type) ?? '';
          if (!request.isMultipart()) throw new WharfError('oa_invalid_media_file');
          const file = await request.file();
          if (!file) throw new WharfError('oa_invalid_media_file');
          const data = await file.toBuffer().catch(() => {
            throw new WharfError('oa_media_too_large', { limit: MEDIA_BYTES });
          });
          const mp = await miniProgram(request);
          return mp
            ? ctx.mpMessages.custom.upload(mp, type, data)
            : custom.upload(caller(request).appId, type, data);
        },
      );
    });

    app.get('/cgi-bin/media/get', { onRequest: eitherGuard }, async (request, reply) => {
      const id = asString(asObject(request.query).media_id) ?? '';
      const media =
        caller(request).kind === 'miniprogram'
          ? await ctx.mpMessages.custom.media(id, caller(request).appId)
          : await custom.media(id, caller(request).appId);
      return reply.type(media.contentType).send(Buffer.from(media.bytes));
    });

    post('/cgi-bin/message/mass/sendall', async (request) => {
      try {
        return await broadcast.sendAll(await account(request), asObject(request.body));
      } catch (error) {
        return repeated(error, request);
      }
    });
    post('/cgi-bin/message/mass/send', async (request) => {
      try {
        return await broadcast.sendToList(await account(request), asObject(request.body));
      } catch (error) {
        return repeated(error, request);
      }
    });
    post('/cgi-bin/message/mass/get', async (request) => ({
      ...(await broadcast.status(await account(request), asObject(request.body).msg_id)),
    }));

    post('/cgi-bin/tags/create', async (request) =>
      tags.create(caller(request).appId, asObject(asObject(request.body).tag).name),
    );
    app.get('/cgi-bin/tags/get', { onRequest: guard }, async (request) => tags.list(caller(request).appId));
    post('/cgi-bin/tags/update', async (request) => {
      const tag = asObject(asObject(request.body).tag);
      await tags.rename(caller(request).appId, asNumber(tag.id), tag.name);
      return OK;
    });
    post('/cgi-bin/tags/delete', async (request) => {
      await tags.remove(caller(request).appId, asNumber(asObject(asObject(request.body).tag).id));
      return OK;
    });
    post('/cgi-bin/tags/members/batchtagging', async (request) => {
      const body = asObject(request.body);
      await tags.tagUsers(caller(request).appId, asNumber(body.tagid), body.openid_list);
      return OK;
    });
    post('/cgi-bin/tags/members/batchuntagging', async (request) => {
      const body = asObject(request.body);
      await tags.untagUsers(caller(request).appId, asNumber(body.tagid), body.openid_list);
      return OK;
    });
    post('/cgi-bin/tags/getidlist', async (request) =>
      tags.tagsOf(caller(request).appId, asObject(request.body).openid),
    );
    post('/cgi-bin/user/tag/get', async (request) => {
      const body = asObject(request.body);
      return tags.members(caller(request).appId, asNumber(body.tagid), asString(body.next_openid) ?? '');
    });
  };

/** 45065 answers the earlier broadcast's msg_id beside the error, as WeChat does. */
function repeated(error: unknown, request: FastifyRequest) {
  if (error instanceof WharfError && error.code === 'oa_client_msg_id_repeated') {
    return { ...wechatError(error, request.id), msg_id: Number(error.params.msg_id) };
  }
  throw error;
}
