import { mkdir, mkdtemp, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { readZip } from '@wharf/server/features/code/package/read-zip.ts';
import {
  defaultPackageLimits,
  validatePackage,
} from '@wharf/server/features/code/package/validate-package.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PackError, packProject } from './pack-project.ts';

async function write(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
}

const program = {
  'app.json': JSON.stringify({ pages: ['pages/index/index'] }),
  'app.js': 'App({})',
  'pages/index/index.js': 'Page({})',
  'pages/index/index.wxml': '<view>你好</view>',
  'images/logo.png': 'png',
};

async function unpack(zip: Buffer): Promise<Record<string, string>> {
  const result = await readZip(zip);
  if (!result.ok) throw new Error(JSON.stringify(result.refusals));
  return Object.fromEntries([...result.files].map(([path, bytes]) => [path, Buffer.from(bytes).toString()]));
}

describe('packProject', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wharf-pack-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('packs a project that read-zip reads back and validate-package accepts', async () => {
    await write(dir, program);
    const packed = await packProject(dir);
    expect(await unpack(packed.zip)).toEqual(program);
    expect(packed.files).toBe(5);
    expect(packed.bytes).toBe(Object.values(program).reduce((sum, text) => sum + Buffer.byteLength(text), 0));
    const files = await readZip(packed.zip);
    expect(files.ok && validatePackage(files.files, defaultPackageLimits).ok).toBe(true);
  });

  it('leaves out dotfiles, node_modules, developer-tool config and file types WeChat does not upload', async () => {
    await write(dir, {
      ...program,
      '.git/HEAD': 'ref',
      '.DS_Store': '',
      'pages/index/.index.js.swp': '',
      '.eslintrc.js': '',
      'node_modules/lodash/index.js': '',
      'pages/node_modules/x.js': '',
      'project.config.json': '{}',
      'project.private.config.json': '{}',
      'README.md': '# readme',
      'pages/index/index.ts': 'Page({})',
    });
    const packed = await packProject(dir);
    expect(Object.keys(await unpack(packed.zip))).toEqual(Object.keys(program).sort());
    expect(packed.skipped).toEqual(['README.md', 'pages/index/index.ts']);
  });

  it('packs paths in sorted order and gives the same bytes every time', async () => {
    await write(dir, program);
    const first = await packProject(dir);
    await utimes(join(dir, 'app.js'), new Date(2001, 1, 1), new Date(2001, 1, 1));
    const second = await packProject(dir);
    expect(second.zip.equals(first.zip)).toBe(true);
    expect(Object.keys(await unpack(first.zip))).toEqual([
      'app.js',
      'app.json',
      'images/logo.png',
      'pages/index/index.js',
      'pages/index/index.wxml',
    ]);
  });

  it('packs the miniprogramRoot folder named by project.config.json', async () => {
    await write(dir, {
      'project.config.json': JSON.stringify({ miniprogramRoot: 'miniprogram/' }),
      'cloud/f.js': '',
    });
    await write(join(dir, 'miniprogram'), program);
    expect(Object.keys(await unpack((await packProject(dir)).zip))).toEqual(Object.keys(program).sort());
  });

  it('follows a symbolic link that stays inside the project', async () => {
    await write(dir, { ...program, 'shared/util.js': 'exports.x = 1' });
    await symlink(join(dir, 'shared'), join(dir, 'pages', 'shared'));
    await symlink('../app.js', join(dir, 'pages', 'app-link.js'));
    const files = await unpack((await packProject(dir)).zip);
    expect(files['pages/shared/util.js']).toBe('exports.x = 1');
    expect(files['pages/app-link.js']).toBe('App({})');
  });

  const badLinks: { name: string; link: string; target: (outside: string) => string; message: RegExp }[] = [
    {
      name: 'a file outside',
      link: 'secret.js',
      target: (outside) => join(outside, 'secret.js'),
      message: /leaves/,
    },
    { name: 'a folder outside', link: 'lib', target: (outside) => outside, message: /leaves/ },
    {
      name: 'a relative path climbing out',
      link: 'up.js',
      target: () => '../../etc/hostname',
      message: /leaves|nothing/,
    },
    { name: 'its own ancestor', link: 'pages/loop', target: () => '..', message: /loop/ },
    { name: 'nothing', link: 'dangling.js', target: () => 'missing.js', message: /nothing/ },
  ];

  it.each(badLinks)('refuses a symbolic link to $name, naming it', async ({ link, target, message }) => {
    const outside = await mkdtemp(join(tmpdir(), 'wharf-outside-'));
    try {
      await write(outside, { 'secret.js': 'secret' });
      await write(dir, program);
      await symlink(target(outside), join(dir, link));
      const error = await packProject(dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PackError);
      expect((error as PackError).path).toBe(link);
      expect((error as PackError).message).toMatch(message);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });
});
