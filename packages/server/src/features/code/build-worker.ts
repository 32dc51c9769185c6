/**
 * Runs inside a worker thread (see runtime-bridge.ts): builds one package per message, so a
 * slow or exploding build never holds the server's event loop, and a crash or memory blow-up
 * ends this thread only.
 */
import { parentPort } from 'node:worker_threads';
import { type BuildLimits, BuildRefusedError, buildPackage } from '@wharf/runtime/build';

export interface BuildRequest {
  files: Map<string, Uint8Array>;
  limits: Partial<BuildLimits>;
}

export type BuildReply =
  | { ok: true; result: Awaited<ReturnType<typeof buildPackage>> }
  | { ok: false; refusal: BuildRefusedError['refusal'] }
  | { ok: false; error: string };

const port = parentPort;
if (!port) throw new Error('build-worker.ts runs only as a worker thread');

port.on('message', async ({ files, limits }: BuildRequest) => {
  let reply: BuildReply;
  try {
    reply = { ok: true, result: await buildPackage(files, limits) };
  } catch (error) {
    reply =
      error instanceof BuildRefusedError
        ? { ok: false, refusal: error.refusal }
        : { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
