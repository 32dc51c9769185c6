import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import {
  type BuildLimits,
  type BuildRefusal,
  BuildRefusedError,
  type BuildResult,
  FRAME_HEADERS,
  MANIFEST_PATH,
  runtimeAssets,
} from '@wharf/runtime/build';
import { startTsWorker } from '../../workers/ts-worker.ts';
import type { BuildReply, BuildRequest } from './build-worker.ts';
import type { PackageRefusal, PackageRule } from './package/refusal.ts';

export interface BuildPoolOptions {
  /** Builds running at once; more wait their turn. */
  size: number;
  /** A build running longer is stopped (its worker ended) and the package refused. */
  timeoutMs: number;
  /** Heap of one build worker; past it the worker dies, not the server. */
  maxHeapMb: number;
  /** An idle worker is ended after this long, returning its memory. */
  idleMs: number;
}

const defaultPoolOptions: BuildPoolOptions = {
  size: Math.max(1, Math.min(2, availableParallelism() - 1)),
  timeoutMs: 60_000,
  maxHeapMb: 2048,
  idleMs: 60_000,
};

const workerEntry = new URL('./build-worker.ts', import.meta.url).href;

interface Job {
  request: BuildRequest;
  resolve: (result: BuildResult) => void;
  reject: (error: unknown) => void;
}

/**
 * Package builds run in worker threads: the event loop keeps answering other requests while one
 * builds, a build past its time is stopped by ending its worker, and a worker that crashed or ran
 * out of memory is replaced, so one upload's failure cannot reach the next.
 */
export class BuildPool {
  private readonly options: BuildPoolOptions;
  private readonly idle: Array<{ worker: Worker; timer: NodeJS.Timeout }> = [];
  private readonly queue: Job[] = [];
  private running = 0;

  constructor(options: Partial<BuildPoolOptions> = {}) {
    this.options = { ...defaultPoolOptions, ...options };
  }

  build(files: ReadonlyMap<string, Uint8Array>, limits: Partial<BuildLimits> = {}): Promise<BuildResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ request: { files: new Map(files), limits }, resolve, reject });
      this.next();
    });
  }

  /** Ends every idle worker (running builds finish first). */
  async close(): Promise<void> {
    const idle = this.idle.splice(0);
    await Promise.all(
      idle.map(({ worker, timer }) => {
        clearTimeout(timer);
        return worker.terminate();
      }),
    );
  }

  private next(): void {
    while (this.queue.length > 0 && this.running < this.options.size) {
      const job = this.queue.shift()!;
      const idle = this.idle.pop();
      if (idle) clearTimeout(idle.timer);
      this.running += 1;
      this.run(idle?.worker ?? this.spawn(), job);
    }
  }

  private spawn(): Worker {
    const worker = startTsWorker(workerEntry, this.options.maxHeapMb);
    // A worker that dies while idle leaves the pool.
    worker.on('exit', () => this.forget(worker));
    return worker;
  }

  private run(worker: Worker, job: Job): void {
    let settled = false;
    const settle = (keepWorker: boolean, outcome: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      this.running -= 1;
      if (keepWorker) {
        const timer = setTimeout(() => this.retire(worker), this.options.idleMs);
        timer.unref();
        this.idle.push({ worker, timer });
      } else {
        void worker.terminate();
      }
      outcome();
      this.next();
    };
    const onMessage = (reply: BuildReply): void =>
      settle(true, () => {
        if (reply.ok) job.resolve(reply.result);
        else if ('refusal' in reply) job.reject(new BuildRefusedError(reply.refusal));
        else job.reject(new Error(reply.error));
      });
    const onError = (error: Error): void =>
      settle(false, () => job.reject(new Error(`the build worker failed: ${error.message}`)));
    const onExit = (code: number): void =>
      settle(false, () => job.reject(new Error(`the build worker stopped (exit code ${code})`)));
    const seconds = Math.round(this.options.timeoutMs / 1000);
    const timer = setTimeout(
      () =>
        settle(false, () =>
          job.reject(
            new BuildRefusedError({
              rule: 'build_timed_out',
              file: '',
              line: 1,
              message: `building the package took longer than ${seconds} s and was stopped`,
              messageZh: `构建代码包超过 ${seconds} 秒，已停止`,
            }),
          ),
        ),
      this.options.timeoutMs,
    );
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage(job.request);
  }

  private retire(worker: Worker): void {
    this.forget(worker);
    void worker.terminate();
  }

  private forget(worker: Worker): void {
    const at = this.idle.findIndex((entry) => entry.worker === worker);
    if (at < 0) return;
    clearTimeout(this.idle[at]!.timer);
    this.idle.splice(at, 1);
  }
}

const pool = new BuildPool();

/**
 * What the server needs of the runtime package: it builds an uploaded package into what the
 * browser runtime fetches (in a worker, see BuildPool), and ships the runtime's own assets
 * (served under `/runtime/`).
 */
export const runtimeBuild = {
  buildPackage: (files: ReadonlyMap<string, Uint8Array>, limits?: Partial<BuildLimits>) =>
    pool.build(files, limits),
  runtimeAssets,
  FRAME_HEADERS,
  MANIFEST_PATH,
};

export type RuntimeBuild = typeof runtimeBuild;
export type BuildDiagnostic = BuildResult['diagnostics'][number];

/** A package past the runtime's build limits as a package refusal; undefined for any other error. */
export function buildRefusal(error: unknown): PackageRefusal | undefined {
  if (!(error instanceof BuildRefusedError)) return undefined;
  const { file, line, message, messageZh }: BuildRefusal = error.refusal;
  // Every build rule is a package rule: this line stops compiling if the two lists part.
  const rule: PackageRule = error.refusal.rule;
  const where = file ? `${file} line ${line}: ` : '';
  const whereZh = file ? `${file} 第 ${line} 行：` : '';
  return { file, rule, message: `${where}${message}.`, messageZh: `${whereZh}${messageZh}。` };
}
