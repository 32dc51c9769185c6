import { describe, expect, it } from 'vitest';
import { collectEntry, defaultZipLimits, type ReadZipResult, readZip } from './read-zip.ts';
import type { PackageRule } from './refusal.ts';
import {
  editHeaders,
  makeZip,
  renameInZip,
  setCompressionMethod,
  setDeclaredSize,
  setEncryptedFlag,
} from './zip-fixtures.ts';

function text(result: ReadZipResult, path: string): string | undefined {
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.refusals)}`);
  const bytes = result.files.get(path);
  return bytes && Buffer.from(bytes).toString();
}

function rules(result: ReadZipResult): { file: string; rule: PackageRule }[] {
  if (result.ok) throw new Error('expected a refusal');
  return result.refusals.map(({ file, rule }) => ({ file, rule }));
}

describe('readZip accepts', () => {
  it('reads deflated and stored files, nested and non-ASCII paths, and skips directory entries', async () => {
    const zip = await makeZip([
      { path: 'app.json', data: '{"pages":["pages/index/index"]}' },
      { path: 'pages', directory: true },
      { path: 'pages', directory: true },
      { path: 'pages/index/index.wxml', data: '<view/>', compress: false },
      { path: 'images/图标.png', data: new Uint8Array([137, 80, 78, 71]) },
      { path: 'empty.js', data: '' },
    ]);
    const result = await readZip(zip);
    expect(result.ok && [...result.files.keys()]).toEqual([
      'app.json',
      'pages/index/index.wxml',
      'images/图标.png',
      'empty.js',
    ]);
    expect(text(result, 'pages/index/index.wxml')).toBe('<view/>');
    expect(text(result, 'empty.js')).toBe('');
  });
});

describe('readZip refuses, naming the entry', () => {
  const cases: {
    name: string;
    zip: () => Promise<Buffer>;
    expected: { file: string; rule: PackageRule }[];
  }[] = [
    {
      name: 'a path that climbs out with ..',
      zip: async () =>
        renameInZip(await makeZip([{ path: 'xx/evil.js', data: '1' }]), 'xx/evil.js', '../evil.js'),
      expected: [{ file: '../evil.js', rule: 'path_not_allowed' }],
    },
    {
      name: 'a .. segment in the middle',
      zip: async () =>
        renameInZip(await makeZip([{ path: 'a/xx/b.js', data: '1' }]), 'a/xx/b.js', 'a/../b.js'),
      expected: [{ file: 'a/../b.js', rule: 'path_not_allowed' }],
    },
    {
      name: 'an absolute path',
      zip: async () =>
        renameInZip(await makeZip([{ path: 'xetc/passwd', data: '1' }]), 'xetc/passwd', '/etc/passwd'),
      expected: [{ file: '/etc/passwd', rule: 'path_not_allowed' }],
    },
    {
      name: 'a drive letter',
      zip: async () =>
        renameInZip(await makeZip([{ path: 'Cx/win.js', data: '1' }]), 'Cx/win.js', 'C:/win.js'),
      expected: [{ file: 'C:/win.js', rule: 'path_not_allowed' }],
    },
    {
      name: 'a backslash separator',
      zip: async () => renameInZip(await makeZip([{ path: 'a_b.js', data: '1' }]), 'a_b.js', 'a\\b.js'),
      expected: [{ file: 'a\\b.js', rule: 'path_not_allowed' }],
    },
    {
      name: 'a symbolic link',
      zip: () => makeZip([{ path: 'link.js', data: '/etc/passwd', mode: 0o120777 }]),
      expected: [{ file: 'link.js', rule: 'symlink_not_allowed' }],
    },
    {
      name: 'a named pipe',
      zip: () => makeZip([{ path: 'fifo.js', data: '', mode: 0o010644 }]),
      expected: [{ file: 'fifo.js', rule: 'special_file_not_allowed' }],
    },
    {
      name: 'the same path twice',
      zip: () =>
        makeZip([
          { path: 'app.js', data: 'one' },
          { path: 'app.js', data: 'two' },
        ]),
      expected: [{ file: 'app.js', rule: 'path_duplicate' }],
    },
    {
      name: 'an encrypted entry',
      zip: async () => setEncryptedFlag(await makeZip([{ path: 'secret.js', data: 'x' }])),
      expected: [{ file: 'secret.js', rule: 'entry_encrypted' }],
    },
    {
      name: 'an unsupported compression method',
      zip: async () =>
        setCompressionMethod(await makeZip([{ path: 'b.js', data: 'x', compress: false }]), 12),
      expected: [{ file: 'b.js', rule: 'compression_not_supported' }],
    },
    {
      name: 'every bad entry, not just the first',
      zip: async () =>
        renameInZip(
          await makeZip([
            { path: 'ok.js', data: '1' },
            { path: 'xx/a.js', data: '1' },
            { path: 'l.js', data: 'x', mode: 0o120777 },
          ]),
          'xx/a.js',
          '../a.js',
        ),
      expected: [
        { file: '../a.js', rule: 'path_not_allowed' },
        { file: 'l.js', rule: 'symlink_not_allowed' },
      ],
    },
  ];

  it.each(cases)('$name', async ({ zip, expected }) => {
    expect(rules(await readZip(await zip()))).toEqual(expected);
  });
});

describe('readZip is zip-bomb safe', () => {
  const zeros = (n: number) => new Uint8Array(n);

  it('refuses more entries than allowed before reading any', async () => {
    const zip = await makeZip(['a.js', 'b.js', 'c.js', 'd.js'].map((path) => ({ path, data: '1' })));
    expect(rules(await readZip(zip, { maxEntries: 3 }))).toEqual([
      { file: '', rule: 'zip_too_many_entries' },
    ]);
  });

  it('refuses when the declared sizes add up past the limit', async () => {
    const zip = await makeZip(['a.js', 'b.js', 'c.js'].map((path) => ({ path, data: zeros(10_000) })));
    expect(rules(await readZip(zip, { maxTotalBytes: 25_000 }))).toEqual([
      { file: 'c.js', rule: 'zip_too_large' },
    ]);
  });

  it('refuses an entry that inflates past its declared size (yauzl ends it at the declared size)', async () => {
    const honest = await makeZip([{ path: 'bomb.js', data: zeros(200_000) }]);
    const liar = setDeclaredSize(honest, 10);
    // yauzl's own size check fires at byte 11, long before the 100 000-byte limit: the lie is
    // refused as a malformed entry, and Wharf's byte counter (tested below) is never reached.
    const result = await readZip(liar, { maxTotalBytes: 100_000 });
    expect(rules(result)).toEqual([{ file: 'bomb.js', rule: 'zip_malformed' }]);
    expect(!result.ok && result.refusals[0]?.message).toContain('too many bytes in the stream');
  });

  // Through readZip, declared sizes are summed first and yauzl stops an entry at its declared
  // size, so no zip reaches the counter of bytes actually inflated; it is fed a stream directly.
  async function* stream(chunks: number, size: number) {
    for (let i = 0; i < chunks; i++) yield Buffer.alloc(size, 1);
  }
  const limit = { ...defaultZipLimits, maxTotalBytes: 100_000 };

  it('counts the bytes actually inflated, whatever the entry declared, and stops past the limit', async () => {
    // 5 × 64 KB from an entry that claimed 10 compressed bytes; the ratio check is not due below 1 MB.
    const read = await collectEntry(stream(5, 64 * 1024), 'bomb.js', 10, 0, limit);
    expect(read).toEqual({
      ok: false,
      refusal: expect.objectContaining({ file: 'bomb.js', rule: 'zip_too_large' }),
    });
  });

  it('counts the bytes of the entries before it', async () => {
    expect((await collectEntry(stream(2, 5_000), 'b.js', 10_000, 85_000, limit)).ok).toBe(true);
    const read = await collectEntry(stream(2, 5_000), 'b.js', 10_000, 95_000, limit);
    expect(read).toEqual({
      ok: false,
      refusal: expect.objectContaining({ file: 'b.js', rule: 'zip_too_large' }),
    });
  });

  it('stops reading the moment the limit is passed', async () => {
    let produced = 0;
    async function* endless() {
      for (;;) {
        produced += 1;
        yield Buffer.alloc(10_000);
      }
    }
    const read = await collectEntry(endless(), 'endless.js', 1_000_000, 0, limit);
    expect(read.ok).toBe(false);
    expect(produced).toBe(11);
  });

  it('refuses an entry that inflates past the ratio limit', async () => {
    const zip = await makeZip([{ path: 'bomb.wxss', data: zeros(3 * 1024 * 1024) }]);
    expect(rules(await readZip(zip))).toEqual([{ file: 'bomb.wxss', rule: 'zip_ratio_too_high' }]);
  });

  it('accepts the same entry when the ratio limit allows it', async () => {
    const zip = await makeZip([{ path: 'big.wxss', data: zeros(3 * 1024 * 1024) }]);
    const result = await readZip(zip, { maxRatio: 10_000 });
    expect(result.ok && result.files.get('big.wxss')?.byteLength).toBe(3 * 1024 * 1024);
  });
});

describe('readZip turns malformed input into a refusal, never a crash', () => {
  const cases: { name: string; zip: () => Promise<Buffer>; file: string }[] = [
    { name: 'an empty upload', zip: async () => Buffer.alloc(0), file: '' },
    { name: 'not a zip at all', zip: async () => Buffer.from('<html>not a zip</html>'), file: '' },
    {
      name: 'a zip cut in half',
      zip: async () => {
        const zip = await makeZip([{ path: 'a.js', data: 'x'.repeat(1000) }]);
        return zip.subarray(0, zip.length / 2);
      },
      file: '',
    },
    {
      name: 'contents that do not match their CRC-32',
      zip: async () => {
        const zip = await makeZip([{ path: 'a.js', data: 'hello world', compress: false }]);
        return renameInZip(zip, 'hello world', 'hellO world');
      },
      file: 'a.js',
    },
    {
      name: 'a central directory pointing past the end',
      zip: async () =>
        editHeaders(await makeZip([{ path: 'a.js', data: 'x' }]), (out, at, kind) => {
          if (kind === 'central') out.writeUInt32LE(0x7fffffff, at + 42);
        }),
      file: 'a.js',
    },
  ];

  it.each(cases)('$name', async ({ zip, file }) => {
    expect(rules(await readZip(await zip()))).toEqual([{ file, rule: 'zip_malformed' }]);
  });
});
