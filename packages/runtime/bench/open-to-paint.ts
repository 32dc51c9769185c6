/**
 * Open → first page painted for examples/demo in headless Chromium, against a baseline
 * measured in the same run: a plain static HTML page loaded into an iframe of the same
 * host page. Each run uses a fresh browser context (cold cache). Two opens are timed:
 * "preloaded", the client's case (it calls `preloadMiniProgramRuntime` at start, so a runtime
 * frame is booted before the user taps; only the app's own files are fetched), and "cold",
 * the first open of a page that preloaded nothing (a new frame process, frame.js, then the app).
 *
 *   npx tsx packages/runtime/bench/open-to-paint.ts [runs=15]
 */
import { join } from 'node:path';
import { EXAMPLES, readFolder, startHarness } from '../test/harness.ts';

const runs = Number(process.argv[2] ?? 15);
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const harness = await startHarness();
try {
  const { packageBase, diagnostics } = await harness.publish(
    'demo',
    await readFolder(join(EXAMPLES, 'demo')),
  );
  if (diagnostics.length > 0) throw new Error(`demo has build diagnostics: ${JSON.stringify(diagnostics)}`);
  const cold: number[] = [];
  const preloaded: number[] = [];
  const baseline: number[] = [];
  const mountOptions = {
    appid: 'wxdemo0000000001',
    packageBase,
    runtimeBase: `${harness.runtimeOrigin}/runtime`,
    launch: { scene: 1001 },
    userId: 'bench',
    requestDomains: [],
  };
  for (let i = 0; i < runs; i++) {
    for (const kind of ['baseline', 'cold', 'preloaded'] as const) {
      const context = await harness.browser.newContext({ viewport: { width: 375, height: 667 } });
      const page = await context.newPage();
      await page.goto(`${harness.hostOrigin}/host.html`);
      await page.waitForFunction(() => (window as unknown as { __hostReady?: boolean }).__hostReady === true);
      if (kind === 'baseline') {
        const ms = await page.evaluate(
          () =>
            new Promise<number>((resolve) => {
              const start = performance.now();
              const frame = document.createElement('iframe');
              frame.onload = () => requestAnimationFrame(() => resolve(performance.now() - start));
              frame.src = `/static.html?${Math.random()}`;
              document.body.appendChild(frame);
            }),
        );
        baseline.push(ms);
      } else {
        if (kind === 'preloaded') {
          const ok = await page.evaluate(
            (base) => (window as unknown as { __preload: (b: string) => Promise<boolean> }).__preload(base),
            mountOptions.runtimeBase,
          );
          if (!ok) throw new Error('this browser cannot preload a runtime frame');
        }
        const route = await page.evaluate(
          (o) => (window as unknown as { __mount: (o: unknown) => Promise<string> }).__mount(o),
          mountOptions,
        );
        if (route !== 'pages/index/index') throw new Error(`demo did not open: ${route}`);
        (kind === 'cold' ? cold : preloaded).push(
          await page.evaluate(
            () => (window as unknown as { __ready: { openToPaintMs: number } }).__ready.openToPaintMs,
          ),
        );
      }
      await context.close();
    }
  }
  const baselineMedian = median(baseline);
  console.log(`runs: ${runs}`);
  console.log(`baseline (static HTML page in an iframe), median: ${baselineMedian.toFixed(1)} ms`);
  for (const [name, values] of [
    ['preloaded runtime', preloaded],
    ['cold (nothing preloaded)', cold],
  ] as const) {
    const m = median(values);
    console.log(
      `open → first page painted (examples/demo), ${name}, median: ${m.toFixed(1)} ms, ratio: ${(m / baselineMedian).toFixed(2)}×`,
    );
  }
} finally {
  await harness.close();
}
