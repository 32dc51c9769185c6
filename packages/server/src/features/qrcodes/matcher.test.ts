import { describe, expect, it } from 'vitest';
import { type IndexedRule, linearMatch, parseUrl, RuleIndex, verificationDirectory } from './matcher.ts';

let ids = 0;
function rule(prefix: string, extra: Partial<IndexedRule> = {}): IndexedRule {
  const parsed = parseUrl(prefix);
  if (!parsed) throw new Error(`bad prefix ${prefix}`);
  ids += 1;
  return {
    id: `r${ids}`,
    appid: 'wx0000000000000001',
    prefix: parsed,
    path: 'pages/index/index',
    openVersion: 3,
    published: true,
    debugUrls: [],
    ...extra,
  };
}

// [prefix, link, matches]
const single: Array<[string, string, boolean]> = [
  // A trailing slash takes sub-paths and the directory itself.
  ['https://a.com/p/', 'https://a.com/p/x', true],
  ['https://a.com/p/', 'https://a.com/p/x/y?z=1', true],
  ['https://a.com/p/', 'https://a.com/p/', true],
  ['https://a.com/p/', 'https://a.com/p', false],
  // Without one, the prefix is a path: its queries and longer names, never a sub-path.
  ['https://a.com/p', 'https://a.com/p', true],
  ['https://a.com/p', 'https://a.com/p?id=1', true],
  ['https://a.com/p', 'https://a.com/pq', true],
  ['https://a.com/p', 'https://a.com/p/x', false],
  // A query in the prefix is text.
  ['https://a.com/p?id=123', 'https://a.com/p?id=123', true],
  ['https://a.com/p?id=123', 'https://a.com/p?id=123&from=poster', true],
  ['https://a.com/p?id=123', 'https://a.com/p?id=132', false],
  ['https://a.com/p?id=123', 'https://a.com/p', false],
  ['https://a.com/p?id=', 'https://a.com/p?id=9/8', true],
  // Scheme and host must be the same; the host's case is not significant, the path's is.
  ['https://a.com/p/', 'http://a.com/p/x', false],
  ['https://A.Com/p/', 'https://a.COM/p/x', true],
  ['https://a.com/p/', 'https://a.com/P/x', false],
  ['https://a.com/p/', 'https://b.a.com/p/x', false],
  ['https://a.com/p/', 'https://a.com.evil.cn/p/x', false],
  // Ports are part of the host.
  ['http://127.0.0.1:8080/x/', 'http://127.0.0.1:8080/x/y', true],
  ['http://127.0.0.1:8080/x/', 'http://127.0.0.1/x/y', false],
  // No path is the root path (RFC 3986), which ends in a slash.
  ['https://a.com', 'https://a.com/any/thing', true],
  ['https://a.com/', 'https://a.com?x=1', true],
  // A fragment is not sent to the server and does not take part.
  ['https://a.com/p/', 'https://a.com/p/x#top', true],
];

describe('WeChat prefix matching', () => {
  it.each(single)('%s against %s → %s', (prefix, link, expected) => {
    const index = new RuleIndex([rule(prefix)]);
    expect(index.match(link) !== undefined).toBe(expected);
    expect(linearMatch([rule(prefix)], link) !== undefined).toBe(expected);
  });

  it('takes the longest matching prefix', () => {
    const rules = [
      rule('https://a.com/'),
      rule('https://a.com/p/'),
      rule('https://a.com/p/q'),
      rule('https://b.com/p/q/r'),
    ];
    const index = new RuleIndex(rules);
    expect(index.match('https://a.com/p/q1')?.rule.id).toBe(rules[2]!.id);
    expect(index.match('https://a.com/p/x')?.rule.id).toBe(rules[1]!.id);
    // `/p/q` takes no sub-paths, so `/p/q/z` falls back to `/p/`.
    expect(index.match('https://a.com/p/q/z')?.rule.id).toBe(rules[1]!.id);
    expect(index.match('https://a.com/z')?.rule.id).toBe(rules[0]!.id);
    expect(index.match('https://c.com/z')).toBeUndefined();
  });

  it('opens an unpublished rule only from its debug URLs, with the version open_version names', () => {
    const draft = rule('https://a.com/d/', {
      published: false,
      openVersion: 2,
      debugUrls: ['https://a.com/d/test?id=1'],
    });
    const index = new RuleIndex([draft, rule('https://a.com/')]);
    expect(index.match('https://a.com/d/test?id=1')).toMatchObject({
      version: 'trial',
      debug: true,
      rule: { id: draft.id },
    });
    // Not a debug URL: the unpublished rule is skipped and the shorter published one answers.
    expect(index.match('https://a.com/d/other')).toMatchObject({ version: 'release', debug: false });
    expect(index.match('https://A.COM/d/test?id=1')?.debug).toBe(true);
  });

  it('replaces one app’s rules without touching another’s', () => {
    const mine = rule('https://a.com/m/', { appid: 'wx000000000000000a' });
    const theirs = rule('https://a.com/t/', { appid: 'wx000000000000000b' });
    const index = new RuleIndex([mine, theirs]);
    index.replaceApp('wx000000000000000a', []);
    expect(index.match('https://a.com/m/x')).toBeUndefined();
    expect(index.match('https://a.com/t/x')?.rule.id).toBe(theirs.id);
    index.replaceApp('wx000000000000000a', [rule('https://a.com/m/x', { appid: 'wx000000000000000a' })]);
    expect(index.match('https://a.com/m/x')?.rule.appid).toBe('wx000000000000000a');
    expect(index.size).toBe(2);
  });

  it('refuses what is not an http(s) link on a plain host', () => {
    for (const bad of [
      'ftp://a.com/x',
      'https://user@a.com/x',
      'https:///x',
      'javascript:alert(1)',
      'https://a b.com/',
      'a.com/x',
      '',
    ]) {
      expect(parseUrl(bad)).toBeUndefined();
    }
  });

  it('puts the verification file in the last directory of the prefix', () => {
    const dir = (p: string) => verificationDirectory(parseUrl(p)!);
    expect(dir('https://a.com')).toBe('/');
    expect(dir('https://a.com/x/y/z?q=/1')).toBe('/x/y/');
    expect(dir('https://a.com/x/y/')).toBe('/x/y/');
  });

  it('agrees with a linear scan over many random rules and links', () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const hosts = ['a.com', 'b.cn', 'c.net'];
    const segments = ['x', 'y', 'xy', 'p', 'q=1'];
    const link = () => {
      let rest = '';
      for (let i = random(4); i > 0; i--) rest += `/${segments[random(segments.length)]}`;
      if (random(3) === 0) rest += '/';
      if (random(4) === 0) rest += `?id=${random(20)}`;
      return `https://${hosts[random(hosts.length)]}${rest}`;
    };
    const seen = new Set<string>();
    const rules: IndexedRule[] = [];
    for (let i = 0; i < 300; i++) {
      const prefix = link();
      const key = parseUrl(prefix)!;
      const text = `${key.host}${key.rest}`;
      if (seen.has(text)) continue;
      seen.add(text);
      rules.push(rule(prefix, { published: random(4) !== 0, debugUrls: random(5) === 0 ? [link()] : [] }));
    }
    const index = new RuleIndex(rules);
    // Without debug URLs the index takes its in-place path for text links: the same answers.
    const plain = rules.map((r) => ({ ...r, debugUrls: [] }));
    const plainIndex = new RuleIndex(plain);
    for (let i = 0; i < 3000; i++) {
      const probe =
        random(10) === 0 ? link().replace('https://', 'HTTPS://').replace('.com', '.COM') : link();
      expect(index.match(probe)?.rule.id, probe).toBe(linearMatch(rules, probe)?.rule.id);
      expect(plainIndex.match(probe)?.rule.id, probe).toBe(linearMatch(plain, probe)?.rule.id);
    }
  });

  it('finds sites by scheme and exact host on the text path, also after an app leaves', () => {
    const rules = [
      rule('https://a.com/x', { id: 'r1', appid: 'wx0000000000000001' }),
      rule('http://a.com/x', { id: 'r2', appid: 'wx0000000000000002' }),
      rule('https://aa.com/', { id: 'r3', appid: 'wx0000000000000003' }),
      rule('https://a.co/x', { id: 'r4', appid: 'wx0000000000000001' }),
    ];
    const index = new RuleIndex(rules);
    const probes = [
      'https://a.com/x',
      'http://a.com/x?y',
      'https://a.com#/x',
      'https://a.com/x#frag',
      'https://a.com/#x',
      'https://A.com/x',
      'https://aa.com/x',
      'https://a.co/xy',
      'https://a.c/x',
      'https://a.comm/x',
      'ftp://a.com/x',
    ];
    const answers = (list: IndexedRule[]) => probes.map((p) => linearMatch(list, p)?.rule.id);
    expect(probes.map((p) => index.match(p)?.rule.id)).toEqual(answers(rules));
    expect(index.match('https://a.com/x1')?.rule.id).toBe('r1');
    expect(index.match('http://a.com/x')?.rule.id).toBe('r2');
    // The answer is shared between lookups and cannot be changed by a caller.
    expect(index.match('https://a.com/x')).toBe(index.match('https://a.com/xz'));
    expect(Object.isFrozen(index.match('https://a.com/x'))).toBe(true);
    index.replaceApp('wx0000000000000001', []);
    const left = rules.filter((r) => r.appid !== 'wx0000000000000001');
    expect(probes.map((p) => index.match(p)?.rule.id)).toEqual(answers(left));
    expect(index.match('https://a.com/x')).toBeUndefined();
    expect(index.match('https://a.co/x')).toBeUndefined();
    expect(index.match('https://aa.com/x')?.rule.id).toBe('r3');
  });
});
