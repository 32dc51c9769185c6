import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { randomToken } from '../../security/secrets.ts';

/** 84 random bytes as base64url, then a 12-byte tag: 128 characters, as long as before. */
const BODY_CHARS = 112;
const TAG_CHARS = 16;

/**
 * Access tokens that carry a MAC of themselves (HMAC-SHA256 under a key derived from the server
 * key, which every node shares): a forged token is refused by a hash, without a query, however
 * many different ones an attacker sends. The database still decides whether a tagged token is live.
 */
export function tokenTags(secretKey: string) {
  const key = createHash('sha256').update('wharf access-token tag\0').update(secretKey).digest();
  const tagOf = (body: string) => createHmac('sha256', key).update(body).digest().subarray(0, 12);
  return {
    mint(): string {
      const body = randomToken(84);
      return body + tagOf(body).toString('base64url');
    },
    /** Whether the token was made by `mint` under this key. */
    holds(token: string): boolean {
      if (token.length !== BODY_CHARS + TAG_CHARS) return false;
      const given = Buffer.from(token.slice(BODY_CHARS), 'base64url');
      return given.length === 12 && timingSafeEqual(given, tagOf(token.slice(0, BODY_CHARS)));
    },
  };
}

export type TokenTags = ReturnType<typeof tokenTags>;
