/**
 * Fetches built chunk files into the frame. A chunk is a classic script calling
 * `__wharfChunk(payload)`; the loader matches each call to its `<script>` by URL. It exists
 * apart from AppRuntime so the launch chunks can start downloading the moment `init` arrives,
 * while the rest of the runtime is still being set up.
 */
import { CHUNK_CALLBACK, type ChunkPayload } from '../shared/chunk.ts';

type ChunkWindow = Window & { [CHUNK_CALLBACK]?: (payload: ChunkPayload) => void };

export class ChunkLoader {
  private readonly fetched = new Map<string, Promise<ChunkPayload>>();
  private readonly pending = new Map<string, (payload: ChunkPayload) => void>();
  private readonly base: string;

  constructor(packageBase: string) {
    this.base = packageBase.endsWith('/') ? packageBase : `${packageBase}/`;
    (window as ChunkWindow)[CHUNK_CALLBACK] = (payload) => {
      const script = document.currentScript as HTMLScriptElement | null;
      this.pending.get(script?.src ?? '')?.(payload);
    };
  }

  url(path: string): string {
    return new URL(path, this.base).href;
  }

  /** The chunk at `url`, downloaded once. */
  fetch(url: string): Promise<ChunkPayload> {
    const existing = this.fetched.get(url);
    if (existing) return existing;
    const promise = new Promise<ChunkPayload>((resolve, reject) => {
      this.pending.set(url, resolve);
      const script = document.createElement('script');
      script.src = url;
      script.crossOrigin = 'anonymous';
      script.onerror = () => reject(new Error(`failed to load ${url}`));
      document.head.appendChild(script);
    }).finally(() => this.pending.delete(url));
    this.fetched.set(url, promise);
    return promise;
  }

  /** Starts downloads without waiting (a failure surfaces when the chunk is loaded for real). */
  prefetch(paths: readonly string[]): void {
    for (const path of paths) this.fetch(this.url(path)).catch(() => {});
  }
}
