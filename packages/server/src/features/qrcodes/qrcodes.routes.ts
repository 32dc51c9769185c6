import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Context } from '../../context.ts';
import { WharfError } from '../../errors/wharf-error.ts';

/** Base64 of an image: the route takes up to ~6 MB of image; the operator's cap applies after. */
const IMAGE_BODY_LIMIT = 8 * 1024 * 1024;

export const ScanAction = Type.Object({
  action: Type.Union([Type.Literal('open_miniprogram'), Type.Literal('open_web'), Type.Literal('show_text')]),
  appid: Type.Optional(Type.String()),
  version: Type.Optional(Type.String()),
  path: Type.Optional(Type.String()),
  query: Type.Optional(Type.Record(Type.String(), Type.String())),
  scene: Type.Optional(Type.Integer()),
  via: Type.Optional(Type.String()),
  rule: Type.Optional(Type.String()),
  url: Type.Optional(Type.String()),
  text: Type.Optional(Type.String()),
});

/** The scan resolver on the native face: what the client's scanner asks. */
export const qrcodesRoutes =
  (ctx: Context): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/scan',
      {
        schema: {
          tags: ['qrcodes'],
          summary:
            'Resolve a scanned QR code (its text, or a PNG/JPEG image as base64) to what WeChat would open: a mini program page with its scene and query, or a web page',
          security: [{}],
          body: Type.Object(
            {
              text: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })),
              image: Type.Optional(Type.String({ minLength: 1, maxLength: IMAGE_BODY_LIMIT - 1024 })),
              source: Type.Optional(
                Type.Union([Type.Literal('camera'), Type.Literal('long_press'), Type.Literal('album')]),
              ),
            },
            { additionalProperties: false },
          ),
          response: { 200: ScanAction },
        },
        bodyLimit: IMAGE_BODY_LIMIT,
      },
      async (request) => {
        const { text, image, source = 'camera' } = request.body;
        if ((text === undefined) === (image === undefined)) {
          throw new WharfError('validation_failed', {
            field: 'body',
            reason: 'give exactly one of text and image',
          });
        }
        if (text !== undefined) return ctx.qrcodes.scan.resolveText(text, source);
        if (!/^[A-Za-z0-9+/]*={0,2}$/.test(image as string)) {
          throw new WharfError('validation_failed', { field: 'image', reason: 'expected base64' });
        }
        return ctx.qrcodes.scan.resolveImage(Buffer.from(image as string, 'base64'), source);
      },
    );
  };
