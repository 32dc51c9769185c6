// `wechat` and `wechat-crypto` ship no types; the push tests use only what is declared here.
declare module 'wechat-crypto' {
  export default class WXBizMsgCrypt {
    constructor(token: string, encodingAESKey: string, id: string);
    getSignature(timestamp: string | number, nonce: string | number, encrypt: string): string;
    decrypt(text: string): { message: string; id: string };
    encrypt(text: string): string;
  }
}

declare module 'wechat' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export type WechatMessage = Record<string, any>;
  export type WechatRequest = IncomingMessage & { query: Record<string, string>; weixin?: WechatMessage };
  export type WechatResponse = ServerResponse & { reply(content: unknown): void };
  type Handler = (
    message: WechatMessage,
    req: WechatRequest,
    res: WechatResponse,
    next: (error?: unknown) => void,
  ) => void;
  type Middleware = (req: WechatRequest, res: ServerResponse, next: (error?: unknown) => void) => void;

  function wechat(
    config: string | { token: string; appid: string; encodingAESKey: string; checkSignature?: boolean },
    handle: (req: WechatRequest, res: WechatResponse, next: (error?: unknown) => void) => void,
  ): Middleware;
  namespace wechat {
    function checkSignature(query: Record<string, string>, token: string): boolean;
    function text(fn: Handler): unknown;
    function reply(
      content: unknown,
      fromUsername: string,
      toUsername: string,
      message?: WechatMessage,
    ): string;
  }
  export default wechat;
}
