import { describe, expect, it } from 'vitest';
import { redactUrl } from './log-redaction.ts';

describe('redactUrl', () => {
  it.each([
    [
      '/cgi-bin/token?grant_type=client_credential&appid=wx1&secret=abc',
      '/cgi-bin/token?grant_type=client_credential&appid=wx1&secret=[redacted]',
    ],
    ['/wxa/get_category?access_token=T0K', '/wxa/get_category?access_token=[redacted]'],
    [
      '/sns/jscode2session?appid=wx1&secret=s&js_code=c&grant_type=authorization_code',
      '/sns/jscode2session?appid=wx1&secret=[redacted]&js_code=[redacted]&grant_type=authorization_code',
    ],
    ['/x?ACCESS_TOKEN=a&%73ecret=b', '/x?ACCESS_TOKEN=[redacted]&%73ecret=[redacted]'],
    ['/x?access_token', '/x?access_token=[redacted]'],
    ['/healthz', '/healthz'],
    ['/api/v1/launch/wx1?version=trial', '/api/v1/launch/wx1?version=trial'],
  ])('%s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});
