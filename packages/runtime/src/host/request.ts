/**
 * `wx.request` on the host side: WeChat's domain rule first (only the app's configured
 * request domains; anything else is refused with "url not in domain list"), then the call.
 */
import { MAX_TRANSFER_BYTES, toBase64 } from '../shared/bytes.ts';
import type { HostRequest, HostResponse } from './services.ts';

export class RequestRefused extends Error {}

/** Entries are `https://host[:port]` (or `http://` for a local development server), or a bare host name (https). */
export function isAllowedRequestUrl(url: string, domains: readonly string[]): boolean {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  if (target.protocol !== 'https:' && target.protocol !== 'http:') return false;
  return domains.some((entry) => {
    if (/^https?:\/\//.test(entry)) {
      try {
        return new URL(entry).origin === target.origin;
      } catch {
        return false;
      }
    }
    return target.protocol === 'https:' && target.host === entry;
  });
}

const encodeForm = (data: Record<string, unknown>) =>
  Object.entries(data)
    .map(
      ([k, v]) =>
        `${encodeURIComponent(k)}=${encodeURIComponent(typeof v === 'object' ? JSON.stringify(v) : String(v))}`,
    )
    .join('&');

/** Turns `wx.request` arguments into an HTTP request the way the WeChat client encodes `data`. */
export function toHostRequest(args: Record<string, unknown>): HostRequest {
  const method = typeof args.method === 'string' ? args.method.toUpperCase() : 'GET';
  const header: Record<string, string> = {};
  for (const [k, v] of Object.entries((args.header as Record<string, unknown>) ?? {})) header[k] = String(v);
  const contentTypeKey = Object.keys(header).find((k) => k.toLowerCase() === 'content-type');
  const contentType = contentTypeKey ? header[contentTypeKey]! : 'application/json';
  let url = String(args.url);
  let body: string | undefined;
  const data = args.data;
  if (data !== undefined && data !== null) {
    if (method === 'GET') {
      if (typeof data === 'object') {
        const query = encodeForm(data as Record<string, unknown>);
        if (query) url += (url.includes('?') ? '&' : '?') + query;
      } else url += (url.includes('?') ? '&' : '?') + String(data);
    } else if (typeof data === 'string') body = data;
    else if (contentType.includes('application/x-www-form-urlencoded'))
      body = encodeForm(data as Record<string, unknown>);
    else body = JSON.stringify(data);
  }
  if (body !== undefined && !contentTypeKey) header['content-type'] = contentType;
  const timeout = typeof args.timeout === 'number' && args.timeout > 0 ? args.timeout : 60_000;
  const responseType = args.responseType === 'arraybuffer' ? 'arraybuffer' : 'text';
  return { url, method, header, body, timeout, responseType };
}

export async function fetchRequest(request: HostRequest): Promise<HostResponse> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), request.timeout);
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.header,
      body: request.body,
      credentials: 'omit',
      signal: controller.signal,
    });
    const header: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      header[name] = value;
    });
    if (request.responseType === 'arraybuffer') {
      const bytes = new Uint8Array(await response.arrayBuffer());
      if (bytes.byteLength > MAX_TRANSFER_BYTES) throw new RequestRefused('exceed max file size');
      return { statusCode: response.status, header, body: '', base64: toBase64(bytes) };
    }
    return { statusCode: response.status, header, body: await response.text() };
  } finally {
    clearTimeout(timer);
  }
}

export function toWxResponse(
  response: HostResponse,
  dataType: unknown,
  responseType?: string,
): Record<string, unknown> {
  // The frame turns `base64` back into the ArrayBuffer `data` (the bridge carries JSON).
  if (responseType === 'arraybuffer') {
    const base64 = response.base64 ?? toBase64(new TextEncoder().encode(response.body));
    return { base64, statusCode: response.statusCode, header: response.header, cookies: [] };
  }
  let data: unknown = response.body;
  if (dataType === undefined || dataType === 'json') {
    try {
      data = JSON.parse(response.body);
    } catch {
      data = response.body;
    }
  }
  return { data, statusCode: response.statusCode, header: response.header, cookies: [] };
}
