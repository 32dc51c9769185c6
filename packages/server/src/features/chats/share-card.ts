import type { ChatKind } from './chats.tables.ts';

/** Where a card came from: a mini program's own share, or a mobile app through the open platform. */
export type CardSource = 'miniprogram' | 'app';
export type CardEnv = 'release' | 'trial' | 'develop';

/** A mini program card in a chat, as the client renders and opens it. */
export interface ShareCard {
  source: CardSource;
  appid: string;
  appName: string;
  title: string;
  description: string;
  /** `pages/a/a?x=1`: what the card opens (no leading slash). */
  path: string;
  thumbUrl: string | null;
  /** The launch scene the card opens with. */
  scene: number;
  /** Which version the card opens: an app's `miniprogramType` 1 (development) or 2 (trial) opens other than the release. */
  envVersion: CardEnv;
  /** Set on a group card shared with `withShareTicket`: the mini program reads it from its launch options. */
  shareTicket?: string;
  /** An app's fallback page, opened where the mini program cannot be. */
  webpageUrl?: string;
  /** The mobile app that shared it. */
  sharedBy?: { appid: string; name: string };
}

/** WeChat's scenes for a tapped card: 1036 from an app; 1044 a group card with a shareTicket; 1008 group; 1007 one-to-one. */
export function cardScene(source: CardSource, chat: ChatKind, shareTicket: boolean): number {
  if (source === 'app') return 1036;
  if (chat === 'group') return shareTicket ? 1044 : 1008;
  return 1007;
}

/**
 * WeChat's `miniprogramType` (OpenSDK `WXMiniProgramType`): 0 Release 正式版, 1 Test 开发版
 * (the developer version), 2 Preview 体验版 (the trial version).
 */
export function envOfMiniprogramType(type: 0 | 1 | 2): CardEnv {
  return type === 1 ? 'develop' : type === 2 ? 'trial' : 'release';
}

/** A page path as cards carry it: no leading slash (WeChat accepts both). */
export const cardPath = (path: string): string => path.replace(/^\/+/, '');
