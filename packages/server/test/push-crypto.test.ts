import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import WXBizMsgCrypt from 'wechat-crypto';
import {
  aesKeyOf,
  CryptoError,
  decryptMessage,
  encryptMessage,
  msgSignature,
  plainSignature,
} from '../src/delivery/push/crypto.ts';

const KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const APPID = 'wx1234567890abcdef';
const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');

describe('push signatures', () => {
  it.each([
    ['token', '1409304348', 'xxxxxx'],
    ['abc', '1', '2'],
    ['Zz9', '1700000000', 'nonce-with-dash'],
  ])('signs token %s, timestamp %s, nonce %s as sha1 of the three sorted', (token, timestamp, nonce) => {
    expect(plainSignature(token, timestamp, nonce)).toBe(sha1([token, timestamp, nonce].sort().join('')));
  });

  it('sorts as strings, not numbers ("10" before "9")', () => {
    expect(plainSignature('t', '9', '10')).toBe(sha1('109t'));
  });

  it.each([
    ['token', '1409304348', 'xxxxxx', 'ENCRYPTED+/='],
    ['abc', '1', '2', 'zzz'],
  ])('msg_signature over token %s, %s, %s and Encrypt matches wechat-crypto', (token, ts, nonce, enc) => {
    expect(msgSignature(token, ts, nonce, enc)).toBe(
      new WXBizMsgCrypt(token, KEY, APPID).getSignature(ts, nonce, enc),
    );
  });
});

describe('WXBizMsgCrypt', () => {
  const cases: Array<[string, string]> = [
    ['an empty message', ''],
    ['a short event', '<xml><ToUserName><![CDATA[gh_1]]></ToUserName></xml>'],
    ['exactly 12 bytes (pads a whole 32-byte block)', '123456789012'],
    [
      'Chinese text (length counts bytes, not characters)',
      '<xml><Content><![CDATA[你好，码头]]></Content></xml>',
    ],
    ['a long body', 'x'.repeat(5000)],
  ];

  it.each(cases)('round-trips %s, and wechat-crypto decrypts it to the same XML and appid', (_name, xml) => {
    const encrypted = encryptMessage(KEY, xml, APPID);
    expect(decryptMessage(KEY, encrypted, APPID)).toEqual({ xml, appid: APPID });
    expect(new WXBizMsgCrypt('t', KEY, APPID).decrypt(encrypted)).toEqual({ message: xml, id: APPID });
  });

  it.each(cases)('decrypts what wechat-crypto encrypts: %s', (_name, xml) => {
    const encrypted = new WXBizMsgCrypt('t', KEY, APPID).encrypt(xml);
    expect(decryptMessage(KEY, encrypted, APPID).xml).toBe(xml);
  });

  it('lays out 16 random bytes + 4-byte big-endian length + XML + appid, padded to 32 bytes', () => {
    const random = Buffer.alloc(16, 7);
    const encrypted = encryptMessage(KEY, 'abc', APPID, random);
    const raw = Buffer.from(encrypted, 'base64');
    // 16 + 4 + 3 + 18 = 41 bytes → padded to 64: 23 bytes of 23.
    expect(raw.length).toBe(64);
    const key = aesKeyOf(KEY);
    expect(key.length).toBe(32);
    expect(encryptMessage(KEY, 'abc', APPID, random)).toBe(encrypted);
  });

  it.each([
    ['42 characters', KEY.slice(1)],
    ['44 characters', `${KEY}A`],
    ['a character outside base64', `${KEY.slice(0, 42)}-`],
  ])('refuses an EncodingAESKey of %s', (_name, key) => {
    expect(() => aesKeyOf(key)).toThrow(CryptoError);
  });

  it.each([
    ['not base64 of whole blocks', 'abc'],
    ['empty', ''],
    ['sealed with another key', encryptMessage('B'.repeat(43), 'hello', APPID)],
  ])('refuses ciphertext that is %s', (_name, text) => {
    expect(() => decryptMessage(KEY, text, APPID)).toThrow(CryptoError);
  });

  it("refuses another app's message", () => {
    expect(() => decryptMessage(KEY, encryptMessage(KEY, 'x', 'wxother'), APPID)).toThrow(/another appid/);
  });
});
