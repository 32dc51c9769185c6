import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { guardedLookup, isPrivateAddress } from '../../features/qrcodes/verify-domain.ts';

/** Passive replies are small; a larger answer is not one. */
const MAX_REPLY_BYTES = 256 * 1024;

export type Answer =
  | { kind: 'answer'; status: number; body: string; ms: number }
  | { kind: 'too_large'; status: number; ms: number }
  | { kind: 'timeout'; ms: number }
  | { kind: 'refused_address'; ms: number }
  | { kind: 'failed'; reason: string; ms: number };

class AddressRefused extends Error {
  constructor() {
    super('private address');
    this.name = 'AddressRefused';
  }
}

/**
 * One request to a developer server, bounded in time as a whole (WeChat gives 5 s from connect
 * to last byte), never following redirects, refusing private and loopback addresses unless
 * allowed: checked at connect time for names and before connecting for literal addresses.
 */
export function callDeveloperServer(
  url: URL,
  options: { method: 'GET' | 'POST'; body?: string; allowPrivate: boolean; timeoutMs: number },
): Promise<Answer> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && !options.allowPrivate && isPrivateAddress(host)) {
    return Promise.resolve({ kind: 'refused_address', ms: 0 });
  }
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (answer: Answer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(answer);
    };
    const request = client.request(
      url,
      {
        method: options.method,
        lookup: guardedLookup(options.allowPrivate, () => new AddressRefused()),
        agent: false,
        headers: {
          'user-agent': 'Mozilla/4.0 (Wharf push)',
          ...(options.body === undefined
            ? {}
            : {
                'content-type': 'text/xml; charset=utf-8',
                'content-length': Buffer.byteLength(options.body),
              }),
        },
      },
      (response) => {
        const status = response.statusCode ?? 0;
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_REPLY_BYTES) {
            finish({ kind: 'too_large', status, ms: ms() });
            request.destroy();
            return;
          }
          chunks.push(chunk);
        });
        response.on('end', () =>
          finish({ kind: 'answer', status, body: Buffer.concat(chunks).toString('utf8'), ms: ms() }),
        );
        response.on('error', (error) => finish({ kind: 'failed', reason: error.message, ms: ms() }));
      },
    );
    const timer = setTimeout(() => {
      finish({ kind: 'timeout', ms: ms() });
      request.destroy();
    }, options.timeoutMs);
    request.on('error', (error) =>
      finish(
        error instanceof AddressRefused
          ? { kind: 'refused_address', ms: ms() }
          : { kind: 'failed', reason: error.message, ms: ms() },
      ),
    );
    request.end(options.body);
  });
}
