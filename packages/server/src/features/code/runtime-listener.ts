import Fastify, { type FastifyInstance } from 'fastify';
import type { Context } from '../../context.ts';
import { WharfLogController } from '../../http/log-controller.ts';
import { loggerOptions } from '../../http/log-redaction.ts';
import { packageRoutes } from './package.routes.ts';
import { runtimeListening } from './runtime-origin.ts';

/** Starts the runtime listener (runtime-origin.ts says why); the platform's links and redirects point at it from then on. */
export async function listenRuntime(
  ctx: Context,
  options: { host: string; port: number; logLevel?: string },
): Promise<{ app: FastifyInstance; url: string }> {
  const app = Fastify({
    logger: options.logLevel ? loggerOptions(options.logLevel) : false,
    logController: new WharfLogController(),
    bodyLimit: 1024,
    trustProxy: ctx.config.trustProxy,
  });
  app.addHook('onRoute', (route) => {
    const handler = route.handler;
    route.handler = function (this: FastifyInstance, request, reply) {
      return ctx.work.run(() => handler.call(this, request, reply));
    };
  });
  app.get('/healthz', { schema: { hide: true } }, async () => ({ ok: true, runtime: true }));
  // No cookie plugin: a request here is never anyone's session, whatever the browser sends along.
  await app.register(packageRoutes(ctx));
  app.setNotFoundHandler((_request, reply) =>
    reply
      .status(404)
      .type('text/plain; charset=utf-8')
      .send('Not found: this origin serves mini programs only'),
  );
  const address = await app.listen({ host: options.host, port: options.port });
  runtimeListening(ctx.config, Number(new URL(address).port));
  return { app, url: address };
}
