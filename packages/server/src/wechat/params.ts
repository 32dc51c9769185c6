import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import { WharfError } from '../errors/wharf-error.ts';

/** WeChat SDKs send the same field as a string, number or boolean; these read them leniently. */
export function asString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** `true`, `1`, `"1"` and `"true"` all mean yes, as different SDKs send them. */
export function asBoolean(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 'true';
}

/** SDKs send numbers as numbers or numeric strings; anything else stays as NaN so the service refuses it. */
export function asNumber(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return Number.NaN;
}

/** A JSON object from a body or one of its fields; anything else (an array, a string, nothing) reads as empty. */
export function asObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** A POST-only WeChat path: a GET of it answers 43002 (require POST), as WeChat does. */
export function postOnly(
  app: FastifyInstance,
  url: string,
  options: RouteShorthandOptions,
  handler: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>,
): void {
  app.post(url, options, handler);
  app.get(url, async () => {
    throw new WharfError('wx_require_post');
  });
}
