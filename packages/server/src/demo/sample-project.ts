import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isAllowedFileType } from '../features/code/package/package-paths.ts';

/** The demo's WeChat-format sample project, kept in the repo. */
export const DEMO_PROJECT = resolve(import.meta.dirname, '../../../../examples/demo');

/**
 * Reads a project folder into package files, with the packer's rules (allowed types only, no
 * dotfiles, no node_modules, no developer-tool config). The CLI's packProject zips the same
 * set; the server cannot import the CLI (the CLI depends on the server), and the seed needs
 * no zip since it calls the upload service directly.
 */
export async function readProject(dir = DEMO_PROJECT): Promise<Map<string, Uint8Array> | undefined> {
  if (!existsSync(join(dir, 'app.json'))) return undefined;
  const files = new Map<string, Uint8Array>();
  const walk = async (folder: string, prefix: string) => {
    const entries = (await readdir(folder, { withFileTypes: true })).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      if (prefix === '' && /^project(\.private)?\.config\.json$/.test(entry.name)) continue;
      const path = prefix + entry.name;
      if (entry.isDirectory()) await walk(join(folder, entry.name), `${path}/`);
      else if (entry.isFile() && isAllowedFileType(path))
        files.set(path, new Uint8Array(await readFile(join(folder, entry.name))));
    }
  };
  await walk(dir, '');
  return files;
}
