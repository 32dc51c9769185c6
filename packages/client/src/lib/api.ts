/**
 * The typed API client: paths, parameters and answers come from `docs/openapi.json` through
 * `openapi-typescript` (`npm run api` writes `api-schema.d.ts`); no request is written by hand.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './api-schema';

export type { components, paths };

let csrfToken: string | undefined;

/** The CSRF token that sign-in (or `client/me`) returned; every write carries it. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

const csrf: Middleware = {
  onRequest({ request }) {
    if (request.method !== 'GET' && request.method !== 'HEAD' && csrfToken)
      request.headers.set('x-csrf-token', csrfToken);
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: location.origin, credentials: 'same-origin' });
api.use(csrf);

/** The native API's error body: a stable code, a message in each language, the field at fault. */
export interface ApiError {
  code: string;
  message: string;
  messageZh?: string;
  field?: string;
}

export function errorOf(body: unknown): ApiError {
  const error = (body as { error?: ApiError } | undefined)?.error;
  return error ?? { code: 'network', message: 'The server could not be reached' };
}

type Json<P extends keyof paths, M extends 'get' | 'post'> = paths[P][M] extends {
  responses: { 200: { content: { 'application/json': infer T } } };
}
  ? T
  : never;

export type Following = Json<'/api/v1/client/following', 'get'>[number];
export type AccountFound = Json<'/api/v1/client/official-accounts', 'get'>[number];
export type ConversationEntry = Json<'/api/v1/client/official-accounts/{appid}/conversation', 'get'>[number];
export type Menu = NonNullable<Json<'/api/v1/client/official-accounts/{appid}/menu', 'get'>['menu']>;
export type MenuButton = Menu['button'][number];
export type MenuAction = Json<'/api/v1/client/official-accounts/{appid}/menu/click', 'post'>;
export type InboxItem = Json<'/api/v1/client/inbox', 'get'>['items'][number];
export type Launch = Json<'/api/v1/launch/{appid}', 'get'>;
export type EndUser = Json<'/api/v1/client/me', 'get'>['user'];
export type ScanAction = Json<'/api/v1/scan', 'post'>;
export type MiniProgramFound = Json<'/api/v1/client/miniprograms', 'get'>[number];
