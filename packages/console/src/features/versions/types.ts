import type { paths } from '../../lib/api';

type Ok<T> = T extends { responses: { 200: { content: { 'application/json': infer B } } } } ? B : never;

export type Overview = Ok<paths['/api/v1/code/{appid}/overview']['get']>;
export type Version = Overview['versions'][number];
export type Audit = NonNullable<Overview['latestAudit']>;
export type GrayPlan = Overview['grayPlan'];
export type QueueEntry = Ok<paths['/api/v1/review/audits']['get']>[number];
export type DecidedEntry = Ok<paths['/api/v1/review/history']['get']>[number];
