/** Frame side of the bridge: waits for `init` and its port, then calls the host and hears its events. */
import {
  type FrameToHost,
  type HostToFrame,
  type InitPayload,
  isInitMessage,
  parseHostMessage,
} from '../shared/protocol.ts';

export type HostEvent = Extract<HostToFrame, { type: 'event' }>;

export class HostBridge {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private eventHandler: (event: HostEvent) => void = () => {};

  private constructor(private readonly port: MessagePort) {
    port.onmessage = (event) => {
      const message = parseHostMessage(event.data);
      if (!message) return;
      if (message.type === 'reply') {
        const waiter = this.pending.get(message.id);
        if (!waiter) return;
        this.pending.delete(message.id);
        if (message.ok) waiter.resolve(message.value);
        else waiter.reject(new HostCallError(message.errMsg));
      } else this.eventHandler(message);
    };
  }

  /** Announces the frame to its parent and resolves with the first valid `init`. */
  static connect(): Promise<{ bridge: HostBridge; init: InitPayload }> {
    return new Promise((resolve) => {
      const onMessage = (event: MessageEvent) => {
        if (event.source !== window.parent || !isInitMessage(event.data) || !event.ports[0]) return;
        window.removeEventListener('message', onMessage);
        resolve({ bridge: new HostBridge(event.ports[0]), init: event.data.init });
      };
      window.addEventListener('message', onMessage);
      window.parent.postMessage({ wharf: 1, type: 'ready' }, '*');
    });
  }

  /** Calls a host API; rejects with the host's `errMsg` text. */
  call<T = unknown>(api: string, args: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.send({ type: 'call', id, api, args: JSON.parse(JSON.stringify(args)) as Record<string, unknown> });
    });
  }

  send(message: FrameToHost): void {
    this.port.postMessage(message);
  }

  reply(id: number, value: unknown): void {
    this.send({
      type: 'eventReply',
      id,
      value: value === undefined ? null : JSON.parse(JSON.stringify(value)),
    });
  }

  onEvent(handler: (event: HostEvent) => void): void {
    this.eventHandler = handler;
  }
}

export class HostCallError extends Error {}
