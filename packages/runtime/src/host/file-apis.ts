/**
 * `wx.uploadFile`, `wx.downloadFile` and binary `wx.request` on the host side. Files cross the
 * bridge as base64 (the bridge carries JSON), capped at `MAX_TRANSFER_BYTES` each way; every
 * URL is checked against the app's domains first, as WeChat does ("url not in domain list").
 */

import { fromBase64, MAX_TRANSFER_BYTES, toBase64 } from '../shared/bytes.ts';
import { type HostApiContext, HostApiFailure } from './host-apis.ts';
import { isAllowedRequestUrl } from './request.ts';

const str = (v: unknown, fallback = '') => (typeof v === 'string' ? v : fallback);
const headers = (v: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  if (v && typeof v === 'object') for (const [k, value] of Object.entries(v)) out[k] = String(value);
  return out;
};

async function timed<T>(timeout: unknown, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const ms = typeof timeout === 'number' && timeout > 0 ? timeout : 60_000;
  const timer = setTimeout(() => controller.abort(), ms);
  try {
    return await run(controller.signal);
  } catch (error) {
    if (controller.signal.aborted) throw new HostApiFailure('timeout');
    if (error instanceof HostApiFailure) throw error;
    throw new HostApiFailure((error as Error).message);
  } finally {
    clearTimeout(timer);
  }
}

function checkUrl(url: string, domains: readonly string[], checkDomains: boolean): void {
  if (!url) throw new HostApiFailure('parameter error: parameter.url should be String');
  if (checkDomains && !isAllowedRequestUrl(url, domains)) throw new HostApiFailure('url not in domain list');
}

async function readCapped(response: Response): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > MAX_TRANSFER_BYTES) throw new HostApiFailure('exceed max file size');
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.byteLength > MAX_TRANSFER_BYTES) throw new HostApiFailure('exceed max file size');
  return bytes;
}

const responseHeaders = (response: Response) => {
  const header: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    header[name] = value;
  });
  return header;
};

export async function downloadFile(args: Record<string, unknown>, context: HostApiContext) {
  const url = str(args.url);
  checkUrl(url, context.downloadDomains, context.checkDomains);
  return await timed(args.timeout, async (signal) => {
    const response = await fetch(url, { headers: headers(args.header), credentials: 'omit', signal });
    const bytes = await readCapped(response);
    return {
      statusCode: response.status,
      header: responseHeaders(response),
      contentType: response.headers.get('content-type') ?? '',
      base64: toBase64(bytes),
    };
  });
}

export async function uploadFile(args: Record<string, unknown>, context: HostApiContext) {
  const url = str(args.url);
  checkUrl(url, context.uploadDomains, context.checkDomains);
  const name = str(args.name);
  if (!name) throw new HostApiFailure('parameter error: parameter.name should be String');
  const bytes = fromBase64(str(args.base64));
  if (bytes.byteLength > MAX_TRANSFER_BYTES) throw new HostApiFailure('exceed max file size');
  const body = new FormData();
  const formData = args.formData && typeof args.formData === 'object' ? args.formData : {};
  for (const [key, value] of Object.entries(formData))
    body.append(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
  body.append(
    name,
    new Blob([bytes], { type: str(args.contentType, 'application/octet-stream') }),
    str(args.fileName, 'file'),
  );
  // The browser writes the multipart boundary; a content-type the caller set would break it.
  const header = headers(args.header);
  for (const key of Object.keys(header)) if (key.toLowerCase() === 'content-type') delete header[key];
  return await timed(args.timeout, async (signal) => {
    const response = await fetch(url, { method: 'POST', headers: header, body, credentials: 'omit', signal });
    return { statusCode: response.status, header: responseHeaders(response), data: await response.text() };
  });
}
