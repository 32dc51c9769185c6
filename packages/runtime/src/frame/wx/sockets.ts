/**
 * WebSockets as WeChat gives them: `wx.connectSocket` returns a `SocketTask`; the legacy
 * `wx.sendSocketMessage` / `closeSocket` / `onSocket*` act on the most recent task. The host
 * opens the real socket (the frame may not connect anywhere) and relays its frames.
 */
import type { SocketEvent } from '../../shared/protocol.ts';
import type { HostBridge } from '../bridge.ts';
import { type ApiArgs, safely as call } from './async-api.ts';

type Listener = (result: Record<string, unknown>) => void;
type Kind = SocketEvent['kind'];

function settle(args: ApiArgs, result: Record<string, unknown>, ok: boolean): void {
  call(ok ? args.success : args.fail, result);
  call(args.complete, result);
}

const failure = (error: unknown) => ({ errMsg: error instanceof Error ? error.message : String(error) });

class SocketTask {
  socketTaskId: number | undefined;
  readyState = 0;
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readonly CLOSING = 2;
  readonly CLOSED = 3;
  readonly listeners: Record<Kind, Set<Listener>> = {
    open: new Set(),
    message: new Set(),
    error: new Set(),
    close: new Set(),
  };
  /** A close asked before the host named the socket: sent once it has. */
  pendingClose: ApiArgs | undefined;

  constructor(private readonly bridge: HostBridge) {}

  send(args: ApiArgs = {}): void {
    const { data } = args;
    const id = this.readyState === this.OPEN ? this.socketTaskId : undefined;
    if (typeof data !== 'string' && !(data instanceof ArrayBuffer)) {
      settle(
        args,
        { errMsg: 'sendSocketMessage:fail parameter error: parameter.data should be String or ArrayBuffer' },
        false,
      );
      return;
    }
    if (id === undefined) {
      settle(args, { errMsg: 'sendSocketMessage:fail WebSocket is not connected' }, false);
      return;
    }
    // A copy crosses (transferred), so the app's own buffer stays usable as on WeChat.
    const payload = typeof data === 'string' ? data : data.slice(0);
    this.bridge.sendSocket(id, payload).then(
      () => settle(args, { errMsg: 'sendSocketMessage:ok' }, true),
      (error) => settle(args, failure(error), false),
    );
  }

  close(args: ApiArgs = {}): void {
    if (this.socketTaskId === undefined) {
      if (this.readyState === this.CONNECTING) this.pendingClose = args;
      else settle(args, { errMsg: 'closeSocket:fail WebSocket is not connected' }, false);
      return;
    }
    this.bridge
      .call('closeSocket', { socketTaskId: this.socketTaskId, code: args.code, reason: args.reason })
      .then(
        () => {
          this.readyState = this.CLOSING;
          settle(args, { errMsg: 'closeSocket:ok' }, true);
        },
        (error) => settle(args, failure(error), false),
      );
  }

  onOpen = (fn: Listener) => void this.listeners.open.add(fn);
  onMessage = (fn: Listener) => void this.listeners.message.add(fn);
  onError = (fn: Listener) => void this.listeners.error.add(fn);
  onClose = (fn: Listener) => void this.listeners.close.add(fn);
}

export function installSocketApis(wx: Record<string, unknown>, bridge: HostBridge): void {
  const tasks = new Map<number, SocketTask>();
  let latest: SocketTask | undefined;
  const global: Record<Kind, Set<Listener>> = {
    open: new Set(),
    message: new Set(),
    error: new Set(),
    close: new Set(),
  };

  bridge.onEvent((event) => {
    if (event.name !== 'socket') return;
    const task = tasks.get(event.socket);
    if (!task) return;
    const { type: _type, name: _name, socket: _socket, kind, ...result } = event;
    if (kind === 'open') task.readyState = task.OPEN;
    if (kind === 'close') {
      task.readyState = task.CLOSED;
      tasks.delete(event.socket);
    }
    for (const listener of task.listeners[kind]) call(listener, result);
    if (task === latest) for (const listener of global[kind]) call(listener, result);
  });

  // Never a Promise: WeChat answers connectSocket with the task, whatever callbacks are given.
  wx.connectSocket = (args: ApiArgs = {}) => {
    const task = new SocketTask(bridge);
    latest = task;
    const header = args.header && typeof args.header === 'object' ? args.header : {};
    bridge
      .call<{ socketTaskId: number }>('connectSocket', {
        url: args.url,
        protocols: Array.isArray(args.protocols) ? args.protocols : [],
        timeout: args.timeout,
        header,
      })
      .then(
        ({ socketTaskId }) => {
          task.socketTaskId = socketTaskId;
          tasks.set(socketTaskId, task);
          settle(args, { socketTaskId, errMsg: 'connectSocket:ok' }, true);
          if (task.pendingClose) task.close(task.pendingClose);
        },
        (error) => {
          task.readyState = task.CLOSED;
          settle(args, failure(error), false);
        },
      );
    return task;
  };

  const onLatest =
    (api: 'sendSocketMessage' | 'closeSocket', run: (task: SocketTask, args: ApiArgs) => void) =>
    (args: ApiArgs = {}) => {
      if (latest && latest.readyState !== latest.CLOSED) return run(latest, args);
      settle(args, { errMsg: `${api}:fail WebSocket is not connected` }, false);
    };
  wx.sendSocketMessage = onLatest('sendSocketMessage', (task, args) => task.send(args));
  wx.closeSocket = onLatest('closeSocket', (task, args) => task.close(args));
  wx.onSocketOpen = (fn: Listener) => void global.open.add(fn);
  wx.onSocketMessage = (fn: Listener) => void global.message.add(fn);
  wx.onSocketError = (fn: Listener) => void global.error.add(fn);
  wx.onSocketClose = (fn: Listener) => void global.close.add(fn);
}
