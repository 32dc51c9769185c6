import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../context.ts';
import type { ErrorCode } from '../errors/catalogue.ts';
import { WharfError } from '../errors/wharf-error.ts';
import { requestOrigin } from '../features/code/code.routes.ts';
import type { Rgb } from '../features/qrcodes/codes.service.ts';
import { toWharfError } from '../http/native-errors.ts';
import { wechatError } from './errors.ts';
import { asBoolean, asNumber, asObject, asString, postOnly } from './params.ts';
import { caller, tokenGuard } from './token-guard.ts';

const ok = { errcode: 0, errmsg: 'ok' };
type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

function asColour(value: unknown): Rgb | undefined {
  if (value === undefined || value === null) return undefined;
  const rgb = (typeof value === 'object' ? value : {}) as Record<string, unknown>;
  return {
    r: asNumber(rgb.r) ?? Number.NaN,
    g: asNumber(rgb.g) ?? Number.NaN,
    b: asNumber(rgb.b) ?? Number.NaN,
  };
}

/** WeChat answers a body that is not JSON with the API's own length errcode (40159 / 40169). */
function notJsonAs(code: ErrorCode) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const mapped = error instanceof SyntaxError ? new WharfError(code) : toWharfError(error);
    if (mapped.code === 'internal') request.log.error({ err: error }, 'unhandled error');
    return reply.status(200).send(wechatError(mapped, request.id));
  };
}

/**
 * Mini program codes (`/wxa/getwxacode`, `/wxa/getwxacodeunlimit`,
 * `/cgi-bin/wxaapp/createwxaqrcode`: PNG bytes, or the JSON error) and ordinary-link QR rules
 * (`/cgi-bin/wxopen/qrcodejump*`), field names as WeChat spells them.
 */
export const qrcodeRoutes =
  (ctx: Context): FastifyPluginAsync =>
  async (app) => {
    const guard = tokenGuard(ctx, 'qrcodes');
    const { codes, rules } = ctx.qrcodes;
    const post = (url: string, handler: Handler, notJson?: ErrorCode) =>
      postOnly(
        app,
        url,
        { onRequest: guard, ...(notJson ? { errorHandler: notJsonAs(notJson) } : {}) },
        handler,
      );
    const png = (reply: FastifyReply, bytes: Uint8Array) =>
      reply.type('image/png').header('cache-control', 'private, max-age=3600').send(Buffer.from(bytes));

    post(
      '/wxa/getwxacode',
      async (request, reply) => {
        const body = asObject(request.body);
        const code = await codes.wxaCode(
          caller(request).appid,
          {
            path: asString(body.path),
            width: asNumber(body.width),
            autoColor: asBoolean(body.auto_color),
            lineColor: asColour(body.line_color),
            hyaline: asBoolean(body.is_hyaline),
            envVersion: asString(body.env_version),
          },
          requestOrigin(ctx, request),
        );
        return png(reply, code.png);
      },
      'wx_invalid_path_length',
    );

    post(
      '/wxa/getwxacodeunlimit',
      async (request, reply) => {
        const body = asObject(request.body);
        const code = await codes.unlimitedCode(
          caller(request).appid,
          {
            scene: asString(body.scene),
            page: asString(body.page),
            checkPath: body.check_path === undefined ? true : asBoolean(body.check_path),
            width: asNumber(body.width),
            autoColor: asBoolean(body.auto_color),
            lineColor: asColour(body.line_color),
            hyaline: asBoolean(body.is_hyaline),
            envVersion: asString(body.env_version),
          },
          requestOrigin(ctx, request),
        );
        return png(reply, code.png);
      },
      'qr_invalid_scene_length',
    );

    post(
      '/cgi-bin/wxaapp/createwxaqrcode',
      async (request, reply) => {
        const body = asObject(request.body);
        const code = await codes.squareCode(
          caller(request).appid,
          { path: asString(body.path), width: asNumber(body.width) },
          requestOrigin(ctx, request),
        );
        return png(reply, code.png);
      },
      'wx_invalid_path_length',
    );

    // Every qrcodejump call counts against the app's per-second limit before it runs.
    const jump = (url: string, handler: Handler) =>
      post(url, async (request, reply) => {
        const scope = { subject: caller(request).appid, ip: request.ip };
        try {
          return await ctx.rateLimits.attempt('qrcodeJump', scope, () => handler(request, reply));
        } catch (error) {
          if (!(error instanceof WharfError && error.code === 'too_many_attempts')) throw error;
          throw new WharfError('qr_jump_too_fast', {
            limit: await ctx.settings.get('limits.qrcodeJump.perApp'),
          });
        }
      });

    jump('/cgi-bin/wxopen/qrcodejumpdownload', async (request) => {
      const file = await rules.download(caller(request).appid);
      return { ...ok, file_name: file.fileName, file_content: file.fileContent };
    });

    jump('/cgi-bin/wxopen/qrcodejumpadd', async (request) => {
      const body = asObject(request.body);
      const debug = body.debug_url;
      if (debug !== undefined && !(Array.isArray(debug) && debug.every((u) => typeof u === 'string'))) {
        throw new WharfError('validation_failed', {
          field: 'debug_url',
          reason: 'expected an array of links',
        });
      }
      await rules.add(caller(request).appid, {
        prefix: asString(body.prefix),
        permitSubRule: asNumber(body.permit_sub_rule),
        path: asString(body.path),
        openVersion: asNumber(body.open_version),
        debugUrls: debug as string[] | undefined,
        isEdit: asBoolean(body.is_edit),
      });
      return ok;
    });

    jump('/cgi-bin/wxopen/qrcodejumpget', async (request) => {
      const { rules: list, publishesLeft } = await rules.list(caller(request).appid);
      return {
        ...ok,
        rule_list: list,
        qrcodejump_open: 1,
        list_size: list.length,
        qrcodejump_pub_quota: publishesLeft,
        total_count: list.length,
      };
    });

    jump('/cgi-bin/wxopen/qrcodejumpdelete', async (request) => {
      await rules.remove(caller(request).appid, asString(asObject(request.body).prefix));
      return ok;
    });

    jump('/cgi-bin/wxopen/qrcodejumppublish', async (request) => {
      await rules.publish(caller(request).appid, asString(asObject(request.body).prefix));
      return ok;
    });
  };
