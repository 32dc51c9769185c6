import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BlobStoreUnavailable } from '../blobs/blob-store.ts';
import { catalogue } from '../errors/catalogue.ts';
import { WharfError } from '../errors/wharf-error.ts';
import { isDatabaseUnavailable } from '../store/unavailable.ts';

export interface NativeErrorBody {
  error: { code: string; message: string; messageZh: string; field?: string };
}

/** Maps anything thrown under the native API to `{error: {code, message, messageZh, field}}`. */
export function toWharfError(error: unknown): WharfError {
  if (error instanceof WharfError) return error;
  const fastifyError = error as FastifyError & {
    validation?: Array<{ instancePath?: string; params?: Record<string, unknown>; message?: string }>;
  };
  if (fastifyError.validation) {
    const first = fastifyError.validation[0];
    const named = first?.params?.missingProperty ?? first?.params?.additionalProperty;
    const path = (first?.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
    const field = [fastifyError.validationContext, path, typeof named === 'string' ? named : '']
      .filter(Boolean)
      .join('.');
    const unknown = typeof first?.params?.additionalProperty === 'string';
    return new WharfError('validation_failed', {
      field: field || 'request',
      reason: unknown ? 'unknown property' : (first?.message ?? 'invalid'),
    });
  }
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new WharfError('invalid_json');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new WharfError('body_too_large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new WharfError('validation_failed', { field: 'content-type', reason: 'unsupported media type' });
  }
  if (error instanceof SyntaxError) return new WharfError('invalid_json');
  if (error instanceof BlobStoreUnavailable) return new WharfError('blob_store_unavailable');
  if (isDatabaseUnavailable(error)) return new WharfError('database_unavailable');
  return new WharfError('internal');
}

export function installNativeErrors(app: FastifyInstance): void {
  app.setErrorHandler((error, request: FastifyRequest, reply: FastifyReply) => {
    const mapped = toWharfError(error);
    if (catalogue[mapped.code].status >= 500) request.log.error({ err: error }, 'unhandled error');
    const body: NativeErrorBody = {
      error: {
        code: mapped.code,
        message: mapped.message,
        messageZh: mapped.messageZh,
        ...(mapped.field ? { field: mapped.field } : {}),
      },
    };
    // A lock-out says when it lifts (RFC 9110 Retry-After, in seconds).
    if (typeof mapped.params.retryAfter === 'number')
      reply.header('retry-after', String(mapped.params.retryAfter));
    return reply.status(catalogue[mapped.code].status).send(body);
  });
  app.setNotFoundHandler((_request, reply) => {
    const error = new WharfError('route_not_found');
    return reply
      .status(404)
      .send({ error: { code: error.code, message: error.message, messageZh: error.messageZh } });
  });
}
