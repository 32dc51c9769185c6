import { isIP } from 'node:net';
import { WharfError } from '../../errors/wharf-error.ts';

/** WeChat's limit on a mini program's business domains. */
export const MAX_WEBVIEW_DOMAINS = 300;

export type WebviewDomainAction = 'add' | 'delete' | 'set' | 'get';
export const WEBVIEW_DOMAIN_ACTIONS: readonly WebviewDomainAction[] = ['add', 'delete', 'set', 'get'];

/**
 * One business domain as WeChat takes it: `https://` and a host name, no port, no path, no IP
 * address. Answers the canonical form (lower case, no trailing slash).
 */
export function parseWebviewDomain(entry: string): string {
  const bad = (reason: string) =>
    new WharfError('validation_failed', {
      field: 'webviewdomain',
      reason: `${reason}: ${entry.slice(0, 100)}`,
    });
  if (!/^https:\/\//i.test(entry)) throw bad('must start with https://');
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    throw bad('not a URL');
  }
  if (url.port) throw bad('no port allowed');
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== ''))
    throw bad('only https:// and a host name');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) throw bad('an IP address is not a domain');
  if (!host.includes('.')) throw bad('not a domain');
  return `https://${url.hostname}`;
}

/**
 * `/wxa/setwebviewdomain`'s actions over the current list. Deleting a domain that is not there
 * is refused (89022), as WeChat answers it; `changed` tells the caller whether anything did.
 */
export function applyWebviewDomains(
  current: readonly string[],
  action: WebviewDomainAction,
  requested: readonly string[],
): { list: string[]; changed: boolean } {
  if (action === 'get') return { list: [...current], changed: false };
  const domains = [...new Set(requested.map((entry) => parseWebviewDomain(entry)))];
  let list: string[];
  if (action === 'set') list = domains;
  else if (action === 'add') list = [...current, ...domains.filter((d) => !current.includes(d))];
  else {
    const missing = domains.find((d) => !current.includes(d));
    if (missing !== undefined) throw new WharfError('wx_webview_domain_missing', { domain: missing });
    list = current.filter((d) => !domains.includes(d));
  }
  if (list.length > MAX_WEBVIEW_DOMAINS)
    throw new WharfError('validation_failed', {
      field: 'webviewdomain',
      reason: `at most ${MAX_WEBVIEW_DOMAINS} business domains`,
    });
  const changed = list.length !== current.length || list.some((d, i) => d !== current[i]);
  return { list, changed };
}
