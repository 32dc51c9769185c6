/**
 * Ordinary-link QR rules, matched as WeChat does: same scheme and host (host case-insensitive),
 * the link's path and query read as text under the prefix's; sub-paths only when the prefix ends
 * in `/`; a query in the prefix matched as text. The longest matching prefix wins.
 *
 * Pure: no database, no clock. The index answers in a few probes of a packed table per distinct
 * prefix length of the link's host, whatever the number of rules (a linear scan is kept for the
 * bench and tests).
 */

import { FALL_BACK, PrefixTable } from './prefix-table.ts';

export interface ParsedUrl {
  scheme: 'http' | 'https';
  /** Lowercase host, with the port when one was given. */
  host: string;
  /** Path and query as written (case kept), `/` when the link had no path; no fragment. */
  rest: string;
}

const URL_SHAPE = /^(https?):\/\/([^/?#\s]+)([^#\s]*)$/i;
const HOST_SHAPE =
  /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*(?::\d{1,5})?$/;
/** WeChat stores prefixes as short links; longer ones are bad links (85066). */
export const MAX_PREFIX_LENGTH = 1024;

/** Reads a link or prefix; undefined when it is not an http(s) URL with a plain host. */
export function parseUrl(text: string, options: { keepFragment?: boolean } = {}): ParsedUrl | undefined {
  if (text.length > MAX_PREFIX_LENGTH * 4) return undefined;
  const cut = options.keepFragment ? text : text.split('#', 1)[0]!;
  const match = URL_SHAPE.exec(cut);
  if (!match) return undefined;
  const host = match[2]!.toLowerCase();
  if (host.includes('@') || !HOST_SHAPE.test(host)) return undefined;
  const raw = match[3] ?? '';
  // `https://a.com?x` and `https://a.com/?x` are the same link.
  const rest = raw.startsWith('/') ? raw : `/${raw}`;
  return { scheme: match[1]!.toLowerCase() as 'http' | 'https', host, rest };
}

/**
 * The lookup-side reading of a scanned link: no validation beyond the shape, no regular
 * expressions (prefixes were validated when added, so a link with an odd host simply matches
 * no site). Undefined when it is not http(s).
 */
function splitLink(text: string): ParsedUrl | undefined {
  const colon = text.indexOf('://');
  if (colon !== 4 && colon !== 5) return undefined;
  const scheme = text.slice(0, colon).toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') return undefined;
  const hash = text.indexOf('#', colon + 3);
  const end = hash === -1 ? text.length : hash;
  let hostEnd = colon + 3;
  while (hostEnd < end) {
    const c = text.charCodeAt(hostEnd);
    if (c === 47 /* / */ || c === 63 /* ? */) break;
    hostEnd++;
  }
  if (hostEnd === colon + 3) return undefined;
  const host = text.slice(colon + 3, hostEnd).toLowerCase();
  const raw = text.slice(hostEnd, end);
  return { scheme, host, rest: raw.charCodeAt(0) === 47 ? raw : `/${raw}` };
}

export const siteOf = (url: ParsedUrl) => `${url.scheme}://${url.host}`;
export const textOf = (url: ParsedUrl) => `${siteOf(url)}${url.rest}`;

/** Whether `link` lies under `prefix` by WeChat's rule (both already parsed, same site assumed). */
export function restUnder(linkRest: string, prefixRest: string): boolean {
  if (!linkRest.startsWith(prefixRest)) return false;
  if (prefixRest.endsWith('/') || prefixRest.includes('?')) return true;
  // Without a trailing slash the prefix names a path, not a directory: `/a` takes `/a`, `/a?x`
  // and `/abc` (text), never `/a/b`.
  return linkRest.charAt(prefixRest.length) !== '/';
}

export function under(link: ParsedUrl, prefix: ParsedUrl): boolean {
  return link.scheme === prefix.scheme && link.host === prefix.host && restUnder(link.rest, prefix.rest);
}

/** The directory the verification file goes in: the last directory of the prefix's path. */
export function verificationDirectory(prefix: ParsedUrl): string {
  const path = prefix.rest.split('?', 1)[0]!;
  return path.slice(0, path.lastIndexOf('/') + 1);
}

export interface IndexedRule {
  /** Stable id of the rule (the database row). */
  id: string;
  appid: string;
  prefix: ParsedUrl;
  /** The mini program page (and optional query) the rule opens. */
  path: string;
  /** 1 develop, 2 trial, 3 release: what the debug URLs open. */
  openVersion: 1 | 2 | 3;
  published: boolean;
  debugUrls: string[];
}

export type RuleMatch = { rule: IndexedRule; version: 'develop' | 'trial' | 'release'; debug: boolean };

const VERSION_OF = { 1: 'develop', 2: 'trial', 3: 'release' } as const;

/**
 * Published rules indexed by site, then by prefix text (a packed `PrefixTable`); debug URLs by
 * their exact text. A lookup tries each distinct prefix length the site has, longest first: the
 * cost follows the number of lengths on one host (tens), not the number of rules.
 */
export class RuleIndex {
  /** Published rules by site (`scheme://host`), then by their exact `rest` (prefixes are unique). */
  private readonly sites = new Map<
    string,
    { scheme: 'http' | 'https'; host: string; byRest: Map<string, IndexedRule> }
  >();
  /** Sites whose rules changed since the table last heard of them. */
  private readonly changed = new Set<string>();
  private readonly table = new PrefixTable<RuleMatch>();
  private readonly debug = new Map<string, IndexedRule[]>();
  private readonly byApp = new Map<string, IndexedRule[]>();
  private count = 0;

  constructor(rules: Iterable<IndexedRule> = []) {
    for (const rule of rules) this.add(rule);
  }

  get size(): number {
    return this.count;
  }

  /** Swaps one app's rules for a fresh reading of them (an app changed its rules). */
  replaceApp(appid: string, rules: readonly IndexedRule[]): void {
    for (const old of this.byApp.get(appid) ?? []) this.remove(old);
    this.byApp.delete(appid);
    for (const rule of rules) this.add(rule);
  }

  private remove(rule: IndexedRule): void {
    this.count -= 1;
    for (const url of rule.debugUrls) {
      const parsed = parseUrl(url);
      const key = parsed && textOf(parsed);
      const list = key ? this.debug.get(key) : undefined;
      if (!key || !list) continue;
      const kept = list.filter((r) => r !== rule);
      if (kept.length === 0) this.debug.delete(key);
      else this.debug.set(key, kept);
    }
    const key = siteOf(rule.prefix);
    const site = this.sites.get(key);
    if (!site || site.byRest.get(rule.prefix.rest) !== rule) return;
    site.byRest.delete(rule.prefix.rest);
    this.changed.add(key);
  }

  add(rule: IndexedRule): void {
    this.count += 1;
    const mine = this.byApp.get(rule.appid) ?? [];
    mine.push(rule);
    this.byApp.set(rule.appid, mine);
    for (const url of rule.debugUrls) {
      const parsed = parseUrl(url);
      if (!parsed) continue;
      const key = textOf(parsed);
      const list = this.debug.get(key) ?? [];
      list.push(rule);
      // Several rules may list one debug URL: the longest prefix answers, as for published rules.
      list.sort((a, b) => b.prefix.rest.length - a.prefix.rest.length);
      this.debug.set(key, list);
    }
    if (!rule.published) return;
    const { scheme, host, rest } = rule.prefix;
    const key = siteOf(rule.prefix);
    let site = this.sites.get(key);
    if (!site) {
      site = { scheme, host, byRest: new Map() };
      this.sites.set(key, site);
    }
    site.byRest.set(rest, rule);
    this.changed.add(key);
  }

  /** Hands the changed sites to the table: once for any number of adds and removes. */
  private flush(): void {
    for (const key of this.changed) {
      const site = this.sites.get(key);
      if (!site) continue;
      const entries = [...site.byRest.values()].map((rule) => ({
        rest: rule.prefix.rest,
        subPaths: rule.prefix.rest.endsWith('/') || rule.prefix.rest.includes('?'),
        result: Object.freeze({ rule, version: 'release', debug: false }) as RuleMatch,
      }));
      this.table.set(site.scheme, site.host, entries);
      if (entries.length === 0) this.sites.delete(key);
    }
    this.changed.clear();
  }

  /** The rule a scanned link opens, or undefined (then the link opens as a web page). */
  match(link: string | ParsedUrl): RuleMatch | undefined {
    if (this.changed.size > 0) this.flush();
    if (typeof link === 'string' && this.debug.size === 0) {
      const fast = this.table.match(link);
      if (fast !== FALL_BACK) return fast;
    }
    const parsed = typeof link === 'string' ? splitLink(link) : link;
    if (!parsed) return undefined;
    if (this.debug.size > 0) {
      const debugRules = this.debug.get(textOf(parsed));
      if (debugRules) {
        const rule = debugRules[0]!;
        return { rule, version: VERSION_OF[rule.openVersion], debug: true };
      }
    }
    return this.table.matchSite(parsed.scheme, parsed.host, parsed.rest);
  }
}

/** The same answer as `RuleIndex.match` by looking at every rule: the baseline the bench compares. */
export function linearMatch(rules: readonly IndexedRule[], link: string): RuleMatch | undefined {
  const parsed = parseUrl(link);
  if (!parsed) return undefined;
  const text = textOf(parsed);
  let debugBest: IndexedRule | undefined;
  let best: IndexedRule | undefined;
  for (const rule of rules) {
    if (
      rule.debugUrls.some((url) => {
        const p = parseUrl(url);
        return p !== undefined && textOf(p) === text;
      }) &&
      (!debugBest || rule.prefix.rest.length > debugBest.prefix.rest.length)
    ) {
      debugBest = rule;
    }
    if (
      rule.published &&
      under(parsed, rule.prefix) &&
      (!best || rule.prefix.rest.length > best.prefix.rest.length)
    ) {
      best = rule;
    }
  }
  if (debugBest) return { rule: debugBest, version: VERSION_OF[debugBest.openVersion], debug: true };
  return best ? { rule: best, version: 'release', debug: false } : undefined;
}
