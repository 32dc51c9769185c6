import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { type CryptoError, decryptMessage, msgSignature } from './crypto.ts';

/** A developer server's passive reply, normalized (camelCase inside, WeChat's names at the wire). */
export type PassiveReply = {
  /** The reply's ToUserName (the user) and FromUserName (the account), as the developer wrote them. */
  toUserName: string;
  fromUserName: string;
  createTime: number;
} & (
  | { type: 'text'; content: string }
  | { type: 'image'; mediaId: string }
  | { type: 'voice'; mediaId: string }
  | { type: 'video'; mediaId: string; title: string; description: string }
  | {
      type: 'music';
      title: string;
      description: string;
      musicUrl: string;
      hqMusicUrl: string;
      thumbMediaId: string;
    }
  | { type: 'news'; articles: NewsArticle[] }
  | { type: 'transfer_customer_service'; kfAccount: string }
);

export interface NewsArticle {
  title: string;
  description: string;
  picUrl: string;
  url: string;
}

export type ReplyVerdict =
  | { kind: 'none' }
  | { kind: 'reply'; reply: PassiveReply; xml: string }
  | { kind: 'bad'; reason: string };

export interface ReplyContext {
  mode: 'plaintext' | 'compatible' | 'safe';
  appid: string;
  token: string;
  encodingAESKey: string | null;
  /** The push's FromUserName: a reply must be addressed to that user and no other. */
  expectedTo: string | undefined;
}

/** WeChat shows at most 8 articles in a news reply. */
const MAX_ARTICLES = 8;

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (_name, jpath) => jpath === 'xml.Articles.item',
});

type Node = Record<string, unknown>;

function parse(xml: string): Node | string {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return `not XML: ${valid.err.msg} (line ${valid.err.line})`;
  let parsed: unknown;
  try {
    parsed = parser.parse(xml);
  } catch (error) {
    return `not XML: ${error instanceof Error ? error.message : String(error)}`;
  }
  const root = (parsed as Node | undefined)?.xml;
  if (!root || typeof root !== 'object') return 'no <xml> root element';
  return root as Node;
}

const text = (node: unknown, field: string): string => {
  const value = node && typeof node === 'object' ? (node as Node)[field] : undefined;
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
};

/**
 * What a developer server's answer to a push means. `success` or an empty body is no reply
 * (WeChat's rule); anything else must be a reply message WeChat understands, decrypted and its
 * signature checked in safe mode, or it is a bad reply and the log says why.
 */
export function parseReply(body: string, context: ReplyContext): ReplyVerdict {
  const trimmed = body.trim();
  if (trimmed === '' || trimmed === 'success') return { kind: 'none' };
  const outer = parse(trimmed);
  if (typeof outer === 'string') return { kind: 'bad', reason: outer };
  let root = outer;
  let xml = trimmed;
  const encrypt = text(outer, 'Encrypt');
  if (encrypt) {
    if (context.mode === 'plaintext' || !context.encodingAESKey) {
      return { kind: 'bad', reason: 'an encrypted reply in plaintext mode' };
    }
    const expected = msgSignature(context.token, text(outer, 'TimeStamp'), text(outer, 'Nonce'), encrypt);
    if (text(outer, 'MsgSignature') !== expected) return { kind: 'bad', reason: 'wrong MsgSignature' };
    try {
      xml = decryptMessage(context.encodingAESKey, encrypt, context.appid).xml;
    } catch (error) {
      return { kind: 'bad', reason: `cannot decrypt: ${(error as CryptoError).message}` };
    }
    const inner = parse(xml);
    if (typeof inner === 'string') return { kind: 'bad', reason: `decrypted ${inner}` };
    root = inner;
  } else if (context.mode === 'safe') {
    return { kind: 'bad', reason: 'safe mode expects an encrypted reply' };
  }
  const reply = normalize(root);
  if (typeof reply === 'string') return { kind: 'bad', reason: reply };
  if (context.expectedTo !== undefined && reply.toUserName !== context.expectedTo) {
    return { kind: 'bad', reason: 'the reply is addressed to another user' };
  }
  return { kind: 'reply', reply, xml };
}

function normalize(root: Node): PassiveReply | string {
  const head = {
    toUserName: text(root, 'ToUserName'),
    fromUserName: text(root, 'FromUserName'),
    createTime: Number(text(root, 'CreateTime')) || 0,
  };
  const type = text(root, 'MsgType');
  const media = (field: string) => text(root[field], 'MediaId');
  switch (type) {
    case 'text': {
      if (!('Content' in root)) return 'a text reply without Content';
      return { ...head, type, content: text(root, 'Content') };
    }
    case 'image':
    case 'voice': {
      const mediaId = media(type === 'image' ? 'Image' : 'Voice');
      if (!mediaId) return `an ${type} reply without MediaId`;
      return { ...head, type, mediaId };
    }
    case 'video': {
      const mediaId = media('Video');
      if (!mediaId) return 'a video reply without MediaId';
      const video = root.Video;
      return { ...head, type, mediaId, title: text(video, 'Title'), description: text(video, 'Description') };
    }
    case 'music': {
      const music = root.Music;
      if (!music || typeof music !== 'object') return 'a music reply without Music';
      return {
        ...head,
        type,
        title: text(music, 'Title'),
        description: text(music, 'Description'),
        musicUrl: text(music, 'MusicUrl'),
        hqMusicUrl: text(music, 'HQMusicUrl'),
        thumbMediaId: text(music, 'ThumbMediaId'),
      };
    }
    case 'news': {
      const articles = root.Articles;
      const items = articles && typeof articles === 'object' ? (articles as Node).item : undefined;
      if (!Array.isArray(items) || items.length === 0) return 'a news reply without articles';
      if (items.length > MAX_ARTICLES) return `a news reply with more than ${MAX_ARTICLES} articles`;
      return {
        ...head,
        type,
        articles: items.map((item) => ({
          title: text(item, 'Title'),
          description: text(item, 'Description'),
          picUrl: text(item, 'PicUrl'),
          url: text(item, 'Url'),
        })),
      };
    }
    case 'transfer_customer_service':
      return { ...head, type, kfAccount: text(root.TransInfo, 'KfAccount') };
    case '':
      return 'a reply without MsgType';
    default:
      return `an unknown reply MsgType ${type.slice(0, 40)}`;
  }
}
