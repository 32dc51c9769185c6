import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import wechat, { type WechatMessage } from 'wechat';
import WXBizMsgCrypt from 'wechat-crypto';

/** Developer servers for the push tests, built the ways developers build them. */

export interface Received {
  message: WechatMessage;
  query: Record<string, string>;
  body: string;
}

export interface DeveloperServer {
  url: string;
  received: Received[];
  close(): Promise<void>;
}

function listen(handler: http.RequestListener): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(handler);
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}/wechat`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

/**
 * A server built with the `wechat` middleware from npm: it answers the verification GET,
 * verifies every push (the signature, or msg_signature and decryption in safe mode) and
 * replies with what `reply` returns for the message (a string for text, an array for news,
 * `{type, content}` for media; '' for no reply).
 */
export async function wechatMiddlewareServer(options: {
  token: string;
  appid?: string;
  encodingAESKey?: string;
  reply?: (message: WechatMessage) => unknown;
}): Promise<DeveloperServer> {
  const received: Received[] = [];
  const config =
    options.encodingAESKey && options.appid
      ? { token: options.token, appid: options.appid, encodingAESKey: options.encodingAESKey }
      : options.token;
  const middleware = wechat(config, (req, res) => {
    received.push({ message: req.weixin ?? {}, query: req.query, body: '' });
    res.reply(options.reply ? options.reply(req.weixin ?? {}) : '');
  });
  const server = await listen((req, res) => {
    const query = Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams);
    Object.assign(req, { query });
    middleware(req as Parameters<typeof middleware>[0], res, (error) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
  return { ...server, received };
}

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');
const field = (xml: string, name: string) =>
  new RegExp(`<${name}><!\\[CDATA\\[([\\s\\S]*?)\\]\\]></${name}>|<${name}>([^<]*)</${name}>`)
    .exec(xml)
    ?.slice(1)
    .find((v) => v !== undefined);

/**
 * A server that verifies with `wechat-crypto` by hand, as a developer without the middleware
 * would: the plain signature on every request, and in encrypted modes msg_signature, the
 * ciphertext and the appid it was sealed for. It answers 401 to anything that fails, and
 * replies with `reply(xml)` (encrypted when the push was).
 */
export async function wechatCryptoServer(options: {
  token: string;
  appid: string;
  encodingAESKey: string;
  reply?: (xml: string) => string;
}): Promise<DeveloperServer & { rejected: string[] }> {
  const received: Received[] = [];
  const rejected: string[] = [];
  const cryptor = new WXBizMsgCrypt(options.token, options.encodingAESKey, options.appid);
  const server = await listen((req, res) => {
    const query = Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams);
    const deny = (why: string) => {
      rejected.push(why);
      res.writeHead(401);
      res.end(why);
    };
    const expected = sha1([options.token, query.timestamp ?? '', query.nonce ?? ''].sort().join(''));
    if (query.signature !== expected) return deny('bad signature');
    if (req.method === 'GET') {
      res.end(query.echostr);
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let xml = body;
      const encrypted = query.encrypt_type === 'aes';
      if (encrypted) {
        const encrypt = field(body, 'Encrypt') ?? '';
        if (query.msg_signature !== cryptor.getSignature(query.timestamp!, query.nonce!, encrypt)) {
          return deny('bad msg_signature');
        }
        const opened = cryptor.decrypt(encrypt);
        if (opened.id !== options.appid) return deny('another appid');
        xml = opened.message;
      }
      received.push({ message: { xml }, query, body });
      const answer = options.reply ? options.reply(xml) : 'success';
      if (!encrypted || answer === 'success' || answer === '') {
        res.end(answer);
        return;
      }
      const encrypt = cryptor.encrypt(answer);
      const timestamp = String(Math.floor(Date.now() / 1000));
      const nonce = '1234567';
      const signature = cryptor.getSignature(timestamp, nonce, encrypt);
      res.end(
        `<xml><Encrypt><![CDATA[${encrypt}]]></Encrypt><MsgSignature><![CDATA[${signature}]]></MsgSignature><TimeStamp>${timestamp}</TimeStamp><Nonce><![CDATA[${nonce}]]></Nonce></xml>`,
      );
    });
  });
  return { ...server, received, rejected };
}

export type Behaviour = 'ok' | 'slow' | 'hang' | 'http500' | 'garbage' | 'huge';

/**
 * A server that answers the verification GET (plain signature), then treats pushes as its
 * current behaviour says: `success`, never answering, HTTP 500, or garbage that is not XML.
 */
export async function misbehavingServer(
  token: string,
  initial: Behaviour,
): Promise<DeveloperServer & { posts: string[]; behave(next: Behaviour): void }> {
  let behaviour = initial;
  const posts: string[] = [];
  const server = await listen((req, res) => {
    const query = Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams);
    const ok = query.signature === sha1([token, query.timestamp ?? '', query.nonce ?? ''].sort().join(''));
    if (req.method === 'GET') {
      res.writeHead(ok ? 200 : 401);
      res.end(ok ? query.echostr : 'bad signature');
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      posts.push(field(Buffer.concat(chunks).toString('utf8'), 'Content') ?? '');
      if (behaviour === 'hang') return;
      if (behaviour === 'http500') {
        res.writeHead(500);
        res.end('Internal Server Error');
        return;
      }
      if (behaviour === 'slow') {
        setTimeout(() => res.end('success'), 100);
        return;
      }
      if (behaviour === 'huge') {
        res.end(`<xml><Content>${'x'.repeat(300 * 1024)}</Content></xml>`);
        return;
      }
      res.end(behaviour === 'ok' ? 'success' : '<xml><ToUserName>oops <not-closed></xml');
    });
  });
  return {
    ...server,
    received: [],
    posts,
    behave(next) {
      behaviour = next;
    },
  };
}
