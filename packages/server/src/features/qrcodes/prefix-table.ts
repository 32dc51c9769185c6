/**
 * The scan resolver's lookup structure: every site's published prefixes packed into one
 * Int32Array, a block per site (its prefix lengths, a Bloom filter of its prefix hashes and an
 * open-addressing table of them), found by a hash of scheme and host.
 *
 * Why packed: with 100,000 rules a lookup's cost is memory, not arithmetic. Maps of objects cost
 * a dependent cache miss per hop (site map, site object, its lengths, its prefix map, candidate
 * arrays); here a lookup reads the site slot, one block (a few adjacent cache lines: the filter
 * turns away most prefix lengths before the table is read) and, for the one candidate left, its
 * text to compare. Hashes only choose where to look: every answer is checked by text.
 */

export const FALL_BACK = Symbol('fall back');

export interface PrefixEntry<T> {
  /** Path and query of the prefix, starting with `/`. */
  rest: string;
  /** The prefix ends in `/` or holds a query: sub-paths match too. */
  subPaths: boolean;
  /** What a match answers (shared by every lookup that finds this prefix). */
  result: T;
}

/**
 * FNV-1a over UTF-16 code units, kept to 30 bits so V8 holds every hash as a small integer.
 * A prefix's hash continues its site's, so equal paths of two sites hash apart.
 */
const fnvStep = (hash: number, code: number) => Math.imul(hash ^ code, 0x01000193) & 0x3fffffff;
const SCHEME_SEED = { http: 0x2a1b3c4d & 0x3fffffff, https: 0x1d2e3f40 };

function hashText(seed: number, text: string): number {
  let hash = seed;
  for (let i = 0; i < text.length; i++) hash = fnvStep(hash, text.charCodeAt(i));
  return hash;
}

/** The hash a site is found by (exported for the tests that make two sites share one). */
export const siteHash = (scheme: 'http' | 'https', host: string) => hashText(SCHEME_SEED[scheme], host);

const nextPowerOfTwo = (n: number) => 2 ** Math.ceil(Math.log2(Math.max(1, n)));

/** Block header: lengths count, filter mask (words - 1), table mask (slots - 1). */
const HEADER = 3;
/** Bits of filter per prefix: one probe, about 6 % false positives. */
const FILTER_BITS_PER_PREFIX = 16;

/** Prefix hashes of one link at its site's lengths (a prefix is at most a link long). */
const scratch = new Int32Array(4096);

interface Site<T> {
  scheme: 'http' | 'https';
  host: string;
  hash: number;
  entries: PrefixEntry<T>[];
  /** Where the site's block starts in the arena. */
  offset: number;
}

export class PrefixTable<T> {
  private arena = new Int32Array(1024);
  private used = 0;
  /** Ints of the arena that belong to current blocks (the rest is left behind by rebuilt sites). */
  private live = 0;
  /**
   * Candidate n at 2n: the text a match must start with (host and rest), and at 2n + 1 its answer
   * (side by side: one cache line for both).
   */
  private candidates: Array<string | T> = [];
  private readonly sites = new Map<string, Site<T>>();
  /** Open addressing by site hash: slot n holds the hash at 2n and block offset + 1 at 2n + 1 (0: empty). */
  private siteSlots = new Int32Array(32);
  /** Site hashes two sites share: the text path hands those links to `matchSite`. */
  private shared = new Set<number>();
  /** Sites changed since the site slots were last built. */
  private stale = false;

  /** Replaces one site's prefixes (none: the site goes). */
  set(scheme: 'http' | 'https', host: string, entries: PrefixEntry<T>[]): void {
    const key = `${scheme}://${host}`;
    const old = this.sites.get(key);
    if (old) this.live -= this.blockSize(old.offset);
    if (entries.length === 0) {
      if (old) this.sites.delete(key);
    } else {
      const site = old ?? { scheme, host, hash: siteHash(scheme, host), entries, offset: 0 };
      site.entries = entries;
      this.sites.set(key, site);
      site.offset = this.writeBlock(site);
    }
    this.stale = true;
  }

  /**
   * Before a lookup after changes: the site slots are built anew (once for any number of
   * changes), and left-behind blocks and candidates reclaimed once they outgrow the live ones.
   */
  private refresh(): void {
    this.stale = false;
    if (this.used > 2 * this.live + 65536) this.rebuild();
    this.indexSites();
  }

  /**
   * A scanned link as text: reads scheme, host and path in place (no string is made). Links this
   * path cannot answer on its own (capitals in the host, no `/` after it, a shared site hash) get
   * FALL_BACK; the caller then normalises them and asks `matchSite`.
   */
  match(text: string): T | undefined | typeof FALL_BACK {
    if (this.stale) this.refresh();
    if (
      (text.charCodeAt(0) | 32) !== 104 ||
      (text.charCodeAt(1) | 32) !== 116 ||
      (text.charCodeAt(2) | 32) !== 116 ||
      (text.charCodeAt(3) | 32) !== 112
    ) {
      return undefined;
    }
    let at = 4;
    let hash = SCHEME_SEED.http;
    if ((text.charCodeAt(4) | 32) === 115) {
      hash = SCHEME_SEED.https;
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
      hash = fnvStep(hash, c);
      hostEnd++;
    }
    if (hostEnd === hostStart) return undefined;
    if (hostEnd === length || text.charCodeAt(hostEnd) !== 47) return FALL_BACK;
    if (this.shared.size > 0 && this.shared.has(hash)) return FALL_BACK;
    const slots = this.siteSlots;
    const mask = (slots.length >> 1) - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const offset = slots[2 * slot + 1]!;
      if (offset === 0) return undefined;
      if (slots[2 * slot] === hash) return this.probe(offset - 1, hash, text, hostStart, hostEnd);
    }
  }

  /** The general path: a site named exactly, its link normalised (`scheme://host/rest`). */
  matchSite(scheme: 'http' | 'https', host: string, rest: string): T | undefined {
    if (this.stale) this.refresh();
    const site = this.sites.get(`${scheme}://${host}`);
    if (!site) return undefined;
    const hostStart = scheme.length + 3;
    return this.probe(
      site.offset,
      site.hash,
      `${scheme}://${host}${rest}`,
      hostStart,
      hostStart + host.length,
    );
  }

  /**
   * The longest prefix of the site at `offset` that the link's path starts with. A candidate's
   * text is its host and rest, so one comparison checks both (a site found by hash alone may
   * be another host's).
   */
  private probe(offset: number, siteHash: number, text: string, hostStart: number, hostEnd: number) {
    const arena = this.arena;
    const lengths = arena[offset]!;
    const filterMask = arena[offset + 1]!;
    const tableMask = arena[offset + 2]!;
    const filter = offset + HEADER + lengths;
    const table = filter + filterMask + 1;
    const hashIndex = text.indexOf('#', hostEnd);
    const end = hashIndex === -1 ? text.length : hashIndex;
    const available = end - hostEnd;
    let hash = siteHash;
    let read = 0;
    let count = 0;
    for (; count < lengths; count++) {
      const length = arena[offset + HEADER + count]!;
      if (length > available) break;
      for (; read < length; read++) hash = fnvStep(hash, text.charCodeAt(hostEnd + read));
      scratch[count] = hash;
    }
    for (let j = count - 1; j >= 0; j--) {
      const prefixHash = scratch[j]!;
      if ((arena[filter + ((prefixHash >>> 5) & filterMask)]! & (1 << (prefixHash & 31))) === 0) continue;
      const next = hostEnd + arena[offset + HEADER + j]!;
      for (let slot = prefixHash & tableMask; ; slot = (slot + 1) & tableMask) {
        const at = table + 2 * slot;
        const tagged = arena[at + 1]!;
        if (tagged === 0) break;
        if (arena[at] !== prefixHash) continue;
        // Negative: the prefix takes sub-paths.
        const candidate = Math.abs(tagged) - 1;
        const prefix = this.candidates[2 * candidate] as string;
        if (prefix.length !== next - hostStart || !text.startsWith(prefix, hostStart)) continue;
        // As WeChat: without a trailing slash or a query, no sub-path.
        if (tagged > 0 && next < end && text.charCodeAt(next) === 47) continue;
        return this.candidates[2 * candidate + 1] as T;
      }
    }
    return undefined;
  }

  /** Ints of the arena in use, current or left behind (for the tests of reclaiming). */
  get footprint(): number {
    return this.used;
  }

  private blockSize(offset: number): number {
    const arena = this.arena;
    return HEADER + arena[offset]! + arena[offset + 1]! + 1 + 2 * (arena[offset + 2]! + 1);
  }

  private writeBlock(site: Site<T>): number {
    const lengths = [...new Set(site.entries.map((e) => e.rest.length))].sort((a, b) => a - b);
    const filterWords = nextPowerOfTwo(Math.ceil((site.entries.length * FILTER_BITS_PER_PREFIX) / 32));
    const slots = nextPowerOfTwo(site.entries.length * 2);
    const size = HEADER + lengths.length + filterWords + 2 * slots;
    if (this.used + size > this.arena.length) {
      const grown = new Int32Array(nextPowerOfTwo(this.used + size) * 2);
      grown.set(this.arena.subarray(0, this.used));
      this.arena = grown;
    }
    const offset = this.used;
    const arena = this.arena;
    arena.fill(0, offset, offset + size);
    arena[offset] = lengths.length;
    arena[offset + 1] = filterWords - 1;
    arena[offset + 2] = slots - 1;
    arena.set(lengths, offset + HEADER);
    const filter = offset + HEADER + lengths.length;
    const table = filter + filterWords;
    for (const entry of site.entries) {
      const hash = hashText(site.hash, entry.rest);
      arena[filter + ((hash >>> 5) & (filterWords - 1))]! |= 1 << (hash & 31);
      let slot = hash & (slots - 1);
      while (arena[table + 2 * slot + 1] !== 0) slot = (slot + 1) & (slots - 1);
      const candidate = this.candidates.length / 2;
      this.candidates.push(`${site.host}${entry.rest}`, entry.result);
      arena[table + 2 * slot] = hash;
      arena[table + 2 * slot + 1] = entry.subPaths ? -(candidate + 1) : candidate + 1;
    }
    this.used += size;
    this.live += size;
    return offset;
  }

  /** Writes every current site afresh: drops left-behind blocks and candidates. */
  private rebuild(): void {
    this.arena = new Int32Array(1024);
    this.used = 0;
    this.live = 0;
    this.candidates = [];
    for (const site of this.sites.values()) site.offset = this.writeBlock(site);
  }

  private indexSites(): void {
    const slots = nextPowerOfTwo(this.sites.size * 2 + 1);
    const table = new Int32Array(2 * slots);
    const seen = new Set<number>();
    this.shared = new Set();
    for (const site of this.sites.values()) {
      if (seen.has(site.hash)) {
        this.shared.add(site.hash);
        continue;
      }
      seen.add(site.hash);
      let slot = site.hash & (slots - 1);
      while (table[2 * slot + 1] !== 0) slot = (slot + 1) & (slots - 1);
      table[2 * slot] = site.hash;
      table[2 * slot + 1] = site.offset + 1;
    }
    this.siteSlots = table;
  }
}
