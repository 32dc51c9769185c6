import type { FastifyRequest } from 'fastify';
import type { Context } from '../context.ts';
import { WharfError } from '../errors/wharf-error.ts';
import type { Capability } from '../features/capabilities/capabilities.ts';
import type { Caller } from '../features/tokens/tokens.service.ts';

declare module 'fastify' {
  interface FastifyRequest {
    caller?: Caller;
  }
}

/**
 * The onRequest hook of every WeChat-compatible business call: `?access_token=`, the app's IP
 * allow-list, the capability the API needs for the app's subject, and the daily quota of the API.
 */
export function tokenGuard(ctx: Context, capability: Capability) {
  return async (request: FastifyRequest): Promise<void> => {
    const token = (request.query as Record<string, unknown> | undefined)?.access_token;
    request.caller = await ctx.work.track(() =>
      ctx.tokens.authenticate({
        token: typeof token === 'string' ? token : undefined,
        ip: request.ip,
        api: request.routeOptions.url ?? request.url.split('?')[0] ?? '',
        capability,
      }),
    );
  };
}

export function caller(request: FastifyRequest): Caller {
  if (!request.caller) throw new WharfError('wx_access_token_missing');
  return request.caller;
}
