import { isIP } from 'node:net';
import { resolve } from 'node:path';

export interface Config {
  /** Folder for the SQLite file, blobs and anything else Wharf keeps on disk. */
  dataDir: string;
  /** `postgres://…` to use PostgreSQL; empty for SQLite in the data folder. */
  databaseUrl: string;
  host: string;
  port: number;
  /** The URL clients use to reach this server (printed, and used in links). */
  publicUrl: string;
  /** `WHARF_PUBLIC_URL` / `--public-url` was given: links use it, never the request's Host header. */
  publicUrlFixed: boolean;
  logLevel: string;
  /** Lets outgoing calls and domain checks reach private addresses (for local development). */
  allowPrivateNetwork: boolean;
  /**
   * The load balancers whose `X-Forwarded-For` is believed (addresses or CIDRs); false trusts none.
   * Per-IP guessing limits and IP allow-lists need the caller's address, not the balancer's, and
   * a header from anyone else must not be able to choose it.
   */
  trustProxy: string[] | false;
  /**
   * Where blobs live: `data-folder`, `database`, or `s3://bucket/prefix`. Empty picks `database`
   * on PostgreSQL (every node reads it) and `data-folder` on SQLite (one node).
   */
  blobUrl: string;
  /** For an `s3://` blob URL; empty values fall back to the AWS SDK's own (AWS_* variables). */
  s3: { endpoint: string; region: string; accessKeyId: string; secretAccessKey: string };
  /** Account mail (activation links); an empty host keeps the log mailer (links in the log and the admin page). */
  smtp: SmtpConfig;
  /**
   * The origin mini program frames and package files are served from (`--runtime-origin`,
   * `WHARF_RUNTIME_ORIGIN`, e.g. a host name of its own behind the load balancer); empty: this
   * server's host on `runtimePort`.
   */
  runtimeOrigin: string;
  /** The second listener's port (serves only the runtime and package files): the next port by default. */
  runtimePort: number;
}

export interface SmtpConfig {
  host: string;
  port: number;
  /** `tls`: TLS from the first byte (465); `starttls`: plain, then STARTTLS required (587); `none`: no TLS. */
  security: 'tls' | 'starttls' | 'none';
  user: string;
  password: string;
  /** The From header, e.g. `Wharf <no-reply@example.com>`. */
  from: string;
}

export interface ConfigFlags {
  data?: string;
  port?: string | number;
  host?: string;
  databaseUrl?: string;
  publicUrl?: string;
  logLevel?: string;
  runtimeOrigin?: string;
  runtimePort?: string | number;
}

/** Flags win over `WHARF_*` environment variables, which win over defaults. Validated once here. */
export function loadConfig(flags: ConfigFlags = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = resolve(flags.data ?? env.WHARF_DATA ?? '.wharf-data');
  const port = Number(flags.port ?? env.WHARF_PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`Invalid port ${String(flags.port ?? env.WHARF_PORT)}: expected 0-65535`);
  }
  const host = flags.host ?? env.WHARF_HOST ?? '127.0.0.1';
  const databaseUrl = flags.databaseUrl ?? env.WHARF_DATABASE_URL ?? env.DATABASE_URL ?? '';
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error('DATABASE_URL must be a postgres:// URL (leave it empty for the embedded SQLite store)');
  }
  const logLevel = flags.logLevel ?? env.WHARF_LOG_LEVEL ?? 'info';
  const fixedUrl = flags.publicUrl || env.WHARF_PUBLIC_URL || '';
  const publicUrl = (fixedUrl || `http://${displayHost(host)}:${port}`).replace(/\/$/, '');
  const allowPrivateNetwork = (env.WHARF_ALLOW_PRIVATE_NETWORK ?? '') === '1';
  const trustProxy = parseTrustProxy(env.WHARF_TRUST_PROXY ?? '');
  const blobUrl = env.WHARF_BLOB_URL ?? '';
  if (blobUrl && !['data-folder', 'database'].includes(blobUrl) && !blobUrl.startsWith('s3://')) {
    throw new Error('WHARF_BLOB_URL must be data-folder, database or s3://bucket/prefix');
  }
  if (blobUrl === 'database' && !databaseUrl) {
    // SQLite is one node's file: blobs in it would be no more shared than the data folder.
    throw new Error('WHARF_BLOB_URL=database needs PostgreSQL (WHARF_DATABASE_URL)');
  }
  const runtimePort = Number(flags.runtimePort ?? env.WHARF_RUNTIME_PORT ?? (port === 0 ? 0 : port + 1));
  if (
    !Number.isInteger(runtimePort) ||
    runtimePort < 0 ||
    runtimePort > 65535 ||
    (runtimePort === port && port)
  ) {
    throw new Error(`Invalid runtime port ${runtimePort}: expected 0-65535, other than the port ${port}`);
  }
  const runtimeOrigin = parseOrigin(flags.runtimeOrigin || env.WHARF_RUNTIME_ORIGIN || '', publicUrl);
  return {
    dataDir,
    databaseUrl,
    host,
    port,
    publicUrl,
    publicUrlFixed: fixedUrl !== '',
    logLevel,
    allowPrivateNetwork,
    trustProxy,
    blobUrl,
    s3: {
      endpoint: env.WHARF_S3_ENDPOINT ?? '',
      region: env.WHARF_S3_REGION ?? '',
      accessKeyId: env.WHARF_S3_ACCESS_KEY_ID ?? '',
      secretAccessKey: env.WHARF_S3_SECRET_ACCESS_KEY ?? '',
    },
    smtp: loadSmtp(env, publicUrl, fixedUrl !== ''),
    runtimeOrigin,
    runtimePort,
  };
}

function loadSmtp(env: NodeJS.ProcessEnv, publicUrl: string, publicUrlFixed: boolean): SmtpConfig {
  const host = env.WHARF_SMTP_HOST ?? '';
  const security = env.WHARF_SMTP_SECURITY || 'starttls';
  if (security !== 'tls' && security !== 'starttls' && security !== 'none') {
    throw new Error('WHARF_SMTP_SECURITY must be tls, starttls or none');
  }
  const port = Number(env.WHARF_SMTP_PORT || (security === 'tls' ? 465 : security === 'starttls' ? 587 : 25));
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`Invalid WHARF_SMTP_PORT ${String(env.WHARF_SMTP_PORT)}: expected 1-65535`);
  }
  if (host && !publicUrlFixed) {
    // Links built on a request's Host header would let anyone choose where a real inbox's link points.
    throw new Error('WHARF_SMTP_HOST needs WHARF_PUBLIC_URL: mailed links are built on it');
  }
  const user = env.WHARF_SMTP_USER ?? '';
  const password = env.WHARF_SMTP_PASSWORD ?? '';
  if (password && !user) throw new Error('WHARF_SMTP_PASSWORD is set without WHARF_SMTP_USER');
  const from = env.WHARF_SMTP_FROM || `Wharf <no-reply@${new URL(publicUrl).hostname}>`;
  return { host, port, security, user, password, from };
}

/** An origin (scheme, host, port; no path), and never the platform's own: that is the point of it. */
function parseOrigin(value: string, publicUrl: string): string {
  if (!value) return '';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`Invalid runtime origin "${value}": expected e.g. https://run.example.com`);
  }
  if (!/^https?:$/.test(url.protocol) || (url.pathname !== '/' && url.pathname !== '') || url.search) {
    throw new Error(`Invalid runtime origin "${value}": expected http(s)://host[:port] without a path`);
  }
  if (url.origin === new URL(publicUrl).origin) {
    throw new Error(
      'The runtime origin must differ from the public URL: mini programs must not share its cookies',
    );
  }
  return url.origin;
}

export function storeLocation(config: Config): string {
  return config.databaseUrl || resolve(config.dataDir, 'wharf.sqlite');
}

function parseTrustProxy(value: string): string[] | false {
  const text = value.trim();
  if (!text) return false;
  const entries = text.split(',').map((entry) => entry.trim());
  for (const entry of entries) {
    const [address, bits, extra] = entry.split('/');
    const version = isIP(address ?? '');
    const maxBits = version === 4 ? 32 : 128;
    const bitsOk = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= maxBits);
    if (!version || !bitsOk || extra !== undefined) {
      throw new Error(
        `Invalid WHARF_TRUST_PROXY entry "${entry}": expected addresses or CIDRs separated by commas`,
      );
    }
  }
  return entries;
}

function displayHost(host: string): string {
  return host === '0.0.0.0' || host === '::' ? 'localhost' : host;
}
