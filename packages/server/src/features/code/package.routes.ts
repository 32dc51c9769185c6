import { createHash } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../../context.ts';
import { WharfError } from '../../errors/wharf-error.ts';
import { toWharfError } from '../../http/native-errors.ts';
import { optionalViewer } from './code.routes.ts';

const IMMUTABLE = 'max-age=31536000, immutable';

/**
 * The client side of code: package files at immutable URLs (`/pkg/<appid>/<versionHash>/<path>`)
 * and the runtime's own assets (`/runtime/*`). The runtime's frame has an opaque origin, so
 * both answer any origin; nothing here reads cookies across origins.
 *
 * Registered twice: on the runtime listener (runtime-origin.ts), which serves them, and on the
 * platform with `runtimeOrigin`, which sends package files and the frame there instead: package
 * code never runs, and package bytes are never served, on the origin holding the users' cookies.
 */
/** Sub-resources (scripts, images, fonts) ignore it; a document gets no script and an opaque origin. */
const PACKAGE_FILE_POLICY = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'";

export const packageRoutes =
  (
    ctx: Context,
    options: { runtimeOrigin?: (request: FastifyRequest) => string | undefined } = {},
  ): FastifyPluginAsync =>
  async (app) => {
    /** On the platform: a permanent redirect to the same path on the runtime origin, once one runs. */
    const elsewhere = (request: FastifyRequest, reply: FastifyReply) => {
      const origin = options.runtimeOrigin?.(request);
      if (!origin) return false;
      void reply
        .header('access-control-allow-origin', '*')
        .header('cache-control', 'no-cache')
        .redirect(`${origin}${request.url}`, 308);
      return true;
    };

    // Errors only: the root's not-found handler belongs to the WeChat face.
    app.setErrorHandler((error, request, reply) => {
      const mapped = toWharfError(error);
      if (mapped.code === 'internal') request.log.error({ err: error }, 'unhandled error');
      return reply
        .status(mapped.status)
        .header('access-control-allow-origin', '*')
        .send({ error: { code: mapped.code, message: mapped.message, messageZh: mapped.messageZh } });
    });

    app.get<{ Params: { appid: string; segment: string; '*': string } }>(
      '/pkg/:appid/:segment/*',
      { schema: { hide: true } },
      async (request, reply) => {
        if (elsewhere(request, reply)) return reply;
        const { appid, segment } = request.params;
        const path = request.params['*'];
        const viewer = await optionalViewer(ctx, request);
        const file = await ctx.code.serving.file(appid, segment, path, viewer);
        const etag = `"${file.sha256}"`;
        reply
          .header('access-control-allow-origin', '*')
          .header('cross-origin-resource-policy', 'cross-origin')
          .header('x-content-type-options', 'nosniff')
          // Package files are served from the platform's origin: opened as a document (an SVG,
          // an HTML-looking file), they must not run script there or read the console's cookie.
          .header('content-security-policy', PACKAGE_FILE_POLICY)
          .header('x-frame-options', 'DENY')
          .header('etag', etag)
          .header('cache-control', `${file.isPublic ? 'public' : 'private'}, ${IMMUTABLE}`)
          .header('vary', 'Authorization');
        if (matches(request.headers['if-none-match'], etag)) return reply.status(304).send();
        return reply
          .type(file.contentType)
          .send(Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength));
      },
    );

    let assets: Promise<Map<string, { body: Buffer; contentType: string; etag: string }>> | undefined;
    const loadAssets = () => {
      assets ??= ctx.code.runtime.runtimeAssets().then((built) => {
        const map = new Map<string, { body: Buffer; contentType: string; etag: string }>();
        for (const [path, asset] of built) {
          const body = Buffer.from(asset.body);
          const etag = `"${createHash('sha256').update(body).digest('hex')}"`;
          map.set(path.replace(/^\/+/, ''), { body, contentType: asset.contentType, etag });
        }
        return map;
      });
      return assets;
    };

    app.get<{ Params: { '*': string } }>('/runtime/*', { schema: { hide: true } }, async (request, reply) => {
      const path = request.params['*'];
      // The frame document is what runs package code: never on the platform. Its scripts (frame.js)
      // are the runtime's own and harmless anywhere; the reviewer preview (preview.html) is a host page.
      if (path === 'frame.html' && elsewhere(request, reply)) return reply;
      const asset = (await loadAssets()).get(path);
      if (!asset) throw new WharfError('not_found', { what: 'runtime file' });
      // The runtime's contract: frame.html (the sandboxed page the package runs in) carries these.
      if (path === 'frame.html') {
        for (const [name, value] of Object.entries(ctx.code.runtime.FRAME_HEADERS)) reply.header(name, value);
      }
      // Same URL, new contents after an upgrade: revalidate, cheaply, by ETag.
      reply
        .header('access-control-allow-origin', '*')
        .header('cross-origin-resource-policy', 'cross-origin')
        .header('etag', asset.etag)
        .header('cache-control', 'no-cache');
      if (matches(request.headers['if-none-match'], asset.etag)) return reply.status(304).send();
      return reply.type(asset.contentType).send(asset.body);
    });
  };

function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header === '*' || header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
