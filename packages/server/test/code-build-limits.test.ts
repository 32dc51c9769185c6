import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BuildPool } from '../src/features/code/runtime-bridge.ts';
import { type CodeWorld, codeWorld, sampleFiles, uploadZip, zipOf } from './code-world.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';

/** Each stylesheet imports the next one twice, 17 levels: 2^17 copies if nothing stops it. */
function doublingChain(levels = 17): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < levels; i++) {
    files[`styles/${i}.wxss`] =
      `@import "./${i + 1}.wxss";\n@import "./${i + 1}.wxss";\n.l${i} { width: 10rpx; }`;
  }
  files[`styles/${levels}.wxss`] = `.leaf { padding: 1rpx; }${' '.repeat(150)}`;
  return files;
}

/** About 8 MB of CSS once inlined: within the budget, but seconds of work to scope and write. */
function heavyStyles(): Record<string, string> {
  // Numbered rules, so the zip's ratio check (meant for bombs) lets the file through.
  const rules: string[] = [];
  for (let i = 0, size = 0; size < 1_900_000; i++) {
    const rule = `.a${i} .b${i * 7}, .c${i} > .d:not(.e${i % 97}) { width: ${i % 750}rpx; color: #${(i * 2654435761) % 16777216}; }\n`;
    rules.push(rule);
    size += rule.length;
  }
  return {
    'styles/big.wxss': rules.join(''),
    'pages/index/index.wxss': '@import "../../styles/big.wxss";\n'.repeat(3),
  };
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await run();
  return { value, ms: performance.now() - started };
}

describe.each(dialects)('code build limits on %s', (dialect) => {
  let server: TestServer;
  let w: CodeWorld;
  let other: CodeWorld;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    w = await codeWorld(server, '构建');
    other = await codeWorld(server, '他人');
  });
  afterAll(() => server.close());

  it('refuses a page nesting 200 views, naming the file and line, and the next upload by anyone succeeds', async () => {
    const deep = `<view>\n${'<view>'.repeat(200)}${'</view>'.repeat(200)}\n</view>`;
    const refused = await uploadZip(
      server,
      w.app.appid,
      '1.0.0',
      await zipOf({ ...sampleFiles(), 'pages/index/index.wxml': deep }),
      { bearer: w.devToken },
    );
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('package_invalid');
    expect(refused.body.error.field).toBe('pages/index/index.wxml');
    expect(refused.body.error.message).toContain('pages/index/index.wxml line 2');
    expect(refused.body.error.message).toContain('[wxml_too_deep]');

    const next = await other.upload('1.0.0');
    expect(next.status).toBe(201);
    expect(next.body.diagnostics).toEqual([]);
  });

  it('refuses a template that crashes the compiler, and the compiler still works for the next upload', async () => {
    // Shallow, so the depth check passes it, but a 3000-step member chain overflows the wasm stack.
    const crash = `<view>{{ item${'.b'.repeat(3000)} }}</view>`;
    const refused = await uploadZip(
      server,
      w.app.appid,
      '1.0.1',
      await zipOf({ ...sampleFiles(), 'pages/form/form.wxml': crash }),
      { bearer: w.devToken },
    );
    expect(refused.status).toBe(422);
    expect(refused.body.error.field).toBe('pages/form/form.wxml');
    expect(refused.body.error.message).toContain('[wxml_compiler_failed]');

    for (const [world, version] of [
      [other, '1.0.1'],
      [w, '1.0.2'],
    ] as const) {
      const next = await world.upload(version);
      expect(next.status).toBe(201);
      expect(next.body.diagnostics).toEqual([]);
    }
  });

  it('refuses the 17-level WXSS doubling chain in well under a second, naming the file and line', async () => {
    const zip = await zipOf({ ...sampleFiles(), ...doublingChain(), 'app.wxss': '@import "styles/0.wxss";' });
    expect(zip.length).toBeLessThan(8 * 1024);
    const { value: refused, ms } = await timed(() =>
      uploadZip(server, w.app.appid, '1.0.3', zip, { bearer: w.devToken }),
    );
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('package_invalid');
    expect(refused.body.error.field).toBe('styles/15.wxss');
    // app.wxss is level 0, so styles/15.wxss is the 16th level and its import the 17th.
    expect(refused.body.error.message).toContain('styles/15.wxss line 1');
    expect(refused.body.error.message).toContain('[wxss_import_too_deep]');
    expect(ms).toBeLessThan(1000);
  });

  it('keeps answering other requests while a heavy package builds', async () => {
    const zip = await zipOf({ ...sampleFiles(), ...heavyStyles() });
    // The test shares the server's event loop: the longest gap between 10 ms ticks is how long
    // the loop was held (a build on the loop holds it for the whole build, about a second here).
    let last = performance.now();
    let longestGap = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
    }, 10);
    const probes: number[] = [];
    let done = false;
    let uploadMs = 0;
    try {
      const building = timed(() =>
        uploadZip(server, other.app.appid, '2.0.0', zip, { bearer: other.devToken }),
      );
      void building.then(() => {
        done = true;
      });
      while (!done) {
        // Another tenant's ordinary request: session check, database read, JSON answer.
        const { value, ms } = await timed(() => w.dev.get(`/api/v1/code/${w.app.appid}/versions`));
        expect(value.status).toBe(200);
        probes.push(ms);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const { value: built, ms } = await building;
      expect(built.status).toBe(201);
      uploadMs = ms;
    } finally {
      clearInterval(ticker);
    }
    expect(longestGap).toBeLessThan(300);
    expect(Math.max(...probes)).toBeLessThan(300);
    // The build was real work, several times the longest hold of the loop.
    expect(uploadMs).toBeGreaterThan(3 * longestGap);
    expect(probes.length).toBeGreaterThan(5);
  });
});

describe('the build pool', () => {
  it('stops a build past its time and refuses the package, then builds the next one', async () => {
    const pool = new BuildPool({ size: 1, timeoutMs: 20 });
    const files = new Map(
      Object.entries(sampleFiles()).map(([path, text]) => [path, new TextEncoder().encode(text)]),
    );
    try {
      const error = await pool.build(files).catch((e: unknown) => e);
      expect((error as { refusal?: { rule: string } }).refusal?.rule).toBe('build_timed_out');
    } finally {
      await pool.close();
    }
    const roomy = new BuildPool({ size: 1 });
    try {
      expect((await roomy.build(files)).diagnostics).toEqual([]);
    } finally {
      await roomy.close();
    }
  });
});
