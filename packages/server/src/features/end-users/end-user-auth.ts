import type { FastifyRequest } from 'fastify';
import { WharfError } from '../../errors/wharf-error.ts';
import type { EndUserSession, EndUsersService } from './end-users.service.ts';

/** The client's session cookie; a different name from the console's, so neither reads the other. */
export const CLIENT_SESSION_COOKIE = 'wharf_client_session';

declare module 'fastify' {
  interface FastifyRequest {
    endUser?: EndUserSession;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function clientSessionToken(request: FastifyRequest): { token: string | undefined; bearer: boolean } {
  const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
  return { token: bearer ?? request.cookies?.[CLIENT_SESSION_COOKIE], bearer: bearer !== undefined };
}

/** As the console's guard: cookie + CSRF header on writes, or `Authorization: Bearer` for scripts. */
export function endUserGuard(endUsers: EndUsersService) {
  return async (request: FastifyRequest): Promise<void> => {
    const { token, bearer } = clientSessionToken(request);
    const user = token ? await endUsers.session(token) : undefined;
    if (!user) throw new WharfError('unauthenticated');
    if (!bearer && !SAFE_METHODS.has(request.method) && request.headers['x-csrf-token'] !== user.csrfToken) {
      throw new WharfError('csrf_failed');
    }
    request.endUser = user;
  };
}

export function currentEndUser(request: FastifyRequest): EndUserSession {
  if (!request.endUser) throw new WharfError('unauthenticated');
  return request.endUser;
}
