import type { FastifyRequest } from 'fastify';

/**
 * Query parameters that carry credentials on WeChat's API (`secret`, `access_token`, `js_code`,
 * `code`, `refresh_token`, …) or Wharf's own; their values never reach a log line.
 */
const SECRET_PARAMS = new Set([
  'secret',
  'appsecret',
  'access_token',
  'component_access_token',
  'authorizer_access_token',
  'refresh_token',
  'js_code',
  'code',
  'ticket',
  'session_key',
  'key',
  'token',
  'password',
]);

const REDACTED = '[redacted]';

/** The URL with the values of credential parameters replaced, for logs. */
export function redactUrl(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const parts = url.slice(at + 1).split('&');
  const kept = parts.map((part) => {
    const eq = part.indexOf('=');
    const rawName = eq < 0 ? part : part.slice(0, eq);
    let name = rawName;
    try {
      name = decodeURIComponent(rawName.replace(/\+/g, ' '));
    } catch {}
    return SECRET_PARAMS.has(name.toLowerCase()) ? `${rawName}=${REDACTED}` : part;
  });
  return `${url.slice(0, at)}?${kept.join('&')}`;
}

/**
 * pino options for the server's logger: request lines carry a redacted URL and no headers, and
 * credential headers are censored wherever a log call includes them.
 */
export function loggerOptions(level: string) {
  return {
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.headers["x-wharf-upload-key"]',
        'req.headers["x-csrf-token"]',
        'req.headers["x-wharf-app-secret"]',
        'res.headers["set-cookie"]',
        'headers.authorization',
        'headers.cookie',
        'headers["x-wharf-upload-key"]',
        'headers["x-wharf-app-secret"]',
      ],
      censor: REDACTED,
    },
    serializers: {
      req(request: FastifyRequest) {
        return {
          method: request.method,
          url: redactUrl(request.url),
          host: request.host,
          remoteAddress: request.ip,
        };
      },
    },
  };
}
