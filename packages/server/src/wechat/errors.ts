import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { catalogue } from '../errors/catalogue.ts';
import { WharfError } from '../errors/wharf-error.ts';
import { toWharfError } from '../http/native-errors.ts';

/** WeChat answers errors with HTTP 200 and `{errcode, errmsg}`; errmsg ends with a request id. */
export function wechatError(error: WharfError, requestId: string) {
  return { errcode: error.errcode, errmsg: `${error.message} rid: ${requestId}` };
}

export function installWechatErrors(app: FastifyInstance): void {
  app.setErrorHandler((error, request: FastifyRequest, reply: FastifyReply) => {
    const mapped = toWharfError(error);
    if (catalogue[mapped.code].status >= 500) request.log.error({ err: error }, 'unhandled error');
    return reply.status(200).send(wechatError(mapped, request.id));
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(200).send(wechatError(new WharfError('route_not_found'), request.id)),
  );
}
