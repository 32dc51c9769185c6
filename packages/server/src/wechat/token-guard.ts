import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { Context } from '../context.ts';
import { WharfError } from '../errors/wharf-error.ts';
import type { Capability } from '../features/capabilities/capabilities.ts';
import type { AuthenticateInput, Caller } from '../features/tokens/tokens.service.ts';
import type { AppKind } from '../features/tokens/tokens.store.ts';
import { wechatError } from './errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    caller?: Caller;
  }
}

/**
 * Refusals answered here as the error handler would, without its detour: refusing must cost no
 * more than serving.
 */
function refuse(error: unknown, request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) {
  if (error instanceof WharfError) reply.status(200).send(wechatError(error, request.id));
  else done(error as Error);
}

/**
 * The onRequest hook of every WeChat-compatible business call: `?access_token=`, the app's IP
 * allow-list, the capability the API needs for the app's subject, and the daily quota of the API.
 * A callback hook, not an async one: when everything is in memory (a steady caller, a remembered
 * forgery) the request goes on, or is refused, without a promise or a microtask.
 */
export function tokenGuard(
  ctx: Context,
  capability: Capability,
  kind: AppKind | readonly AppKind[] = 'miniprogram',
) {
  return (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    const token = (request.query as Record<string, unknown> | undefined)?.access_token;
    const input: AuthenticateInput = {
      token: typeof token === 'string' ? token : undefined,
      ip: request.ip,
      api: request.routeOptions.url ?? request.url.split('?')[0] ?? '',
      capability,
      kind,
    };
    let known: Caller | undefined;
    try {
      known = ctx.tokens.authenticateNow(input);
    } catch (error) {
      refuse(error, request, reply, done);
      return;
    }
    if (known) {
      request.caller = known;
      done();
      return;
    }
    // Tracked: a lookup or a first count of the day reads the database, and shutdown must wait
    // for it (the handler's own tracking starts only after this hook).
    ctx.work
      .run(() => ctx.tokens.authenticate(input))
      .then(
        (found) => {
          request.caller = found;
          done();
        },
        (error: unknown) => refuse(error, request, reply, done),
      );
  };
}

export function caller(request: FastifyRequest): Caller {
  if (!request.caller) throw new WharfError('wx_access_token_missing');
  return request.caller;
}
