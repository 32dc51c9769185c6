import { createHmac } from 'node:crypto';

/**
 * A follower's openid: 28 characters like WeChat's (`o` + 27 of base64url), derived from the
 * account and the user with the server's key, so it is stable across unfollow and follow again,
 * differs per account, and tells nothing about the user without the key.
 */
export function openidFor(key: string, appid: string, userId: string): string {
  const digest = createHmac('sha256', key).update(`${appid}:${userId}`).digest('base64url');
  return `o${digest.slice(0, 27)}`;
}

export const isOpenid = (value: string): boolean => /^o[A-Za-z0-9_-]{27}$/.test(value);
