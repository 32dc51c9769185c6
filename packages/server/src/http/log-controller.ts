import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';

/** Requests slower than this are logged whatever the level. */
export const SLOW_REQUEST_MS = 500;

/**
 * One line per request at most: none when a request arrives, and when it completes one line only
 * if it failed (5xx) or was slow, else at `debug`. Fastify's default (two `info` lines per request)
 * cost a quarter of the hot path's CPU. The line names the route pattern, never the URL: query
 * strings carry access tokens and secrets.
 */
const logged = new WeakSet<FastifyRequest>();
const DEBUG_LEVELS = new Set(['debug', 'trace']);

export class WharfLogController extends LogController {
  override incomingRequest(): void {}

  /** Fastify's default error handler: its line (with the error) is the request's one line. */
  override defaultErrorLog(error: Error, request: FastifyRequest, reply: FastifyReply): void {
    if (reply.statusCode >= 500) logged.add(request);
    super.defaultErrorLog(error, request, reply);
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (logged.has(request)) return;
    const failed = !!error || reply.statusCode >= 500;
    const slow = reply.elapsedTime > SLOW_REQUEST_MS;
    // The common case (served, fast, level above debug) builds nothing.
    if (!failed && !slow && !DEBUG_LEVELS.has(reply.log.level)) return;
    const line = {
      method: request.method,
      route: request.routeOptions.url ?? '(no route)',
      statusCode: reply.statusCode,
      responseTime: Math.round(reply.elapsedTime),
    };
    if (failed) reply.log.error({ ...line, err: error }, 'request failed');
    else if (slow) reply.log.warn(line, 'slow request');
    else reply.log.debug(line, 'request completed');
  }
}
