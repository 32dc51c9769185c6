/**
 * WebSockets through the host: `wx.connectSocket` and its SocketTask, the legacy global
 * calls, WeChat's domain and five-socket rules, against a real WebSocket server (`ws`).
 */
import type { AddressInfo } from 'node:net';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { byId, fixtureFiles, type Harness, openMiniProgram, startHarness } from './harness.ts';

interface Seen {
  path: string;
  protocol: string;
  origin: string | undefined;
  received: Array<string | number[]>;
  closed?: { code: number; reason: string };
  socket: WebSocket;
}

let harness: Harness;
let server: WebSocketServer;
let wsOrigin: string;
const seen: Seen[] = [];
let page: Page;
let frame: Frame;

beforeAll(async () => {
  server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => server.once('listening', resolve));
  wsOrigin = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  server.on('connection', (socket, request) => {
    const entry: Seen = {
      path: request.url ?? '',
      protocol: socket.protocol,
      origin: request.headers.origin,
      received: [],
      socket,
    };
    seen.push(entry);
    socket.on('message', (data, isBinary) => {
      const bytes = data as Buffer;
      entry.received.push(isBinary ? [...bytes] : bytes.toString());
      if (entry.path !== '/echo') return;
      if (!isBinary && bytes.toString() === 'close-me') socket.close(4001, 'bye 再见');
      else socket.send(bytes, { binary: isBinary });
    });
    socket.on('close', (code, reason) => {
      entry.closed = { code, reason: reason.toString() };
    });
  });
  harness = await startHarness();
  const { packageBase } = await harness.publish('sockets', await fixtureFiles('sockets'));
  ({ page, frame } = await openMiniProgram(harness, packageBase, {
    launch: { scene: 1001, query: { ws: encodeURIComponent(wsOrigin) } },
    socketDomains: [wsOrigin],
  }));
});
afterAll(async () => {
  await harness?.close();
  for (const client of server?.clients ?? []) client.terminate();
  await new Promise((resolve) => server?.close(resolve));
});

const log = async () =>
  JSON.parse((await frame.textContent(byId('log'))) || '[]') as Array<{ type: string; detail: unknown }>;
const all = async (type: string) => (await log()).filter((e) => e.type === type).map((e) => e.detail);
const last = async (type: string) => (await all(type)).at(-1);
const openOnServer = () => seen.filter((s) => !s.closed).length;

describe('wx.connectSocket', () => {
  it('opens a socket through the host, with its subprotocol, and echoes text and ArrayBuffer frames', async () => {
    await frame.click(byId('open'));
    await expect.poll(() => last('connect')).toEqual({ errMsg: 'connectSocket:ok', id: 'number' });
    await expect
      .poll(() => last('echo-open'))
      .toEqual({ header: { 'sec-websocket-protocol': 'chat' }, profiled: true });
    const echo = seen.find((s) => s.path === '/echo');
    expect(echo?.protocol).toBe('chat');
    // Opened by the host page, not by the frame (whose CSP allows no connection).
    expect(echo?.origin).toBe(harness.hostOrigin);

    await frame.click(byId('text'));
    await expect.poll(() => last('echo-message')).toBe('你好，港口');
    expect(await last('sent')).toBe('sendSocketMessage:ok');

    await frame.click(byId('binary'));
    await expect.poll(() => last('echo-message')).toEqual({ bytes: [1, 2, 3, 250] });
    expect(await last('sent-binary')).toEqual({ stillUsable: 4 });
    expect(echo?.received).toEqual(['你好，港口', [1, 2, 3, 250]]);

    // A code the browser would refuse is refused clearly, and the socket stays open.
    await frame.click(byId('badClose'));
    await expect
      .poll(() => last('bad-close'))
      .toBe('closeSocket:fail code must be 1000 or between 3000 and 4999, not 1001');
    expect(echo?.closed).toBeUndefined();
  });

  it('reports a close the server starts, with its code and reason', async () => {
    await frame.click(byId('serverClose'));
    await expect.poll(() => last('echo-close')).toEqual({ code: 4001, reason: 'bye 再见' });
  });

  it('fails a send before the socket is open, and closes it with its code once it is', async () => {
    const before = seen.length;
    await frame.click(byId('early'));
    await expect.poll(() => last('early')).toBe('sendSocketMessage:fail WebSocket is not connected');
    await expect.poll(() => seen[before]?.closed?.code).toBe(1000);
  });

  it('refuses a domain that is not among the socket domains, and a URL that is not ws(s)://', async () => {
    const before = seen.length;
    await frame.click(byId('refused'));
    await expect.poll(() => last('refused')).toBe('connectSocket:fail url not in domain list');
    await frame.click(byId('insecure'));
    await expect
      .poll(() => last('insecure'))
      .toBe('connectSocket:fail invalid url "https://elsewhere.example/socket"');
    expect(seen.length).toBe(before);
  });

  it('refuses a sixth socket while five are open, and opens again once they closed', async () => {
    await expect.poll(openOnServer).toBe(0);
    await frame.click(byId('many'));
    await expect
      .poll(() => all('many'))
      .toEqual(['1 ok', '2 ok', '3 ok', '4 ok', '5 ok', '6 connectSocket:fail exceed max task count']);
    await expect.poll(async () => (await all('many-open')).length).toBe(5);
    expect(openOnServer()).toBe(5);

    await frame.click(byId('closeMany'));
    await expect.poll(async () => (await all('many-close')).length).toBe(5);
    expect((await all('many-close')).sort()).toEqual([
      '1 4000 done 1',
      '2 4001 done 2',
      '3 4002 done 3',
      '4 4003 done 4',
      '5 4004 done 5',
    ]);
    await expect.poll(openOnServer).toBe(0);
    expect(
      seen
        .filter((s) => s.path === '/hold')
        .map((s) => s.closed?.code)
        .sort(),
    ).toEqual([4000, 4001, 4002, 4003, 4004]);

    await frame.click(byId('open'));
    await expect.poll(async () => (await all('echo-open')).length).toBe(2);
  });

  it('drives the most recent socket with the legacy wx.sendSocketMessage / closeSocket / onSocket* calls', async () => {
    await frame.click(byId('legacy'));
    await expect.poll(() => last('legacy-message')).toBe('legacy');
    expect(await last('legacy-sent')).toBe('sendSocketMessage:ok');
    await expect.poll(() => last('legacy-close')).toEqual({ code: 1000, reason: 'legacy done' });
    expect(await last('legacy-closing')).toBe('closeSocket:ok');
    await expect.poll(() => last('legacy-after')).toBe('sendSocketMessage:fail WebSocket is not connected');
  });

  it('closes every socket of the app when it is unmounted', async () => {
    await frame.click(byId('hold'));
    await expect.poll(async () => (await all('hold-open')).length).toBe(2);
    // The echo socket opened in the five-socket test is still open too.
    await expect.poll(openOnServer).toBe(3);
    await page.evaluate(() => (window as unknown as { __handle: { destroy(): void } }).__handle.destroy());
    await expect.poll(openOnServer).toBe(0);
    expect(seen.slice(-2).map((s) => s.closed)).toEqual([
      { code: 1000, reason: 'mini program closed' },
      { code: 1000, reason: 'mini program closed' },
    ]);
  });
});
