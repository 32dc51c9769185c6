import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import jpeg from 'jpeg-js';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import type { TestServer } from './harness.ts';

type JsQR = typeof jsQRModule.default;
const jsQR: JsQR = (jsQRModule as unknown as { default: JsQR }).default;

export interface Answer {
  status: number;
  type: string;
  bytes: Buffer;
  json: any;
}

/** A WeChat-face call whose success is image bytes: the raw answer, JSON parsed when it is JSON. */
export async function wxBinary(
  server: TestServer,
  token: string,
  path: string,
  body: unknown,
): Promise<Answer> {
  const response = await fetch(`${server.url}${path}?access_token=${token}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  const type = response.headers.get('content-type') ?? '';
  return {
    status: response.status,
    type,
    bytes,
    json: type.includes('json') ? JSON.parse(bytes.toString('utf8')) : undefined,
  };
}

/** Decodes a PNG the way a test reader would: pngjs, over white, jsQR. */
export function readPng(bytes: Buffer): string | undefined {
  const image = PNG.sync.read(bytes);
  const data = new Uint8ClampedArray(image.data.length);
  for (let i = 0; i < data.length; i += 4) {
    const a = image.data[i + 3]! / 255;
    for (let c = 0; c < 3; c++) data[i + c] = image.data[i + c]! * a + 255 * (1 - a);
    data[i + 3] = 255;
  }
  return jsQR(data, image.width, image.height)?.data;
}

/** The same image as a JPEG, as a phone's album would hold it. */
export function pngToJpeg(bytes: Buffer): Buffer {
  const image = PNG.sync.read(bytes);
  return jpeg.encode({ data: image.data, width: image.width, height: image.height }, 90).data;
}

/** A blank white PNG: an image with no code in it. */
export function blankPng(width = 200, height = 200): Buffer {
  const png = new PNG({ width, height });
  png.data.fill(255);
  return PNG.sync.write(png);
}

export async function scan(server: TestServer, body: Record<string, unknown>) {
  const response = await fetch(`${server.url}/api/v1/scan`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as any };
}

/**
 * A loopback web site for ordinary-link QR rules: serves the files set in `files` (the
 * verification file WeChat's rules need) and records the paths asked for in `hits`.
 */
export async function website() {
  const files = new Map<string, string>();
  const hits: string[] = [];
  const server: Server = createServer((request, response) => {
    hits.push(request.url ?? '');
    const body = files.get(request.url ?? '');
    response.writeHead(body === undefined ? 404 : 200, { 'content-type': 'text/plain' });
    response.end(body ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, files, hits, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
