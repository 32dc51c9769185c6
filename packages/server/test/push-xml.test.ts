import { describe, expect, it } from 'vitest';
import wechat from 'wechat';
import { encryptMessage, msgSignature } from '../src/delivery/push/crypto.ts';
import { parseReply, type ReplyContext } from '../src/delivery/push/reply.ts';
import { buildXml, cdata, compatibleEnvelope, encryptedEnvelope } from '../src/delivery/push/xml.ts';

const KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const APPID = 'wx1234567890abcdef';

describe('push XML', () => {
  it.each([
    [
      'a text message, fields in the order given, text in CDATA, numbers bare',
      {
        ToUserName: 'gh_123',
        FromUserName: 'oOPENID',
        CreateTime: 1700000000,
        MsgType: 'text',
        Content: '你好',
        MsgId: '23456789012345678901',
      },
      '<xml><ToUserName><![CDATA[gh_123]]></ToUserName><FromUserName><![CDATA[oOPENID]]></FromUserName>' +
        '<CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType>' +
        '<Content><![CDATA[你好]]></Content><MsgId>23456789012345678901</MsgId></xml>',
    ],
    [
      'a view_miniprogram event (MenuId bare)',
      {
        ToUserName: 'gh_1',
        FromUserName: 'o1',
        CreateTime: 1,
        MsgType: 'event',
        Event: 'view_miniprogram',
        EventKey: 'pages/index/index',
        MenuId: '123',
      },
      '<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[o1]]></FromUserName>' +
        '<CreateTime>1</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[view_miniprogram]]></Event>' +
        '<EventKey><![CDATA[pages/index/index]]></EventKey><MenuId>123</MenuId></xml>',
    ],
    [
      'nested and repeated elements (SendPicsInfo)',
      { SendPicsInfo: { Count: 2, PicList: { item: [{ PicMd5Sum: 'a' }, { PicMd5Sum: 'b' }] } } },
      '<xml><SendPicsInfo><Count>2</Count><PicList><item><PicMd5Sum><![CDATA[a]]></PicMd5Sum></item>' +
        '<item><PicMd5Sum><![CDATA[b]]></PicMd5Sum></item></PicList></SendPicsInfo></xml>',
    ],
    [
      'a location message (coordinates bare)',
      { MsgType: 'location', Location_X: 23.134521, Location_Y: '113.358803', Label: '广州' },
      '<xml><MsgType><![CDATA[location]]></MsgType><Location_X>23.134521</Location_X>' +
        '<Location_Y>113.358803</Location_Y><Label><![CDATA[广州]]></Label></xml>',
    ],
  ])('builds %s', (_name, fields, xml) => {
    expect(buildXml(fields)).toBe(xml);
  });

  it('keeps "]]>" inside text by splitting the CDATA section', () => {
    expect(cdata('a]]>b')).toBe('<![CDATA[a]]]]><![CDATA[>b]]>');
    const verdict = parseReply(
      buildXml({ ToUserName: 'o1', FromUserName: 'gh', CreateTime: 1, MsgType: 'text', Content: 'a]]>b' }),
      { mode: 'plaintext', appid: APPID, token: 't', encodingAESKey: null, expectedTo: 'o1' },
    );
    expect(verdict).toMatchObject({ kind: 'reply', reply: { content: 'a]]>b' } });
  });

  it('refuses element names that are not XML names', () => {
    expect(() => buildXml({ 'a b': 'x' })).toThrow();
  });

  it('wraps safe and compatible bodies', () => {
    expect(encryptedEnvelope('gh_1', 'ENC')).toBe(
      '<xml><ToUserName><![CDATA[gh_1]]></ToUserName><Encrypt><![CDATA[ENC]]></Encrypt></xml>',
    );
    expect(compatibleEnvelope({ ToUserName: 'gh_1', CreateTime: 2 }, 'ENC')).toBe(
      '<xml><ToUserName><![CDATA[gh_1]]></ToUserName><CreateTime>2</CreateTime><Encrypt><![CDATA[ENC]]></Encrypt></xml>',
    );
  });
});

describe('passive replies', () => {
  const plain: ReplyContext = {
    mode: 'plaintext',
    appid: APPID,
    token: 'tok',
    encodingAESKey: null,
    expectedTo: 'oUser',
  };
  const safe: ReplyContext = { ...plain, mode: 'safe', encodingAESKey: KEY };
  const message = { ToUserName: 'gh_acc', FromUserName: 'oUser', MsgType: 'text' };
  const fromWechat = (content: unknown) => wechat.reply(content, 'gh_acc', 'oUser', message);

  it.each([
    ['text', 'hello', { type: 'text', content: 'hello' }],
    ['image', { type: 'image', content: { mediaId: 'MEDIA1' } }, { type: 'image', mediaId: 'MEDIA1' }],
    ['voice', { type: 'voice', content: { mediaId: 'V1' } }, { type: 'voice', mediaId: 'V1' }],
    [
      'video',
      { type: 'video', content: { mediaId: 'VID', title: 'T', description: 'D' } },
      { type: 'video', mediaId: 'VID', title: 'T', description: 'D' },
    ],
    [
      'music',
      {
        title: 'Song',
        description: 'D',
        musicUrl: 'http://m/1.mp3',
        hqMusicUrl: 'http://m/hq.mp3',
        thumbMediaId: 'TH',
      },
      {
        type: 'music',
        title: 'Song',
        musicUrl: 'http://m/1.mp3',
        hqMusicUrl: 'http://m/hq.mp3',
        thumbMediaId: 'TH',
      },
    ],
    [
      'news',
      [
        { title: '一', description: 'd1', picurl: 'http://p/1.png', url: 'http://u/1' },
        { title: '二', description: 'd2', picUrl: 'http://p/2.png', url: 'http://u/2' },
      ],
      {
        type: 'news',
        articles: [
          { title: '一', description: 'd1', picUrl: 'http://p/1.png', url: 'http://u/1' },
          { title: '二', description: 'd2', picUrl: 'http://p/2.png', url: 'http://u/2' },
        ],
      },
    ],
  ])('reads a %s reply as the wechat middleware writes it', (_name, content, expected) => {
    const verdict = parseReply(fromWechat(content), plain);
    expect(verdict).toMatchObject({
      kind: 'reply',
      reply: { toUserName: 'oUser', fromUserName: 'gh_acc', ...expected },
    });
  });

  it.each([
    ['an empty body', ''],
    ['whitespace', '  \n'],
    ['success', 'success'],
    ['success with a newline', 'success\n'],
  ])('takes %s as no reply', (_name, body) => {
    expect(parseReply(body, plain)).toEqual({ kind: 'none' });
  });

  it.each([
    ['garbage', 'this is not xml <<<', /not XML/],
    ['unclosed tags', '<xml><MsgType>text</xml>', /not XML/],
    ['another root', '<html><body>oops</body></html>', /no <xml> root/],
    ['no MsgType', '<xml><ToUserName>oUser</ToUserName></xml>', /without MsgType/],
    [
      'an unknown MsgType',
      '<xml><ToUserName>oUser</ToUserName><MsgType>hologram</MsgType></xml>',
      /unknown reply MsgType/,
    ],
    [
      'a text without Content',
      '<xml><ToUserName>oUser</ToUserName><MsgType>text</MsgType></xml>',
      /without Content/,
    ],
    [
      'an image without MediaId',
      '<xml><ToUserName>oUser</ToUserName><MsgType>image</MsgType></xml>',
      /without MediaId/,
    ],
    [
      'news without articles',
      '<xml><ToUserName>oUser</ToUserName><MsgType>news</MsgType></xml>',
      /without articles/,
    ],
    [
      'a reply to another user',
      '<xml><ToUserName>oOther</ToUserName><MsgType>text</MsgType><Content>x</Content></xml>',
      /another user/,
    ],
    ['an encrypted reply in plaintext mode', '<xml><Encrypt>abc</Encrypt></xml>', /plaintext mode/],
  ])('calls %s a bad reply', (_name, body, reason) => {
    const verdict = parseReply(body, plain);
    expect(verdict.kind).toBe('bad');
    expect(verdict.kind === 'bad' && verdict.reason).toMatch(reason);
  });

  const sealed = (xml: string, overrides: { signature?: string; appid?: string } = {}) => {
    const encrypt = encryptMessage(KEY, xml, overrides.appid ?? APPID);
    const signature = overrides.signature ?? msgSignature('tok', '1700000000123', '42', encrypt);
    return `<xml><Encrypt><![CDATA[${encrypt}]]></Encrypt><MsgSignature><![CDATA[${signature}]]></MsgSignature><TimeStamp>1700000000123</TimeStamp><Nonce><![CDATA[42]]></Nonce></xml>`;
  };

  it('decrypts a safe-mode reply and checks its MsgSignature', () => {
    expect(parseReply(sealed(fromWechat('加密的回复')), safe)).toMatchObject({
      kind: 'reply',
      reply: { type: 'text', content: '加密的回复' },
    });
  });

  it.each([
    ['a wrong MsgSignature', sealed('<xml/>', { signature: 'f'.repeat(40) }), /wrong MsgSignature/],
    ['another appid', sealed('<xml/>', { appid: 'wxother' }), /another appid/],
    [
      'a plain reply in safe mode',
      '<xml><ToUserName>oUser</ToUserName><MsgType>text</MsgType><Content>x</Content></xml>',
      /expects an encrypted/,
    ],
  ])('refuses a safe-mode reply with %s', (_name, body, reason) => {
    const verdict = parseReply(body, safe);
    expect(verdict.kind === 'bad' && verdict.reason).toMatch(reason);
  });

  it('accepts either a plain or an encrypted reply in compatible mode', () => {
    const compatible = { ...safe, mode: 'compatible' as const };
    expect(parseReply(fromWechat('plain'), compatible)).toMatchObject({
      kind: 'reply',
      reply: { content: 'plain' },
    });
    expect(parseReply(sealed(fromWechat('sealed')), compatible)).toMatchObject({
      kind: 'reply',
      reply: { content: 'sealed' },
    });
  });
});
