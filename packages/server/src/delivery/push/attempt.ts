import { randomInt } from 'node:crypto';
import type { AppEventRow } from '../../features/events/events.store.ts';
import { encryptMessage, msgSignature, plainSignature } from './crypto.ts';
import { callDeveloperServer } from './outbound.ts';
import type { PushMode, PushOutcome } from './push.tables.ts';
import { type PassiveReply, parseReply } from './reply.ts';
import { buildXml, compatibleEnvelope, encryptedEnvelope, type PushFields } from './xml.ts';

/** A configuration with its token and key unsealed, for the moment of one attempt. */
export interface OpenConfig {
  appid: string;
  url: string;
  token: string;
  encodingAESKey: string | null;
  mode: PushMode;
}

export interface AttemptResult {
  outcome: PushOutcome;
  status: number | null;
  durationMs: number;
  detail: string;
  excerpt: string;
  /** Worth trying again later: the server did not answer, or answered with an error. */
  retryable: boolean;
  reply?: PassiveReply;
}

const EXCERPT_CHARS = 200;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes
const excerptOf = (text: string) => text.slice(0, EXCERPT_CHARS).replace(/[\u0000-\u001f\u007f]+/g, ' ');

/** What the admin reads of a passive reply: its words, or what it points at. */
function summary(reply: PassiveReply): string {
  switch (reply.type) {
    case 'text':
      return reply.content;
    case 'news':
      return reply.articles.map((a) => a.title).join(' | ');
    case 'music':
      return reply.title;
    case 'transfer_customer_service':
      return reply.kfAccount;
    default:
      return reply.mediaId;
  }
}

/** WeChat's nonce is a string of digits. */
const nonce = () => String(randomInt(100_000_000, 9_999_999_999));

/**
 * The request WeChat makes for one event: the XML in the app's mode, signed on the query
 * (`signature`, `timestamp`, `nonce`, `openid`; `encrypt_type=aes` and `msg_signature` when
 * encrypted), the developer's own query parameters kept.
 */
export function pushRequest(
  config: OpenConfig,
  fields: PushFields,
  openid: string | null,
  now: number,
): { url: URL; body: string } {
  const url = new URL(config.url);
  const timestamp = String(Math.floor(now / 1000));
  const once = nonce();
  const xml = buildXml(fields);
  const query = url.searchParams;
  query.append('signature', plainSignature(config.token, timestamp, once));
  query.append('timestamp', timestamp);
  query.append('nonce', once);
  if (openid) query.append('openid', openid);
  if (config.mode === 'plaintext' || !config.encodingAESKey) return { url, body: xml };
  const encrypt = encryptMessage(config.encodingAESKey, xml, config.appid);
  query.append('encrypt_type', 'aes');
  query.append('msg_signature', msgSignature(config.token, timestamp, once, encrypt));
  const toUserName = typeof fields.ToUserName === 'string' ? fields.ToUserName : '';
  return {
    url,
    body:
      config.mode === 'safe' ? encryptedEnvelope(toUserName, encrypt) : compatibleEnvelope(fields, encrypt),
  };
}

/** One POST of one event, and what it came to. Never throws for anything the server does. */
export async function attemptDelivery(
  event: AppEventRow,
  config: OpenConfig,
  options: { allowPrivate: boolean; timeoutMs: number; now: number },
): Promise<AttemptResult> {
  const fields = JSON.parse(event.payload) as PushFields;
  const { url, body } = pushRequest(config, fields, event.openid, options.now);
  const answer = await callDeveloperServer(url, {
    method: 'POST',
    body,
    allowPrivate: options.allowPrivate,
    timeoutMs: options.timeoutMs,
  });
  const base = { durationMs: answer.ms, excerpt: '', status: null };
  switch (answer.kind) {
    case 'timeout':
      return {
        ...base,
        outcome: 'timeout',
        detail: `no answer within ${options.timeoutMs} ms`,
        retryable: true,
      };
    case 'refused_address':
      return {
        ...base,
        outcome: 'refused_address',
        detail: 'the URL leads to a private or loopback address, which the operator does not allow',
        retryable: false,
      };
    case 'failed':
      return { ...base, outcome: 'http_error', detail: answer.reason.slice(0, 200), retryable: true };
    case 'too_large':
      return {
        ...base,
        status: answer.status,
        outcome: 'bad_reply',
        detail: 'the reply is larger than 256 KB',
        retryable: false,
      };
    case 'answer': {
      const status = answer.status;
      if (status < 200 || status > 299) {
        return {
          ...base,
          status,
          outcome: 'http_error',
          detail: `HTTP ${status}`,
          excerpt: excerptOf(answer.body),
          retryable: true,
        };
      }
      const verdict = parseReply(answer.body, {
        mode: config.mode,
        appid: config.appid,
        token: config.token,
        encodingAESKey: config.encodingAESKey,
        expectedTo: typeof fields.FromUserName === 'string' ? fields.FromUserName : undefined,
      });
      if (verdict.kind === 'bad') {
        return {
          ...base,
          status,
          outcome: 'bad_reply',
          detail: verdict.reason.slice(0, 200),
          excerpt: excerptOf(answer.body),
          retryable: false,
        };
      }
      if (verdict.kind === 'none') {
        return {
          ...base,
          status,
          outcome: 'delivered',
          detail: 'no reply',
          excerpt: excerptOf(answer.body),
          retryable: false,
        };
      }
      return {
        ...base,
        status,
        outcome: 'delivered',
        detail: `${verdict.reply.type} reply`,
        excerpt: excerptOf(summary(verdict.reply)),
        retryable: false,
        reply: verdict.reply,
      };
    }
  }
}
