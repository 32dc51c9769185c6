import { describe, expect, it } from 'vitest';
import { splitPagepath } from '../container/target';
import { messageContent } from './message-content';

describe('reading conversation entries as the server shapes them', () => {
  it('reads the user’s text, a passive text reply and customer-service text the same way', () => {
    expect(messageContent('text', { type: 'text', content: '你好' })).toEqual({ type: 'text', text: '你好' });
    expect(messageContent('reply', { type: 'text', content: '欢迎' })).toEqual({
      type: 'text',
      text: '欢迎',
    });
    expect(messageContent('custom', { msgtype: 'text', content: '客服' })).toEqual({
      type: 'text',
      text: '客服',
    });
    expect(messageContent('broadcast', { msgtype: 'text', content: '群发' })).toEqual({
      type: 'text',
      text: '群发',
    });
  });

  it('opens link notifications and miniprogrampage cards with scene 1074, template messages with 1043', () => {
    expect(
      messageContent('link_notice', { title: 'T', appid: 'wx1', pagepath: 'pages/a/a', scene: 1074 }),
    ).toMatchObject({ type: 'miniprogram', target: { appid: 'wx1', pagepath: 'pages/a/a', scene: 1074 } });
    expect(
      messageContent('custom', {
        msgtype: 'miniprogrampage',
        title: 'Card',
        appid: 'wx2',
        pagepath: 'pages/b/b?x=1',
        thumbMediaId: 'm',
        scene: 1074,
      }),
    ).toMatchObject({ type: 'miniprogram', title: 'Card', target: { appid: 'wx2', scene: 1074 } });
    // The body the server's template messages carry: the template's content and the fields.
    expect(
      messageContent('template', {
        title: '订单发货',
        content: '{{first.DATA}}\n\n物流单号：{{keyword1.DATA}}\n{{remark.DATA}}',
        fields: [
          { key: 'first', value: '订单', color: '#173177' },
          { key: 'keyword1', value: '已发货' },
          { key: 'remark', value: '' },
        ],
        miniprogram: { appid: 'wx3', pagepath: 'pages/c/c' },
        scene: 1043,
      }),
    ).toEqual({
      type: 'template',
      title: '订单发货',
      rows: [
        { value: '订单', color: '#173177' },
        { label: '物流单号', value: '已发货', color: undefined },
      ],
      target: { appid: 'wx3', pagepath: 'pages/c/c', scene: 1043 },
      url: undefined,
    });
  });

  it('reads news replies as a link and leaves what it does not know as unsupported', () => {
    expect(
      messageContent('reply', {
        type: 'news',
        articles: [{ title: 'N', description: 'D', url: 'https://x/' }],
      }),
    ).toEqual({ type: 'link', title: 'N', description: 'D', url: 'https://x/' });
    expect(messageContent('custom', { msgtype: 'wxcard' })).toEqual({ type: 'unsupported' });
  });

  it('splits a pagepath into the launch path and query', () => {
    expect(splitPagepath('/pages/a/a?from=menu&x=%E4%B8%AD')).toEqual({
      path: 'pages/a/a',
      query: { from: 'menu', x: '中' },
    });
    expect(splitPagepath('pages/a/a.html')).toEqual({ path: 'pages/a/a', query: {} });
    expect(splitPagepath('')).toEqual({ path: '', query: {} });
  });
});
