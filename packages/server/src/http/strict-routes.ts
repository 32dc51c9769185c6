import type { FastifyRequest, RouteOptions } from 'fastify';
import { WharfError } from '../errors/wharf-error.ts';
import { refuseUnknownProperties } from './schemas.ts';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Every native route refuses what it does not declare: unknown properties of its body, query
 * and params, a query on a route that takes none, and a body on a write that takes none.
 * Applied as routes are registered, so no route can forget it.
 */
export function strictNativeRoute(route: RouteOptions): void {
  route.schema ??= {};
  route.schema.querystring ??= { type: 'object', properties: {} };
  for (const part of [route.schema.body, route.schema.querystring, route.schema.params]) {
    refuseUnknownProperties(part);
  }
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  if (route.schema.body === undefined && methods.some((m) => WRITES.has(m))) {
    const existing = route.preValidation ?? [];
    route.preValidation = [...(Array.isArray(existing) ? existing : [existing]), refuseFields];
  }
}

/** A write without a body schema takes no fields; a package upload (bytes) is not fields. */
async function refuseFields(request: FastifyRequest): Promise<void> {
  const body = request.body;
  if (body === undefined || body === null || Buffer.isBuffer(body) || typeof body !== 'object') return;
  const first = Object.keys(body)[0];
  if (first !== undefined) {
    throw new WharfError('validation_failed', { field: `body.${first}`, reason: 'unknown property' });
  }
}
