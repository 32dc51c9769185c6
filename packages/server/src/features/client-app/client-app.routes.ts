import { resolve } from 'node:path';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { builtApp } from '../../http/built-app.ts';

/** Where `npm install` (the root `prepare` script) leaves the built client. */
export const CLIENT_DIST = resolve(import.meta.dirname, '../../../../client/dist');

/**
 * The end users' client (`packages/client`, built by Vite at install) at `/client/`; its page may
 * frame the runtime origin (where mini programs run).
 */
export const clientAppRoutes =
  (dist = CLIENT_DIST, runtimeOrigin?: (request: FastifyRequest) => string | undefined): FastifyPluginAsync =>
  async (app) => {
    const send = builtApp(
      dist,
      'The client is not built: run `npm install` in the repository. / 客户端尚未构建：请运行 npm install。',
      runtimeOrigin,
    );
    app.get('/client', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/client/'));
    app.get<{ Params: { '*': string } }>('/client/*', { schema: { hide: true } }, async (request, reply) =>
      send(request.params['*'], request.headers['if-none-match'], reply),
    );
  };
