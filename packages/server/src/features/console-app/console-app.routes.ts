import { resolve } from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import { WharfError } from '../../errors/wharf-error.ts';
import { builtApp } from '../../http/built-app.ts';
import { wechatError } from '../../wechat/errors.ts';

/** Where `npm install` (the root `prepare` script) leaves the built console. */
export const CONSOLE_DIST = resolve(import.meta.dirname, '../../../../console/dist');

/** A browser navigating asks for HTML first; API clients ask for JSON or anything. */
function wantsPage(accept: string | undefined): boolean {
  const first = accept?.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('text/html');
}

/**
 * The platform console (`packages/console`) at `/` for browsers, its assets under `/console/`.
 * `GET /` for anything but a browser keeps the WeChat face's answer (40066, as WeChat does).
 */
export const consoleAppRoutes =
  (dist = CONSOLE_DIST): FastifyPluginAsync =>
  async (app) => {
    const send = builtApp(
      dist,
      'The console is not built: run `npm install` in the repository. / 控制台尚未构建：请运行 npm install。',
    );
    app.get('/', { schema: { hide: true } }, async (request, reply) => {
      if (!wantsPage(request.headers.accept))
        return reply.status(200).send(wechatError(new WharfError('route_not_found'), request.id));
      return send('index.html', request.headers['if-none-match'], reply);
    });
    app.get<{ Params: { '*': string } }>('/console/*', { schema: { hide: true } }, async (request, reply) =>
      send(request.params['*'], request.headers['if-none-match'], reply),
    );
  };
