import { createCipheriv, createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * WeChat's open data, as its clients produce it: the payload JSON with a `watermark`
 * (`appid`, `timestamp` in seconds), AES-128-CBC with the base64-decoded session key as the
 * key and a random 16-byte IV, PKCS#7 padding, both base64.
 */
export function sealOpenData(
  sessionKey: string,
  payload: Record<string, unknown>,
  watermark: { appid: string; timestamp: number },
): { encryptedData: string; iv: string } {
  const key = Buffer.from(sessionKey, 'base64');
  if (key.length !== 16) throw new Error('a session key is 16 bytes');
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-128-cbc', key, iv);
  const plain = JSON.stringify({ ...payload, watermark });
  const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return { encryptedData: sealed.toString('base64'), iv: iv.toString('base64') };
}

/** `signature` next to `rawData`: hex SHA-1 of rawData followed by the session key. */
export const rawDataSignature = (rawData: string, sessionKey: string): string =>
  createHash('sha1')
    .update(rawData + sessionKey)
    .digest('hex');

/** The user login-state signature `/wxa/checksession` verifies: HMAC-SHA256 keyed by the session key. */
export const sessionSignature = (sessionKey: string, body = ''): string =>
  createHmac('sha256', sessionKey).update(body).digest('hex');

/** 16 random bytes, base64 (24 characters), as WeChat's session keys. */
export const newSessionKey = (): string => randomBytes(16).toString('base64');
