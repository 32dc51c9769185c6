import { describe, expect, it } from 'vitest';
import { allowedWebViewOrigin, parseWebPageMessage, webViewOrigins } from './web-view-protocol.ts';

describe('web-view origins', () => {
  it('reads business domains as request domains are written, never the platform’s own origins', () => {
    expect(
      webViewOrigins(
        [
          'h5.example.com',
          'https://m.example.com',
          'http://127.0.0.1:8080',
          'https://x.com/path',
          'https://wharf.test',
        ],
        ['https://wharf.test'],
      ),
    ).toEqual(['https://h5.example.com', 'https://m.example.com', 'http://127.0.0.1:8080']);
  });

  it('allows a src only on a listed origin, over http(s)', () => {
    const origins = ['https://h5.example.com'];
    expect(allowedWebViewOrigin('https://h5.example.com/a?b=1', origins)).toBe('https://h5.example.com');
    expect(allowedWebViewOrigin('http://h5.example.com/a', origins)).toBeUndefined();
    expect(allowedWebViewOrigin('https://h5.example.com.evil.com/', origins)).toBeUndefined();
    expect(allowedWebViewOrigin('javascript:alert(1)', origins)).toBeUndefined();
    expect(allowedWebViewOrigin('/pages/a', origins)).toBeUndefined();
  });

  it('accepts only the calls jweixin makes', () => {
    expect(
      parseWebPageMessage({ wharfWebView: 1, type: 'call', id: 1, api: 'navigateTo', args: { url: '/a' } }),
    ).toBeTruthy();
    expect(
      parseWebPageMessage({ wharfWebView: 1, type: 'call', id: 1, api: 'request', args: {} }),
    ).toBeUndefined();
    expect(
      parseWebPageMessage({ wharfWebView: 1, type: 'call', id: 'x', api: 'navigateTo', args: {} }),
    ).toBeUndefined();
    expect(parseWebPageMessage({ wharf: 1, type: 'ready' })).toBeUndefined();
  });
});
