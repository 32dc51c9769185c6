import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../context.ts';
import { WharfError } from '../errors/wharf-error.ts';
import type { Capability } from '../features/capabilities/capabilities.ts';
import type { Caller } from '../features/tokens/tokens.service.ts';
import type { AppKind } from '../features/tokens/tokens.store.ts';
import { wechatError } from './errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    caller?: Caller;
  }
}

/**
 * The onRequest hook of every WeChat-compatible business call: `?access_token=`, the app's IP
 * allow-list, the capability the API needs for the app's subject, and the daily quota of the API.
 */
export function tokenGuard(
  ctx: Context,
  capability: Capability,
  kind: AppKind | readonly AppKind[] = 'miniprogram',
) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const token = (request.query as Record<string, unknown> | undefined)?.access_token;
    try {
      // Tracked: a lookup or a first count of the day still reads the database, and shutdown
      // must wait for it (the handler's own tracking starts only after this hook).
      request.caller = await ctx.work.run(() =>
        ctx.tokens.authenticate({
          token: typeof token === 'string' ? token : undefined,
          ip: request.ip,
          api: request.routeOptions.url ?? request.url.split('?')[0] ?? '',
          capability,
          kind,
        }),
      );
    } catch (error) {
      // Refusals answered here as the error handler would, without its detour: refusing must
      // cost no more than serving.
      if (!(error instanceof WharfError)) throw error;
      return reply.status(200).send(wechatError(error, request.id));
    }
    return undefined;
  };
}

export function caller(request: FastifyRequest): Caller {
  if (!request.caller) throw new WharfError('wx_access_token_missing');
  return request.caller;
}
