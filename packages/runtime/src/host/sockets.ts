/**
 * `wx.connectSocket` on the host side: the frame may open no connection of its own
 * (`connect-src 'none'`), so the host page opens the browser WebSocket and relays frames both
 * ways over the port. WeChat's rules apply first: `wss://` only, the app's socket domains
 * (`wsrequestdomain`), at most five sockets of an app open at once.
 */
import type { HostToFrame, SocketEvent } from '../shared/protocol.ts';
import { HostApiFailure } from './host-apis.ts';

/** WeChat (base library 1.7.0 on): at most five WebSocket connections of a mini program at once. */
export const MAX_SOCKETS = 5;

/**
 * Entries are `wss://host[:port]` (or `ws://host:port` for a local development server, as a
 * request domain may be `http://`), or a bare host name (wss on the default port).
 */
export function isAllowedSocketUrl(url: string, domains: readonly string[]): boolean {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  if (target.protocol !== 'wss:' && target.protocol !== 'ws:') return false;
  return domains.some((entry) => {
    if (/^wss?:\/\//.test(entry)) {
      try {
        const allowed = new URL(entry);
        return allowed.protocol === target.protocol && allowed.host === target.host;
      } catch {
        return false;
      }
    }
    return target.protocol === 'wss:' && target.host === entry;
  });
}

type Send = (message: HostToFrame, transfer?: Transferable[]) => void;

export class HostSockets {
  private nextId = 1;
  private readonly open = new Map<number, WebSocket>();
  /** Closes asked while a socket was still connecting: done on open, so the server hears the code. */
  private readonly closeOnOpen = new Map<number, { code: number; reason?: string }>();

  constructor(private readonly send: Send) {}

  /** Opens a socket (WeChat's `connectSocket` succeeds once the attempt is made); events follow. */
  connect(args: Record<string, unknown>, domains: readonly string[], checkDomains: boolean): number {
    const url = typeof args.url === 'string' ? args.url : '';
    if (!url) throw new HostApiFailure('parameter error: parameter.url should be String');
    if (!/^wss?:\/\//i.test(url)) throw new HostApiFailure(`invalid url "${url.slice(0, 200)}"`);
    if (checkDomains && !isAllowedSocketUrl(url, domains)) throw new HostApiFailure('url not in domain list');
    if (this.open.size >= MAX_SOCKETS) throw new HostApiFailure('exceed max task count');
    const protocols = Array.isArray(args.protocols) ? args.protocols.map(String) : [];
    let socket: WebSocket;
    try {
      socket = new WebSocket(url, protocols);
    } catch (error) {
      throw new HostApiFailure((error as Error).message);
    }
    socket.binaryType = 'arraybuffer';
    const id = this.nextId++;
    this.open.set(id, socket);
    const emit = (event: SocketEvent, transfer?: Transferable[]) =>
      this.send({ type: 'event', name: 'socket', socket: id, ...event }, transfer);
    const fetchStart = Date.now();
    const timeout = typeof args.timeout === 'number' && args.timeout > 0 ? args.timeout : 0;
    const timer = timeout
      ? setTimeout(() => {
          if (socket.readyState !== WebSocket.CONNECTING) return;
          emit({ kind: 'error', errMsg: 'connectSocket:fail timeout' });
          socket.close();
        }, timeout)
      : undefined;
    socket.onopen = () => {
      clearTimeout(timer);
      const close = this.closeOnOpen.get(id);
      if (close) {
        socket.close(close.code, close.reason);
        return;
      }
      // A page cannot read the handshake's response headers; the chosen subprotocol it can.
      const header: Record<string, string> = socket.protocol
        ? { 'sec-websocket-protocol': socket.protocol }
        : {};
      emit({ kind: 'open', header, profile: { fetchStart, connectEnd: Date.now() } });
    };
    socket.onmessage = (event: MessageEvent) => {
      const data = event.data as string | ArrayBuffer;
      emit({ kind: 'message', data }, data instanceof ArrayBuffer ? [data] : undefined);
    };
    // The browser tells a page nothing about why a socket failed.
    socket.onerror = () => emit({ kind: 'error', errMsg: 'WebSocket error' });
    socket.onclose = (event: CloseEvent) => {
      clearTimeout(timer);
      this.open.delete(id);
      this.closeOnOpen.delete(id);
      emit({ kind: 'close', code: event.code, reason: event.reason });
    };
    return id;
  }

  write(id: number, data: string | ArrayBuffer): void {
    const socket = this.open.get(id);
    if (!socket || socket.readyState !== WebSocket.OPEN)
      throw new HostApiFailure('sendSocketMessage:fail WebSocket is not connected');
    socket.send(data);
  }

  close(id: number, code: unknown, reason: unknown): void {
    const socket = this.open.get(id);
    if (!socket || socket.readyState >= WebSocket.CLOSING || this.closeOnOpen.has(id))
      throw new HostApiFailure('closeSocket:fail WebSocket is not connected');
    const args = {
      code: typeof code === 'number' ? code : 1000,
      reason: typeof reason === 'string' ? reason : undefined,
    };
    // The browser allows 1000 or 3000–4999 and a reason of at most 123 bytes: checked now, even when
    // the close waits for the open (closing a connecting socket would only abort it, 1006).
    if (args.code !== 1000 && (args.code < 3000 || args.code > 4999))
      throw new HostApiFailure(
        `closeSocket:fail code must be 1000 or between 3000 and 4999, not ${args.code}`,
      );
    if (new TextEncoder().encode(args.reason ?? '').byteLength > 123)
      throw new HostApiFailure('closeSocket:fail reason longer than 123 bytes');
    if (socket.readyState === WebSocket.CONNECTING) this.closeOnOpen.set(id, args);
    else socket.close(args.code, args.reason);
  }

  /** The app's frame is going away: none of its sockets outlives it. */
  closeAll(): void {
    for (const socket of this.open.values()) {
      socket.onopen = socket.onmessage = socket.onerror = socket.onclose = null;
      socket.close(1000, 'mini program closed');
    }
    this.open.clear();
    this.closeOnOpen.clear();
  }
}
