import { describe, expect, it } from 'vitest';
import { isAllowedRequestUrl, toHostRequest } from './request.ts';

describe('request domain rule', () => {
  it.each([
    ['https://api.example.com/v1', ['api.example.com'], true],
    ['https://api.example.com:8443/v1', ['api.example.com'], false],
    ['http://api.example.com/v1', ['api.example.com'], false],
    ['https://evil.example.com', ['api.example.com'], false],
    ['https://api.example.com.evil.com', ['api.example.com'], false],
    ['https://api.example.com/x', ['https://api.example.com'], true],
    ['http://127.0.0.1:3000/x', ['http://127.0.0.1:3000'], true],
    ['http://127.0.0.1:3001/x', ['http://127.0.0.1:3000'], false],
    ['javascript:alert(1)', ['api.example.com'], false],
    ['not a url', ['api.example.com'], false],
  ])('%s with %j → %s', (url, domains, allowed) => {
    expect(isAllowedRequestUrl(url, domains)).toBe(allowed);
  });
});

describe('wx.request encoding', () => {
  it('puts GET data in the query string and POST data in a JSON body, as the WeChat client does', () => {
    expect(toHostRequest({ url: 'https://a.com/x?k=1', data: { q: '茶', n: 2 } })).toEqual({
      url: 'https://a.com/x?k=1&q=%E8%8C%B6&n=2',
      method: 'GET',
      header: {},
      body: undefined,
      timeout: 60_000,
      responseType: 'text',
    });
    expect(toHostRequest({ url: 'https://a.com/x', method: 'post', data: { a: 1 } })).toMatchObject({
      method: 'POST',
      body: '{"a":1}',
      header: { 'content-type': 'application/json' },
    });
    expect(
      toHostRequest({
        url: 'https://a.com/x',
        method: 'POST',
        data: { a: 1, b: 'c d' },
        header: { 'Content-Type': 'application/x-www-form-urlencoded' },
      }),
    ).toMatchObject({ body: 'a=1&b=c%20d' });
  });
});
