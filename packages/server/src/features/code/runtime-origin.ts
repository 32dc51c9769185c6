import type { FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';

/**
 * Mini program frames and package files live on an origin of their own (issue 21 item 7): a
 * second listener that serves nothing else and parses no cookies, so the sandbox does not rest on
 * CSP and the iframe's `sandbox` attribute alone. The platform's origin redirects there
 * (package.routes.ts); the listener itself is runtime-listener.ts.
 */
const boundPorts = new WeakMap<Config, number>();

/**
 * The runtime origin for a request to the platform: the configured one, else the request's host
 * on the runtime listener's port; undefined while no runtime listener runs (an app built without
 * `startServer`, which then serves the files itself).
 */
export function runtimeOriginOf(config: Config, request: FastifyRequest): string | undefined {
  if (config.runtimeOrigin) return config.runtimeOrigin;
  const port = boundPorts.get(config);
  if (port === undefined) return undefined;
  const base = config.publicUrlFixed
    ? new URL(config.publicUrl)
    : new URL(`${request.protocol}://${request.host}`);
  base.port = String(port);
  return base.origin;
}

/** The runtime listener is up on `port`: links and redirects point at it from now on. */
export function runtimeListening(config: Config, port: number): void {
  boundPorts.set(config, port);
}
