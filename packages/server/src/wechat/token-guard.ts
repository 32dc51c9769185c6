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

/** The body of a refusal up to its request id, made once per refusal (most are constants). */
const bodyStarts = new WeakMap<WharfError, string>();
const PLAIN_ID = /^[\w.-]+$/;

/**
 * Refusals answered here as the error handler would, without its detour and without the
 * serializer: refusing must cost no more than serving, or forged tokens become the cheap way to
 * load the server.
 */
function refuse(error: WharfError, request: FastifyRequest, reply: FastifyReply): void {
  const id = request.id;
  if (!PLAIN_ID.test(id)) {
    reply.status(200).send(wechatError(error, id));
    return;
  }
  let start = bodyStarts.get(error);
  if (start === undefined) {
    const body = JSON.stringify(wechatError(error, ''));
    start = body.slice(0, -2);
    bodyStarts.set(error, start);
  }
  reply.status(200).header('content-type', 'application/json; charset=utf-8').send(`${start}${id}"}`);
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
    const known = ctx.tokens.authenticateNow(input);
    if (known instanceof WharfError) {
      refuse(known, request, reply);
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
        (error: unknown) =>
          error instanceof WharfError ? refuse(error, request, reply) : done(error as Error),
      );
  };
}

export function caller(request: FastifyRequest): Caller {
  if (!request.caller) throw new WharfError('wx_access_token_missing');
  return request.caller;
}
