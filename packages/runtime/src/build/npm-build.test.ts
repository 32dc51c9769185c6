import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMiniprogramNpm } from './npm-build.ts';

let root: string;
const write = async (path: string, text: string) => {
  await mkdir(dirname(join(root, path)), { recursive: true });
  await writeFile(join(root, path), text);
};
const json = (value: unknown) => JSON.stringify(value);

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'wharf-npm-'));
  await write(
    'project/package.json',
    json({
      dependencies: { 'ui-kit': '1', 'dist-kit': '1', 'plain-lib': '1' },
      devDependencies: { 'dev-only': '1' },
    }),
  );
  // A mini program package naming its folder in `miniprogram`, with a dependency of its own.
  await write(
    'project/node_modules/ui-kit/package.json',
    json({ miniprogram: 'lib', dependencies: { helper: '1' } }),
  );
  await write('project/node_modules/ui-kit/lib/button/index.wxml', '<view/>');
  await write('project/node_modules/ui-kit/src/button/index.ts', 'source, not published');
  // Installed hoisted, one level up: found by walking up like Node does.
  await write('node_modules/helper/package.json', json({ main: 'main.js' }));
  await write('node_modules/helper/main.js', "module.exports = require('./twice');");
  await write('node_modules/helper/twice.js', 'module.exports = (x) => x * 2;');
  // The default folder.
  await write('project/node_modules/dist-kit/package.json', json({}));
  await write('project/node_modules/dist-kit/miniprogram_dist/index.js', 'module.exports = 1;');
  // A plain package: bundled from its main into one index.js.
  await write('project/node_modules/plain-lib/package.json', json({ main: 'lib/entry.js' }));
  await write('project/node_modules/plain-lib/lib/entry.js', "exports.greet = require('./greet').greet;");
  await write('project/node_modules/plain-lib/lib/greet.js', "exports.greet = (n) => 'hi ' + n;");
  await write('project/node_modules/dev-only/package.json', json({}));
  await write('project/node_modules/dev-only/index.js', '');
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('buildMiniprogramNpm', () => {
  it("copies a mini program package's miniprogram folder (default miniprogram_dist) and bundles plain packages", async () => {
    const { files, diagnostics } = await buildMiniprogramNpm(join(root, 'project'));
    expect(diagnostics).toEqual([]);
    expect([...files.keys()].sort()).toEqual([
      'miniprogram_npm/dist-kit/index.js',
      'miniprogram_npm/helper/index.js',
      'miniprogram_npm/plain-lib/index.js',
      'miniprogram_npm/ui-kit/button/index.wxml',
    ]);
    // The bundle runs on its own: its relative requires are inside.
    const run = (path: string) => {
      const module = { exports: {} as Record<string, unknown> };
      new Function('module', 'exports', 'require', new TextDecoder().decode(files.get(path)))(
        module,
        module.exports,
        () => {
          throw new Error('nothing left to require');
        },
      );
      return module.exports;
    };
    expect((run('miniprogram_npm/plain-lib/index.js').greet as (n: string) => string)('wharf')).toBe(
      'hi wharf',
    );
    expect((run('miniprogram_npm/helper/index.js') as unknown as (x: number) => number)(4)).toBe(8);
  });

  it('names a dependency that is not installed, and a miniprogram folder that does not exist', async () => {
    await write('broken/package.json', json({ dependencies: { missing: '1', 'no-folder': '1' } }));
    await write('broken/node_modules/no-folder/package.json', json({ miniprogram: 'dist' }));
    const { files, diagnostics } = await buildMiniprogramNpm(join(root, 'broken'));
    expect(files.size).toBe(0);
    expect(diagnostics).toEqual([
      {
        file: 'package.json',
        line: 1,
        column: 1,
        message: 'dependency missing is not installed (run npm install)',
      },
      {
        file: 'node_modules/no-folder/package.json',
        line: 1,
        column: 1,
        message: 'no-folder: its "miniprogram" folder dist does not exist',
      },
    ]);
  });
});
