import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** tsx's ESM register entry (its CommonJS twin cannot find its own files in a worker). */
function tsxRegisterUrl(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('tsx/package.json');
  const exports = (require(manifest) as { exports: Record<string, { import: { default: string } }> }).exports;
  return pathToFileURL(join(dirname(manifest), exports['./esm/api']!.import.default)).href;
}

let register: string | undefined;

/**
 * A worker thread running a TypeScript module. A worker starts without the parent's loaders, so
 * it registers tsx itself, as bin/wharf.js does. It is unref'd (idle workers must not keep the
 * process alive) and has an error listener (with none, a dying worker's error would end the server).
 */
export function startTsWorker(entryUrl: string, maxHeapMb: number): Worker {
  register ??= tsxRegisterUrl();
  const bootstrap = `import(${JSON.stringify(register)})
  .then((tsx) => { tsx.register(); return import(${JSON.stringify(entryUrl)}); });`;
  const worker = new Worker(bootstrap, {
    eval: true,
    execArgv: [],
    resourceLimits: { maxOldGenerationSizeMb: maxHeapMb },
  });
  worker.unref();
  worker.on('error', () => {});
  return worker;
}
