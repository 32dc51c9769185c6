import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname, normalize, resolve, sep } from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

/**
 * A page built by Vite (the client, the console): scripts, styles and the API on this origin;
 * mini programs only in the runtime's sandboxed frame (`/runtime/frame.html`, an opaque origin
 * whatever embeds it), which with a runtime origin lives there: the page may frame it and read
 * its package files (the manifest), nothing more.
 */
function pagePolicy(runtimeOrigin: string | undefined): string {
  const runtime = runtimeOrigin ? ` ${runtimeOrigin}` : '';
  return [
    "default-src 'self'",
    "img-src 'self' data: blob:",
    "style-src 'self' 'unsafe-inline'",
    `frame-src 'self'${runtime}`,
    `connect-src 'self'${runtime}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
}

/**
 * Serves the files of one Vite build. Hashed assets are immutable; the page itself is
 * revalidated so a rebuild shows at the next load.
 */
export function builtApp(
  dist: string,
  notBuilt: string,
  runtimeOrigin?: (request: FastifyRequest) => string | undefined,
) {
  const cache = new Map<string, { body: Buffer; etag: string }>();
  const load = async (path: string) => {
    const hit = cache.get(path);
    if (hit) return hit;
    const body = await readFile(path).catch(() => undefined);
    if (!body) return undefined;
    const file = { body, etag: `"${createHash('sha256').update(body).digest('base64url')}"` };
    // index.html changes on a rebuild; the hashed assets never do.
    if (!path.endsWith('.html')) cache.set(path, file);
    return file;
  };

  return async function send(wanted: string, ifNoneMatch: string | undefined, reply: FastifyReply) {
    const path = normalize(resolve(dist, wanted || 'index.html'));
    const inside = path.startsWith(dist + sep);
    const file = inside ? await load(path) : undefined;
    if (!file) {
      if (path === resolve(dist, 'index.html'))
        return reply.status(503).type('text/plain; charset=utf-8').send(notBuilt);
      return reply.status(404).type('text/plain; charset=utf-8').send('Not found');
    }
    const isPage = path.endsWith('.html');
    reply
      .header('etag', file.etag)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', isPage ? 'no-cache' : 'public, max-age=31536000, immutable');
    if (isPage)
      reply
        .header('content-security-policy', pagePolicy(runtimeOrigin?.(reply.request)))
        .header('x-frame-options', 'DENY');
    if (ifNoneMatch === file.etag) return reply.status(304).send();
    return reply.type(TYPES[extname(path)] ?? 'application/octet-stream').send(file.body);
  };
}
