import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifySchema, type RouteOptions } from 'fastify';
import type { Context } from './context.ts';
import { clientAppRoutes } from './features/client-app/client-app.routes.ts';
import { UPLOAD_KEY_HEADER } from './features/code/code.routes.ts';
import { packageRoutes } from './features/code/package.routes.ts';
import { runtimeOriginOf } from './features/code/runtime-origin.ts';
import { consoleAppRoutes } from './features/console-app/console-app.routes.ts';
import { CLIENT_SESSION_COOKIE } from './features/end-users/end-user-auth.ts';
import { MOBILE_APP_ID_HEADER, MOBILE_APP_SECRET_HEADER } from './features/open-platform/mobile-app-guard.ts';
import { codeLandingRoutes } from './features/qrcodes/code-landing.routes.ts';
import { SESSION_COOKIE } from './http/auth.ts';
import { lazyChildLogger } from './http/lazy-child-logger.ts';
import { WharfLogController } from './http/log-controller.ts';
import { loggerOptions } from './http/log-redaction.ts';
import { SESSION_SECURITY } from './http/schemas.ts';
import { strictNativeRoute } from './http/strict-routes.ts';
import { nativeApi } from './native-api.ts';
import { wechatApi } from './wechat/index.ts';

export interface AppOptions {
  logger?: boolean | { level: string };
  /** Sees every route as it is registered (the contracts script lists the WeChat ones). */
  onRoute?: (route: RouteOptions) => void;
}

/** The upload route reads raw zip bytes (no body schema to validate); its document says so. */
function documented(url: string, schema: FastifySchema): FastifySchema {
  if (url !== '/api/v1/code/:appid/versions') return schema;
  const zip = { schema: { type: 'string', format: 'binary', description: 'the code package as a zip' } };
  return { ...schema, body: { content: { 'application/zip': zip, 'application/octet-stream': zip } } };
}

/** Composes the plugins; nothing else. */
export async function buildApp(ctx: Context, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ? loggerOptions(options.logger === true ? 'info' : options.logger.level) : false,
    logController: new WharfLogController(),
    ...(options.logger ? { childLoggerFactory: lazyChildLogger } : {}),
    bodyLimit: 1024 * 1024,
    trustProxy: ctx.config.trustProxy,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: true, allErrors: false } },
  });
  if (options.onRoute) app.addHook('onRoute', options.onRoute);
  // Shutdown waits for handlers still running (clients that hung up) before the last writes.
  app.addHook('onRoute', (route) => {
    const handler = route.handler;
    route.handler = function (this: FastifyInstance, request, reply) {
      return ctx.work.run(() => handler.call(this, request, reply));
    };
  });
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/v1') && !route.url.startsWith('/api/v1/docs')) strictNativeRoute(route);
  });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Wharf native API',
        version: '1',
        description:
          'The native API of a Wharf platform. The WeChat-compatible API lives at the root (/cgi-bin, /wxa, /sns).',
      },
      components: {
        securitySchemes: {
          sessionCookie: {
            type: 'apiKey',
            in: 'cookie',
            name: SESSION_COOKIE,
            description: 'Set by POST /api/v1/auth/signin (httpOnly). Writes also need the csrfHeader.',
          },
          clientCookie: {
            type: 'apiKey',
            in: 'cookie',
            name: CLIENT_SESSION_COOKIE,
            description: "The client app's end-user session, set by POST /api/v1/client/signin (httpOnly).",
          },
          csrfHeader: {
            type: 'apiKey',
            in: 'header',
            name: 'x-csrf-token',
            description:
              'The csrfToken returned by sign-in; required with the cookie on POST, PUT, PATCH, DELETE.',
          },
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'The session token returned by sign-in, for scripts; no CSRF header needed.',
          },
          uploadKey: {
            type: 'apiKey',
            in: 'header',
            name: UPLOAD_KEY_HEADER,
            description: 'A per-app upload key (POST /api/v1/code/{appid}/upload-keys), for `wharf upload`.',
          },
          mobileAppId: {
            type: 'apiKey',
            in: 'header',
            name: MOBILE_APP_ID_HEADER,
            description:
              "A mobile app's AppID (registered on an open-platform account); goes with mobileAppSecret.",
          },
          mobileAppSecret: {
            type: 'apiKey',
            in: 'header',
            name: MOBILE_APP_SECRET_HEADER,
            description: "The mobile app's AppSecret, for its server's calls; never ship it inside the app.",
          },
        },
      },
      security: SESSION_SECURITY,
    },
    // Only the native face is described here; WeChat's own documents describe the other.
    transform: ({ schema, url }) => ({
      schema: url.startsWith('/api/v1') ? documented(url, schema) : { ...schema, hide: true },
      url,
    }),
  });
  await app.register(swaggerUi, { routePrefix: '/api/v1/docs' });
  // Database, blob store and key per node; 503 when any is down, so a load balancer skips the node.
  app.get('/healthz', { schema: { hide: true } }, async (_request, reply) => {
    const report = await ctx.health();
    return reply.status(report.ok ? 200 : 503).send(report);
  });
  // Cookies only where sessions are read: the cookie plugin's two hooks on every WeChat call
  // showed in the hot path's CPU profile, and the WeChat face authenticates by access_token.
  await app.register(async (withCookies) => {
    await withCookies.register(cookie);
    await withCookies.register(nativeApi(ctx), { prefix: '/api/v1' });
    await withCookies.register(
      packageRoutes(ctx, { runtimeOrigin: (request) => runtimeOriginOf(ctx.config, request) }),
    );
  });
  await app.register(clientAppRoutes(undefined, (request) => runtimeOriginOf(ctx.config, request)));
  await app.register(codeLandingRoutes(ctx));
  await app.register(consoleAppRoutes());
  await app.register(wechatApi(ctx));
  return app;
}
