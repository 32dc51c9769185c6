import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import type { Context } from './context.ts';
import { packageRoutes } from './features/code/package.routes.ts';
import { nativeApi } from './native-api.ts';
import { wechatApi } from './wechat/index.ts';

export interface AppOptions {
  logger?: boolean | { level: string };
  /** Sees every route as it is registered (the contracts script lists the WeChat ones). */
  onRoute?: (route: RouteOptions) => void;
}

/** Composes the plugins; nothing else. */
export async function buildApp(ctx: Context, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: true, allErrors: false } },
  });
  if (options.onRoute) app.addHook('onRoute', options.onRoute);
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Wharf native API',
        version: '1',
        description:
          'The native API of a Wharf platform. The WeChat-compatible API lives at the root (/cgi-bin, /wxa, /sns).',
      },
    },
    // Only the native face is described here; WeChat's own documents describe the other.
    transform: ({ schema, url }) => ({
      schema: url.startsWith('/api/v1') ? schema : { ...schema, hide: true },
      url,
    }),
  });
  await app.register(swaggerUi, { routePrefix: '/api/v1/docs' });
  app.get('/healthz', { schema: { hide: true } }, async () => {
    await ctx.store.db.selectFrom('settings').select('key').limit(1).execute();
    return { ok: true };
  });
  await app.register(nativeApi(ctx), { prefix: '/api/v1' });
  await app.register(wechatApi(ctx));
  await app.register(packageRoutes(ctx));
  return app;
}
