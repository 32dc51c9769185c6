import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * WeChat's message signing and WXBizMsgCrypt (safe mode), as its servers do it: pure functions,
 * so the layout is checked by tests against independent implementations (`wechat-crypto`).
 */

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

/** `signature`: hex SHA-1 of token, timestamp and nonce, sorted as strings and joined. */
export function plainSignature(token: string, timestamp: string, nonce: string): string {
  return sha1([token, timestamp, nonce].sort().join(''));
}

/** `msg_signature`: the same over token, timestamp, nonce and the Encrypt text. */
export function msgSignature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  return sha1([token, timestamp, nonce, encrypt].sort().join(''));
}

/** 43 characters of base64 alphabet: with "=" appended it decodes to the 32-byte AES key. */
export const ENCODING_AES_KEY = /^[A-Za-z0-9+/]{43}$/;

export function aesKeyOf(encodingAESKey: string): Buffer {
  if (!ENCODING_AES_KEY.test(encodingAESKey)) throw new CryptoError('EncodingAESKey must be 43 characters');
  const key = Buffer.from(`${encodingAESKey}=`, 'base64');
  if (key.length !== 32) throw new CryptoError('EncodingAESKey does not decode to 32 bytes');
  return key;
}

export class CryptoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CryptoError';
  }
}

/** WXBizMsgCrypt pads to 32-byte blocks (PKCS#7 with pad values 1–32), not AES's 16. */
const BLOCK = 32;

/**
 * AES-256-CBC, IV = the key's first 16 bytes, over 16 random bytes + 4-byte big-endian length
 * + the XML + the appid; base64. `random` is for tests that need a fixed output.
 */
export function encryptMessage(
  encodingAESKey: string,
  xml: string,
  appid: string,
  random: Buffer = randomBytes(16),
): string {
  const key = aesKeyOf(encodingAESKey);
  const body = Buffer.from(xml, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length, 0);
  const plain = Buffer.concat([random, length, body, Buffer.from(appid, 'utf8')]);
  const pad = BLOCK - (plain.length % BLOCK);
  const padded = Buffer.concat([plain, Buffer.alloc(pad, pad)]);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64');
}

/**
 * The XML and the appid it was sealed for. Throws CryptoError for anything that is not a
 * WXBizMsgCrypt message (bad base64, wrong length, bad padding, a length past the end) and,
 * when `appid` is given, for another app's message.
 */
export function decryptMessage(
  encodingAESKey: string,
  encrypted: string,
  appid?: string,
): { xml: string; appid: string } {
  const key = aesKeyOf(encodingAESKey);
  const data = Buffer.from(encrypted, 'base64');
  if (data.length === 0 || data.length % 16 !== 0) throw new CryptoError('not a multiple of the AES block');
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  decipher.setAutoPadding(false);
  const plain = Buffer.concat([decipher.update(data), decipher.final()]);
  const pad = plain[plain.length - 1] ?? 0;
  if (pad < 1 || pad > BLOCK || pad > plain.length) throw new CryptoError('bad padding');
  const content = plain.subarray(0, plain.length - pad);
  if (content.length < 20) throw new CryptoError('too short');
  const length = content.readUInt32BE(16);
  if (20 + length > content.length) throw new CryptoError('length past the end');
  const xml = content.subarray(20, 20 + length).toString('utf8');
  const sealedFor = content.subarray(20 + length).toString('utf8');
  if (appid !== undefined && sealedFor !== appid) throw new CryptoError('sealed for another appid');
  return { xml, appid: sealedFor };
}
