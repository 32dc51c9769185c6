import type { Worker } from 'node:worker_threads';
import { WharfError } from '../../errors/wharf-error.ts';
import { startTsWorker } from '../../workers/ts-worker.ts';
import type { DecodeReply, DecodeRequest } from './decode-worker.ts';
import type { DecodeLimits } from './image-decode.ts';

const workerEntry = new URL('./decode-worker.ts', import.meta.url).href;
interface Job {
  request: DecodeRequest;
  resolve: (text: string) => void;
  reject: (error: unknown) => void;
}

export interface DecodePoolOptions {
  /** A decode running longer is stopped (its worker ended) and the image refused. */
  timeoutMs: number;
  /** Images waiting beyond this many are refused at once: the scanner is busy. */
  maxQueue: number;
  /** Heap of the worker; past it the worker dies, not the server. */
  maxHeapMb: number;
}

/**
 * One worker thread decodes scanned images, one at a time: decoding a 16-megapixel photo in pure
 * JS takes seconds, which must not stall every other request, and one at a time leaves the other
 * core to the server. The worker is started on first use and replaced if it dies.
 */
export class DecodePool {
  private worker: Worker | undefined;
  private readonly queue: Job[] = [];
  private busy = false;
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly options: DecodePoolOptions;

  constructor(options: Partial<DecodePoolOptions> = {}) {
    this.options = { timeoutMs: 15_000, maxQueue: 16, maxHeapMb: 512, ...options };
  }

  decode(bytes: Uint8Array, limits: DecodeLimits): Promise<string> {
    if (this.queue.length >= this.options.maxQueue) return Promise.reject(new WharfError('qr_scan_busy'));
    return new Promise((resolve, reject) => {
      this.queue.push({ request: { bytes, limits }, resolve, reject });
      this.next();
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private spawn(): Worker {
    const worker = startTsWorker(workerEntry, this.options.maxHeapMb);
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = undefined;
    });
    return worker;
  }

  private next(): void {
    if (this.busy) return;
    const job = this.queue.shift();
    if (!job) return;
    this.busy = true;
    clearTimeout(this.idleTimer);
    this.worker ??= this.spawn();
    const worker = this.worker;
    worker.ref();
    const settle = (keep: boolean, outcome: () => void) => {
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      worker.unref();
      if (!keep) {
        if (this.worker === worker) this.worker = undefined;
        void worker.terminate();
      }
      this.busy = false;
      // An idle decoder gives its memory back after a minute.
      if (keep) {
        this.idleTimer = setTimeout(() => void this.close(), 60_000);
        this.idleTimer.unref();
      }
      outcome();
      this.next();
    };
    const onMessage = (reply: DecodeReply) =>
      settle(true, () => {
        if (reply.ok) job.resolve(reply.text);
        else if ('code' in reply) job.reject(new WharfError(reply.code, reply.params));
        else job.reject(new Error(`image decoder failed: ${reply.error}`));
      });
    const refuse = (reason: string, reasonZh: string) =>
      settle(false, () => job.reject(new WharfError('qr_image_invalid', { reason, reasonZh })));
    const onError = () => refuse('the decoder ran out of memory or failed', '解码失败（内存不足或出错）');
    const onExit = () => refuse('the decoder stopped', '解码已停止');
    const timer = setTimeout(() => refuse('decoding took too long', '解码超时'), this.options.timeoutMs);
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage(job.request);
  }
}
