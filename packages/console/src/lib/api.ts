/**
 * The typed API client: paths, parameters and answers come from `docs/openapi.json` through
 * `openapi-typescript` (`npm run api` writes `api-schema.d.ts`); no request is written by hand.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './api-schema';

export type { components, paths };

let csrfToken: string | undefined;
const expiredListeners = new Set<() => void>();

/** The CSRF token that sign-in (or `/me`) returned; every write carries it. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** For the one request the typed client cannot make (an upload with a progress bar). */
export function currentCsrfToken(): string | undefined {
  return csrfToken;
}

/** Called when a request answers 401: the page stays mounted (its form keeps what was typed). */
export function onSessionExpired(listener: () => void): () => void {
  expiredListeners.add(listener);
  return () => expiredListeners.delete(listener);
}

const session: Middleware = {
  onRequest({ request }) {
    if (request.method !== 'GET' && request.method !== 'HEAD' && csrfToken)
      request.headers.set('x-csrf-token', csrfToken);
    return request;
  },
  onResponse({ request, response }) {
    const url = new URL(request.url);
    if (response.status === 401 && !url.pathname.startsWith('/api/v1/auth/') && url.pathname !== '/api/v1/me')
      for (const listener of expiredListeners) listener();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: location.origin, credentials: 'same-origin' });
api.use(session);

/** The native API's error body: a stable code, a message in each language, the field at fault. */
export interface ApiError {
  code: string;
  message: string;
  messageZh?: string;
  field?: string;
}

export function errorOf(body: unknown): ApiError {
  const error = (body as { error?: ApiError } | undefined)?.error;
  return (
    error ?? { code: 'network', message: 'The server could not be reached', messageZh: '无法连接服务器' }
  );
}

/** The server's own message in the reader's language. */
export function messageOf(error: ApiError, language: string): string {
  return language === 'zh-CN' && error.messageZh ? error.messageZh : error.message;
}

type Json<P extends keyof paths, M extends 'get' | 'post' | 'patch' | 'put'> = paths[P][M] extends {
  responses: { 200: { content: { 'application/json': infer T } } };
}
  ? T
  : paths[P][M] extends { responses: { 201: { content: { 'application/json': infer T } } } }
    ? T
    : never;

export type User = Json<'/api/v1/me', 'get'>['user'];
export type Subject = Json<'/api/v1/subjects', 'get'>[number];
export type MiniProgram = Json<'/api/v1/miniprograms', 'get'>[number];
export type CategoryNode = Json<'/api/v1/categories', 'get'>[number];
