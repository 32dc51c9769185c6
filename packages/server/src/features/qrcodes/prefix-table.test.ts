import { describe, expect, it } from 'vitest';
import { FALL_BACK, type PrefixEntry, PrefixTable, siteHash } from './prefix-table.ts';

const entry = (rest: string): PrefixEntry<string> => ({
  rest,
  subPaths: rest.endsWith('/') || rest.includes('?'),
  result: rest,
});

/** Two hosts whose site hashes are equal (30 bits: a birthday search finds one quickly). */
function collidingHosts(): [string, string] {
  const seen = new Map<number, string>();
  for (let i = 0; ; i++) {
    const host = `h${i}.example.com`;
    const hash = siteHash('https', host);
    const other = seen.get(hash);
    if (other) return [other, host];
    seen.set(hash, host);
  }
}

describe('the packed prefix table', () => {
  it('tells apart two sites that share a hash, and a third host on that hash it has never seen', () => {
    const [a, b] = collidingHosts();
    const table = new PrefixTable<string>();
    table.set('https', a, [entry('/a/')]);
    table.set('https', b, [entry('/b/')]);
    const answer = (link: string) => {
      const fast = table.match(link);
      if (fast !== FALL_BACK) return fast;
      const url = new URL(link);
      return table.matchSite('https', url.host, url.pathname + url.search);
    };
    expect(answer(`https://${a}/a/x`)).toBe('/a/');
    expect(answer(`https://${b}/b/x`)).toBe('/b/');
    expect(answer(`https://${a}/b/x`)).toBeUndefined();
    expect(answer(`https://${b}/a/x`)).toBeUndefined();
    // With one of them gone the hash is no longer shared and the text path answers alone.
    table.set('https', a, []);
    expect(table.match(`https://${b}/b/x`)).toBe('/b/');
    // A host on the same hash and of the same length that has no rules finds nothing: the
    // candidate's text carries its host.
    expect(table.match(`https://${a}/b/x`)).toBeUndefined();
  });

  it('keeps answering right while one site is rewritten many times, and reclaims what it leaves behind', () => {
    const table = new PrefixTable<string>();
    table.set('https', 'other.example.com', [entry('/kept/')]);
    let peak = 0;
    for (let round = 0; round < 300; round++) {
      const rests = Array.from({ length: 200 }, (_, i) => `/r${round}/p${i}`);
      table.set('https', 'shop.example.com', rests.map(entry));
      expect(table.match(`https://shop.example.com/r${round}/p17?x=1`)).toBe(`/r${round}/p17`);
      expect(table.match(`https://shop.example.com/r${round}/p5/x`)).toBeUndefined();
      expect(table.match(`https://shop.example.com/r${round - 1}/p17`)).toBeUndefined();
      expect(table.match('https://other.example.com/kept/x')).toBe('/kept/');
      peak = Math.max(peak, table.footprint);
    }
    // 300 rewrites of a 200-prefix block would be ≈ 340,000 ints if nothing were reclaimed.
    expect(peak).toBeLessThan(100_000);
  });

  it('hands capitals in the host and links without a slash after the host to the general path', () => {
    const table = new PrefixTable<string>();
    table.set('https', 'a.com', [entry('/')]);
    expect(table.match('https://A.com/x')).toBe(FALL_BACK);
    expect(table.match('https://a.com?x=1')).toBe(FALL_BACK);
    expect(table.matchSite('https', 'a.com', '/?x=1')).toBe('/');
    expect(table.match('ftp://a.com/')).toBeUndefined();
  });
});
