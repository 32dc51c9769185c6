import type { paths } from '../../lib/api';
import type { MiniProgramTarget } from '../container/target';

type Ok<T> = T extends { responses: { 200: { content: { 'application/json': infer J } } } } ? J : never;

export type ChatView = Ok<paths['/api/v1/client/chats']['get']>[number];
export type ChatEntry = Ok<paths['/api/v1/client/chats/{chatId}/messages']['get']>['items'][number];
export type ShareCard = NonNullable<ChatEntry['card']>;

/** What tapping a card opens: its page and scene, the trial or developer version an app named, its shareTicket and fallback. */
export function cardTarget(card: ShareCard): MiniProgramTarget {
  return {
    appid: card.appid,
    pagepath: card.path,
    scene: card.scene,
    ...(card.webpageUrl ? { fallbackUrl: card.webpageUrl } : {}),
    ...(card.envVersion !== 'release' ? { version: card.envVersion } : {}),
    ...(card.shareTicket ? { shareTicket: card.shareTicket } : {}),
  };
}
