import type { FastifyRequest } from 'fastify';
import { WharfError } from '../errors/wharf-error.ts';
import type { AccountsService, SessionUser } from '../features/accounts/accounts.service.ts';
import type { Role } from '../features/accounts/accounts.tables.ts';

export const SESSION_COOKIE = 'wharf_session';

declare module 'fastify' {
  interface FastifyRequest {
    user?: SessionUser;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Console sessions ride in an httpOnly cookie and need the CSRF header on writes; scripts may
 * send the same session token as `Authorization: Bearer`, which no browser adds on its own.
 */
export function sessionGuard(accounts: AccountsService) {
  return async (request: FastifyRequest): Promise<void> => {
    const { token, bearer } = sessionToken(request);
    const user = token ? await accounts.session(token) : undefined;
    if (!user) throw new WharfError('unauthenticated');
    if (!bearer && !SAFE_METHODS.has(request.method) && request.headers['x-csrf-token'] !== user.csrfToken) {
      throw new WharfError('csrf_failed');
    }
    request.user = user;
  };
}

/** The session token of a request: `Authorization: Bearer …` first, else the session cookie. */
export function sessionToken(request: FastifyRequest): { token: string | undefined; bearer: boolean } {
  const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
  return { token: bearer ?? request.cookies?.[SESSION_COOKIE], bearer: bearer !== undefined };
}

export function requireRole(...roles: Role[]) {
  return async (request: FastifyRequest): Promise<void> => {
    if (!request.user || !roles.includes(request.user.role)) {
      throw new WharfError('forbidden', { reason: `needs role ${roles.join(' or ')}` });
    }
  };
}

export function currentUser(request: FastifyRequest): SessionUser {
  if (!request.user) throw new WharfError('unauthenticated');
  return request.user;
}
