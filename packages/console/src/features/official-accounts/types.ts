import type { paths } from '../../lib/api';

type Ok<T> = T extends { responses: { 200: { content: { 'application/json': infer R } } } } ? R : never;

export type OfficialAccount = Ok<paths['/api/v1/official-accounts/{id}']['get']>;
export type LinkRequest = Ok<paths['/api/v1/link-requests']['get']>[number];
export type PushLogEntry = Ok<paths['/api/v1/push/{appid}/log']['get']>[number];

/** One button as WeChat's menu document holds it (`sub_button` only on the top level). */
export interface MenuButton {
  type?: string;
  name?: string;
  key?: string;
  url?: string;
  appid?: string;
  pagepath?: string;
  media_id?: string;
  article_id?: string;
  sub_button?: MenuButton[];
}

/** A linked mini program as wxamplinkget lists it. */
export interface LinkItem {
  appid: string;
  nickname: string;
  status: number;
  username?: string;
}

export type Follower = Ok<paths['/api/v1/official-accounts/{id}/followers']['get']>['items'][number];
export type Tag = Ok<paths['/api/v1/official-accounts/{id}/tags']['get']>[number];
export type Broadcasts = Ok<paths['/api/v1/official-accounts/{id}/broadcasts']['get']>;
export type PrivateTemplate = Ok<paths['/api/v1/official-accounts/{id}/templates']['get']>[number];
export type LibraryTemplate = Ok<paths['/api/v1/template-library']['get']>[number];
export type FollowerProfile = Ok<paths['/api/v1/official-accounts/{id}/followers/{openid}']['get']>;
export type Conversation = Ok<paths['/api/v1/official-accounts/{id}/followers/{openid}/conversation']['get']>;
export type MenuRules = Ok<paths['/api/v1/official-accounts/menu-rules']['get']>;
