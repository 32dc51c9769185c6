/**
 * Runs inside a worker thread (see decode-pool.ts): decodes one image per message, so a large
 * photo never holds the server's event loop, and a decoder stuck or out of memory ends this
 * thread only.
 */
import { parentPort } from 'node:worker_threads';
import { WharfError } from '../../errors/wharf-error.ts';
import { type DecodeLimits, decodeQrImage } from './image-decode.ts';

export interface DecodeRequest {
  bytes: Uint8Array;
  limits: DecodeLimits;
}

export type DecodeReply =
  | { ok: true; text: string }
  | { ok: false; code: WharfError['code']; params: WharfError['params'] }
  | { ok: false; error: string };

const port = parentPort;
if (!port) throw new Error('decode-worker.ts runs only as a worker thread');

port.on('message', ({ bytes, limits }: DecodeRequest) => {
  let reply: DecodeReply;
  try {
    reply = { ok: true, text: decodeQrImage(bytes, limits) };
  } catch (error) {
    reply =
      error instanceof WharfError
        ? { ok: false, code: error.code, params: error.params }
        : { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
