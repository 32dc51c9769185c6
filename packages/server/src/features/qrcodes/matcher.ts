/**
 * Ordinary-link QR rules, matched as WeChat does: same scheme and host (host case-insensitive),
 * the link's path and query read as text under the prefix's; sub-paths only when the prefix ends
 * in `/`; a query in the prefix matched as text. The longest matching prefix wins.
 *
 * Pure: no database, no clock. The index answers in a few map lookups per distinct prefix length
 * of the link's host, whatever the number of rules (a linear scan is kept for the bench and tests).
 */

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

/** One published prefix as a lookup sees it, with its answer made once at build time. */
interface Candidate {
  rest: string;
  /** The prefix ends in `/` or holds a query: sub-paths match too. */
  subPaths: boolean;
  /** Frozen and shared by every lookup that finds this rule: no object made per match. */
  result: RuleMatch;
}

interface SiteRules {
  scheme: 'http' | 'https';
  host: string;
  /** Published rules by their exact `rest` (one rule per prefix: prefixes are unique). */
  byRest: Map<string, IndexedRule>;
  /** The same rules by a 30-bit hash of their `rest`: lookups hash the link's prefixes, no substrings. */
  byHash: Map<number, Candidate[]>;
  /** The distinct lengths of those rests, shortest first. */
  lengths: Int32Array;
}

/**
 * FNV-1a over UTF-16 code units, one step, kept to 30 bits so V8 holds every hash as a small
 * integer (no heap numbers on the lookup path). Collisions only cost a text comparison.
 */
const FNV_OFFSET = 0x011c9dc5;
const fnvStep = (hash: number, code: number) => Math.imul(hash ^ code, 0x01000193) & 0x3fffffff;

function hashOf(text: string): number {
  let hash = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) hash = fnvStep(hash, text.charCodeAt(i));
  return hash;
}

/** Sites are found by a hash of scheme and host, so the text path never slices the host out. */
const SCHEME_SEED = { http: 0x2a1b3c4d & 0x3fffffff, https: 0x1d2e3f40 };
function siteHashOf(scheme: 'http' | 'https', host: string): number {
  let hash = SCHEME_SEED[scheme];
  for (let i = 0; i < host.length; i++) hash = fnvStep(hash, host.charCodeAt(i));
  return hash;
}

/** Scratch for the prefix hashes of one link at its site's lengths (at most one per length). */
let prefixHashes = new Int32Array(64);

function candidateOf(rule: IndexedRule): Candidate {
  const rest = rule.prefix.rest;
  return {
    rest,
    subPaths: rest.endsWith('/') || rest.includes('?'),
    result: Object.freeze({ rule, version: 'release', debug: false }),
  };
}

/**
 * Published rules indexed by site, then by prefix text; debug URLs by their exact text. A lookup
 * tries each distinct prefix length the site has, longest first: the cost follows the number of
 * lengths on one host (tens), not the number of rules.
 */
export class RuleIndex {
  /** By scheme, then host (the general path). */
  private readonly sites = { http: new Map<string, SiteRules>(), https: new Map<string, SiteRules>() };
  /** The same sites by `siteHashOf` (the text path); a bucket holds every site on that hash. */
  private readonly siteByHash = new Map<number, SiteRules[]>();
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
    const sites = this.sites[rule.prefix.scheme];
    const entry = sites.get(rule.prefix.host);
    if (!entry || entry.byRest.get(rule.prefix.rest) !== rule) return;
    entry.byRest.delete(rule.prefix.rest);
    const hash = hashOf(rule.prefix.rest);
    const same = (entry.byHash.get(hash) ?? []).filter((c) => c.result.rule !== rule);
    if (same.length === 0) entry.byHash.delete(hash);
    else entry.byHash.set(hash, same);
    if (entry.byRest.size === 0) {
      sites.delete(rule.prefix.host);
      const siteHash = siteHashOf(entry.scheme, entry.host);
      const bucket = (this.siteByHash.get(siteHash) ?? []).filter((s) => s !== entry);
      if (bucket.length === 0) this.siteByHash.delete(siteHash);
      else this.siteByHash.set(siteHash, bucket);
      return;
    }
    this.setLengths(entry);
  }

  private setLengths(entry: SiteRules): void {
    const lengths = [...new Set([...entry.byRest.keys()].map((rest) => rest.length))].sort((a, b) => a - b);
    entry.lengths = Int32Array.from(lengths);
    if (lengths.length > prefixHashes.length) prefixHashes = new Int32Array(lengths.length * 2);
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
    const sites = this.sites[scheme];
    let entry = sites.get(host);
    if (!entry) {
      entry = { scheme, host, byRest: new Map(), byHash: new Map(), lengths: new Int32Array(0) };
      sites.set(host, entry);
      const siteHash = siteHashOf(scheme, host);
      this.siteByHash.set(siteHash, [...(this.siteByHash.get(siteHash) ?? []), entry]);
    }
    entry.byRest.set(rest, rule);
    const hash = hashOf(rest);
    entry.byHash.set(hash, [...(entry.byHash.get(hash) ?? []), candidateOf(rule)]);
    if (!entry.lengths.includes(rest.length)) this.setLengths(entry);
  }

  /** The rule a scanned link opens, or undefined (then the link opens as a web page). */
  match(link: string | ParsedUrl): RuleMatch | undefined {
    if (typeof link === 'string' && this.debug.size === 0) {
      const fast = this.matchText(link);
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
    const entry = this.sites[parsed.scheme].get(parsed.host);
    if (!entry) return undefined;
    const rest = parsed.rest;
    const probes = hashPrefixes(entry.lengths, rest, 0, rest.length);
    for (let j = probes - 1; j >= 0; j--) {
      const length = entry.lengths[j]!;
      const candidates = entry.byHash.get(prefixHashes[j]!);
      if (!candidates) continue;
      for (const candidate of candidates) {
        if (candidate.rest.length === length && restUnder(rest, candidate.rest)) return candidate.result;
      }
    }
    return undefined;
  }

  /**
   * The hot path for a link given as text when no debug URLs exist: reads scheme, host and path
   * in place (no string made: the site is found by a hash of the host, checked with `startsWith`)
   * and compares prefixes with `startsWith` at an offset. Links without a leading `/`, and hosts
   * written with capitals, take the general path.
   */
  private matchText(text: string): RuleMatch | undefined | typeof FALL_BACK {
    if (
      (text.charCodeAt(0) | 32) !== 104 ||
      (text.charCodeAt(1) | 32) !== 116 ||
      (text.charCodeAt(2) | 32) !== 116 ||
      (text.charCodeAt(3) | 32) !== 112
    ) {
      return undefined;
    }
    let at = 4;
    let h = SCHEME_SEED.http;
    if ((text.charCodeAt(4) | 32) === 115) {
      h = SCHEME_SEED.https;
      at = 5;
    }
    if (text.charCodeAt(at) !== 58 || text.charCodeAt(at + 1) !== 47 || text.charCodeAt(at + 2) !== 47)
      return undefined;
    const hostStart = at + 3;
    const length = text.length;
    let hostEnd = hostStart;
    while (hostEnd < length) {
      const c = text.charCodeAt(hostEnd);
      if (c === 47 || c === 63 || c === 35) break;
      if (c >= 65 && c <= 90) return FALL_BACK;
      h = fnvStep(h, c);
      hostEnd++;
    }
    if (hostEnd === hostStart) return undefined;
    if (hostEnd === length || text.charCodeAt(hostEnd) !== 47) return FALL_BACK;
    const bucket = this.siteByHash.get(h);
    if (!bucket) return undefined;
    const hostLength = hostEnd - hostStart;
    let entry: SiteRules | undefined;
    for (const site of bucket) {
      if (site.host.length === hostLength && text.startsWith(site.host, hostStart)) {
        entry = site;
        break;
      }
    }
    if (!entry) return undefined;
    const hash = text.indexOf('#', hostEnd);
    const end = hash === -1 ? length : hash;
    const lengths = entry.lengths;
    const probes = hashPrefixes(lengths, text, hostEnd, end);
    for (let j = probes - 1; j >= 0; j--) {
      const candidates = entry.byHash.get(prefixHashes[j]!);
      if (candidates === undefined) continue;
      const prefixLength = lengths[j]!;
      const next = hostEnd + prefixLength;
      for (let k = 0; k < candidates.length; k++) {
        const candidate = candidates[k]!;
        const prefix = candidate.rest;
        if (prefix.length !== prefixLength || !text.startsWith(prefix, hostEnd)) continue;
        // As restUnder: without a trailing slash or a query, no sub-path.
        if (!candidate.subPaths && next < end && text.charCodeAt(next) === 47) continue;
        return candidate.result;
      }
    }
    return undefined;
  }
}

/**
 * Hashes `text[from, end)` incrementally and keeps the hash at each of the site's prefix lengths
 * (shortest first) in `prefixHashes`; returns how many lengths fit. Characters past the longest
 * length are never read.
 */
function hashPrefixes(lengths: Int32Array, text: string, from: number, end: number): number {
  const available = end - from;
  let h = FNV_OFFSET;
  let i = 0;
  let j = 0;
  for (; j < lengths.length; j++) {
    const length = lengths[j]!;
    if (length > available) break;
    for (; i < length; i++) h = fnvStep(h, text.charCodeAt(from + i));
    prefixHashes[j] = h;
  }
  return j;
}

/** `matchText` cannot answer this link on its own. */
const FALL_BACK = Symbol('fall back');

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
