import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface UploadOptions {
  server: string;
  appid: string;
  version: string;
  desc: string;
  key: string;
  zip: Buffer;
  onProgress?: (sent: number) => void;
}

export interface UploadAnswer {
  status: number;
  body: unknown;
}

const CHUNK = 64 * 1024;

/**
 * POSTs the zip to the native upload endpoint in chunks, reporting bytes as the socket takes
 * them (waiting for 'drain' makes the progress follow the network, not memory).
 */
export function uploadPackage(options: UploadOptions): Promise<UploadAnswer> {
  const url = new URL(`/api/v1/code/${encodeURIComponent(options.appid)}/versions`, options.server);
  url.searchParams.set('version', options.version);
  url.searchParams.set('desc', options.desc);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/zip',
          'content-length': options.zip.byteLength,
          'x-wharf-upload-key': options.key,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {}
          resolve({ status: res.statusCode ?? 0, body });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    const write = async () => {
      for (let sent = 0; sent < options.zip.byteLength; ) {
        const piece = options.zip.subarray(sent, sent + CHUNK);
        sent += piece.byteLength;
        if (!req.write(piece)) await new Promise((r) => req.once('drain', r));
        options.onProgress?.(sent);
      }
      req.end();
    };
    write().catch(reject);
  });
}
