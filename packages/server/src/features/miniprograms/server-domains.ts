import { isIP } from 'node:net';
import { WharfError } from '../../errors/wharf-error.ts';

/**
 * A mini program's server domains (服务器域名) as WeChat's `/wxa/modify_domain` names them:
 * where `wx.request`, `wx.connectSocket`, `wx.uploadFile` and `wx.downloadFile` may go.
 */
export const DOMAIN_KINDS = ['requestdomain', 'wsrequestdomain', 'uploaddomain', 'downloaddomain'] as const;
export type DomainKind = (typeof DOMAIN_KINDS)[number];
export type ServerDomains = Record<DomainKind, string[]>;

/** WeChat's limit: at most 200 domains of each kind. */
export const MAX_SERVER_DOMAINS = 200;

export type ServerDomainAction = 'add' | 'delete' | 'set' | 'get';
export const SERVER_DOMAIN_ACTIONS: readonly ServerDomainAction[] = ['add', 'delete', 'set', 'get'];

/** The mini_programs column of each kind. */
export const DOMAIN_COLUMNS = {
  requestdomain: 'request_domains',
  wsrequestdomain: 'socket_domains',
  uploaddomain: 'upload_domains',
  downloaddomain: 'download_domains',
} as const satisfies Record<DomainKind, string>;

const SCHEME: Record<DomainKind, string> = {
  requestdomain: 'https:',
  wsrequestdomain: 'wss:',
  uploaddomain: 'https:',
  downloaddomain: 'https:',
};

/**
 * One server domain as WeChat takes it: `https://` (`wss://` for sockets), a host name and
 * maybe a port; no path, no IP address, never `api.weixin.qq.com`. Answers the canonical form.
 */
export function parseServerDomain(kind: DomainKind, entry: string): string {
  const bad = (reason: string) =>
    new WharfError('validation_failed', { field: kind, reason: `${reason}: ${entry.slice(0, 100)}` });
  const scheme = SCHEME[kind];
  if (!entry.toLowerCase().startsWith(`${scheme}//`)) throw bad(`must start with ${scheme}//`);
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    throw bad('not a URL');
  }
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== ''))
    throw bad(`only ${scheme}// and a host name, maybe a port`);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) throw bad('an IP address is not a domain');
  if (!host.includes('.')) throw bad('not a domain');
  if (host === 'api.weixin.qq.com') throw bad('api.weixin.qq.com cannot be a server domain');
  return `${scheme}//${url.host}`;
}

export interface DomainChange {
  domains: ServerDomains;
  changed: boolean;
  /** Entries left out for breaking the rules (WeChat's `invalid_<kind>`); `strict` throws instead. */
  invalid: ServerDomains;
}

/**
 * `/wxa/modify_domain`'s actions over the current lists, one kind at a time; a kind the caller
 * leaves out stays as it is. WeChat filters out invalid entries and reports them; the native
 * API (`strict`) refuses the whole change instead. Deleting what is not there changes nothing.
 */
export function applyServerDomains(
  current: ServerDomains,
  action: ServerDomainAction,
  requested: Partial<ServerDomains>,
  strict: boolean,
): DomainChange {
  const domains = structuredClone(current);
  const invalid: ServerDomains = {
    requestdomain: [],
    wsrequestdomain: [],
    uploaddomain: [],
    downloaddomain: [],
  };
  if (action === 'get') return { domains, changed: false, invalid };
  for (const kind of DOMAIN_KINDS) {
    const entries = requested[kind];
    if (entries === undefined) continue;
    const valid: string[] = [];
    for (const entry of entries) {
      try {
        valid.push(parseServerDomain(kind, entry));
      } catch (error) {
        if (strict) throw error;
        invalid[kind].push(entry);
      }
    }
    const unique = [...new Set(valid)];
    const list = current[kind];
    domains[kind] =
      action === 'set'
        ? unique
        : action === 'add'
          ? [...list, ...unique.filter((d) => !list.includes(d))]
          : list.filter((d) => !unique.includes(d));
    if (domains[kind].length > MAX_SERVER_DOMAINS)
      throw new WharfError('server_domains_too_many', { kind, max: MAX_SERVER_DOMAINS });
  }
  const changed = DOMAIN_KINDS.some(
    (kind) =>
      domains[kind].length !== current[kind].length || domains[kind].some((d, i) => d !== current[kind][i]),
  );
  return { domains, changed, invalid };
}
