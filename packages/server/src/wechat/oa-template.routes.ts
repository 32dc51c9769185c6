import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Context } from '../context.ts';
import { WharfError } from '../errors/wharf-error.ts';
import type { SendInput } from '../features/oa-templates/oa-templates.service.ts';
import { asObject, asString, postOnly } from './params.ts';
import { caller, tokenGuard } from './token-guard.ts';

const ok = { errcode: 0, errmsg: 'ok' };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Industry ids arrive as numbers or numeric strings; anything else becomes NaN and is refused (40102). */
function asIndustryId(value: unknown): number {
  const text = asString(value)?.trim() ?? '';
  return /^\d{1,3}$/.test(text) ? Number(text) : Number.NaN;
}

/** The send body as WeChat names it; `data` goes to the service as sent, to be checked against the template. */
function sendInput(body: unknown): SendInput {
  if (!isObject(body))
    throw new WharfError('oa_template_data_format', { reason: 'the body must be a JSON object' });
  const { miniprogram } = body;
  if (miniprogram !== undefined && miniprogram !== null && !isObject(miniprogram)) {
    throw new WharfError('oa_template_data_format', { reason: 'miniprogram must be an object' });
  }
  return {
    touser: asString(body.touser) ?? '',
    templateId: asString(body.template_id) ?? '',
    url: asString(body.url) || undefined,
    miniprogram: isObject(miniprogram)
      ? {
          appid: asString(miniprogram.appid) ?? '',
          // WeChat's field is pagepath; some older SDKs send path.
          pagepath: asString(miniprogram.pagepath) ?? asString(miniprogram.path) ?? '',
        }
      : undefined,
    clientMsgId: asString(body.client_msg_id) || undefined,
    data: body.data,
  };
}

/** `/cgi-bin/template/*` and `/cgi-bin/message/template/send`: a service account's template messages. */
export const oaTemplateRoutes =
  (ctx: Context): FastifyPluginAsync =>
  async (app) => {
    const guard = tokenGuard(ctx, 'messages', 'official_account');
    const templates = ctx.oaTemplates;
    const post = (url: string, handler: (request: FastifyRequest) => Promise<unknown>) =>
      postOnly(app, url, { onRequest: guard }, handler);
    /** Reads answer GET (as SDKs call them) and POST alike. */
    const read = (url: string, handler: (request: FastifyRequest) => Promise<unknown>) => {
      app.route({ method: ['GET', 'POST'], url, onRequest: guard, handler });
    };

    post('/cgi-bin/template/api_set_industry', async (request) => {
      const body = asObject(request.body);
      await templates.setIndustry(
        caller(request).appId,
        asIndustryId(body.industry_id1),
        asIndustryId(body.industry_id2),
      );
      return ok;
    });

    read('/cgi-bin/template/get_industry', async (request) => {
      const industry = await templates.getIndustry(caller(request).appId);
      return { ...ok, ...industry };
    });

    post('/cgi-bin/template/api_add_template', async (request) => {
      const { templateId } = await templates.addTemplate(
        caller(request).appId,
        asString(asObject(request.body).template_id_short) ?? '',
      );
      return { ...ok, template_id: templateId };
    });

    read('/cgi-bin/template/get_all_private_template', async (request) => ({
      ...ok,
      template_list: await templates.privateTemplates(caller(request).appId),
    }));

    post('/cgi-bin/template/del_private_template', async (request) => {
      await templates.deleteTemplate(
        caller(request).appId,
        asString(asObject(request.body).template_id) ?? '',
      );
      return ok;
    });

    post('/cgi-bin/message/template/send', async (request) => {
      const { msgid } = await templates.send(caller(request).appId, sendInput(request.body));
      return { ...ok, msgid };
    });
  };
