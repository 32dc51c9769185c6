// co-wechat-api ships no types; the tests use only its constructor, its base-URL properties and token calls.
declare module 'co-wechat-api' {
  export default class WechatAPI {
    constructor(appid: string, secret: string);
    prefix: string;
    wxaPrefix: string;
    snsPrefix: string;
    getAccessToken(): Promise<{ accessToken: string; expireTime: number }>;
    [method: string]: unknown;
  }
}
