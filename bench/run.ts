/** `npm run bench`: runs each benchmark in turn, each in its own process. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const benches = [
  'bench/code-packages.ts',
  'bench/qr.ts',
  'bench/api-throughput.ts',
  'bench/blob-stores.ts',
  'packages/runtime/bench/open-to-paint.ts',
  'bench/client-tap-to-paint.ts',
  'bench/fan-out.ts',
].filter((file) => existsSync(resolve(root, file)));
let failed = false;
for (const file of benches) {
  console.log(`\n== ${file}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', resolve(root, file)], {
    stdio: 'inherit',
    cwd: root,
  });
  if (result.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
