/** Frame side of the bridge: waits for `init` and its port, then calls the host and hears its events. */
import {
  type FrameToHost,
  type HostToFrame,
  type InitPayload,
  isInitMessage,
  isWarmMessage,
  parseHostMessage,
  WARM_LIMIT,
} from '../shared/protocol.ts';

export type HostEvent = Extract<HostToFrame, { type: 'event' }>;

const preloaded = new Set<string>();

/** `<link rel=preload as=script>` in the chunk loader's CORS mode, so its `<script>` reuses the response. */
function preload(urls: readonly string[]): void {
  for (const url of urls) {
    if (preloaded.has(url) || preloaded.size >= WARM_LIMIT * 4) continue;
    preloaded.add(url);
    const link = document.createElement('link');
    link.rel = 'preload';
    link.as = 'script';
    link.crossOrigin = 'anonymous';
    link.href = url;
    document.head.appendChild(link);
  }
}

export class HostBridge {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly eventHandlers: Array<(event: HostEvent) => void> = [];

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
      } else for (const handler of this.eventHandlers) handler(message);
    };
  }

  /**
   * Announces the frame to its parent and resolves with the first valid `init`. Until then the
   * parent may name package files a likely open will need: they are preloaded (fetched, never
   * run), so the open that follows finds them in this document's cache.
   */
  static connect(): Promise<{ bridge: HostBridge; init: InitPayload }> {
    return new Promise((resolve) => {
      const onMessage = (event: MessageEvent) => {
        if (event.source !== window.parent) return;
        if (isWarmMessage(event.data)) return preload(event.data.urls);
        if (!isInitMessage(event.data) || !event.ports[0]) return;
        window.removeEventListener('message', onMessage);
        resolve({ bridge: new HostBridge(event.ports[0]), init: event.data.init });
      };
      window.addEventListener('message', onMessage);
      window.parent.postMessage({ wharf: 1, type: 'ready' }, '*');
    });
  }

  /** Calls a host API; rejects with the host's `errMsg` text. */
  call<T = unknown>(api: string, args: Record<string, unknown> = {}): Promise<T> {
    return this.await((id) =>
      this.send({ type: 'call', id, api, args: JSON.parse(JSON.stringify(args)) as Record<string, unknown> }),
    ) as Promise<T>;
  }

  /** `SocketTask.send`: an ArrayBuffer is transferred (so it must be the frame's own copy), not JSON. */
  sendSocket(socket: number, data: string | ArrayBuffer): Promise<unknown> {
    return this.await((id) =>
      this.port.postMessage({ type: 'socketSend', id, socket, data }, typeof data === 'string' ? [] : [data]),
    );
  }

  private await(post: (id: number) => void): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      post(id);
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
    this.eventHandlers.push(handler);
  }
}

export class HostCallError extends Error {}
