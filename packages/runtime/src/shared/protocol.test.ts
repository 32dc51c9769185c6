import { describe, expect, it } from 'vitest';
import { isInitMessage, parseFrameMessage, parseHostMessage } from './protocol.ts';

describe('bridge message validation', () => {
  it('accepts well-formed frame messages and refuses the rest', () => {
    expect(parseFrameMessage({ type: 'call', id: 1, api: 'login', args: {} })).not.toBeNull();
    expect(parseFrameMessage({ type: 'call', id: 1, api: '__proto__', args: {} })).toBeNull();
    expect(parseFrameMessage({ type: 'call', id: '1', api: 'login', args: {} })).toBeNull();
    expect(parseFrameMessage({ type: 'call', id: 1, api: 'login', args: [] })).toBeNull();
    expect(parseFrameMessage({ type: 'log', level: 'error', message: 'x', line: 2 })).not.toBeNull();
    expect(parseFrameMessage({ type: 'log', level: 'fatal', message: 'x' })).toBeNull();
    expect(parseFrameMessage({ type: 'pageChange', stack: ['a', 2] })).toBeNull();
    expect(parseFrameMessage('call')).toBeNull();
    expect(parseFrameMessage({ type: 'failed', message: 'Error: x' })).not.toBeNull();
    expect(parseFrameMessage({ type: 'failed' })).toBeNull();
  });

  it('accepts host replies and events only in their documented shapes', () => {
    expect(parseHostMessage({ type: 'reply', id: 3, ok: false, errMsg: 'x:fail' })).not.toBeNull();
    expect(parseHostMessage({ type: 'reply', id: 3, ok: false })).toBeNull();
    expect(
      parseHostMessage({ type: 'event', name: 'show', options: { path: 'p', query: {}, scene: 1038 } }),
    ).not.toBeNull();
    expect(
      parseHostMessage({ type: 'event', name: 'show', options: { path: 'p', query: { a: 1 }, scene: 1038 } }),
    ).toBeNull();
    expect(parseHostMessage({ type: 'event', name: 'reload' })).toBeNull();
  });

  it('requires a complete init payload', () => {
    const init = {
      appid: 'wx1',
      envVersion: 'trial',
      packageBase: 'https://x',
      manifest: {},
      launch: { path: '', query: {}, scene: 1001 },
      storage: { k: 'v' },
      webViewOrigins: ['https://h5.example.com', 'http://127.0.0.1:8080'],
    };
    expect(isInitMessage({ wharf: 1, type: 'init', init })).toBe(true);
    // Origins go into the frame's CSP: nothing that could end a source list or a directive.
    expect(
      isInitMessage({
        wharf: 1,
        type: 'init',
        init: { ...init, webViewOrigins: ["https://a.com; script-src 'none'"] },
      }),
    ).toBe(false);
    expect(isInitMessage({ wharf: 1, type: 'init', init: { ...init, webViewOrigins: undefined } })).toBe(
      false,
    );
    expect(isInitMessage({ wharf: 1, type: 'init', init: { ...init, storage: { k: 1 } } })).toBe(false);
    expect(isInitMessage({ wharf: 2, type: 'init', init })).toBe(false);
    expect(isInitMessage({ wharf: 1, type: 'init', init: { ...init, envVersion: 'beta' } })).toBe(false);
    expect(isInitMessage({ wharf: 1, type: 'init', init: { ...init, envVersion: undefined } })).toBe(false);
  });
});
