import { zipSync } from 'fflate';
import { type ApiError, errorOf } from '../../lib/api';
import type { Version } from './types';

/** A project's files by their path inside the project (the folder's own name left out). */
export type ProjectFiles = Map<string, Uint8Array>;

/**
 * The files of a dropped folder or picked directory, relative to the folder that holds
 * app.json, so dropping the project folder or its parent's subfolder both work.
 */
export async function filesFromList(
  list: Iterable<File & { webkitRelativePath?: string }>,
): Promise<ProjectFiles> {
  const entries: Array<[string, File]> = [];
  for (const file of list) entries.push([file.webkitRelativePath || file.name, file]);
  const appJson = entries
    .map(([path]) => path)
    .find((path) => path === 'app.json' || path.endsWith('/app.json'));
  const root = appJson ? appJson.slice(0, -'app.json'.length) : '';
  const files: ProjectFiles = new Map();
  for (const [path, file] of entries) {
    if (!path.startsWith(root)) continue;
    const inside = path.slice(root.length);
    // Tools' and VCS folders never belong in a package.
    if (/(^|\/)(\.git|node_modules|\.DS_Store)(\/|$)/.test(inside)) continue;
    files.set(inside, new Uint8Array(await file.arrayBuffer()));
  }
  return files;
}

/** Reads a folder dropped on the page (DataTransfer entries), recursively. */
export async function filesFromDrop(items: DataTransferItemList): Promise<ProjectFiles | File | undefined> {
  const entries = [...items]
    .map((item) => item.webkitGetAsEntry?.())
    .filter((e): e is FileSystemEntry => !!e);
  const single = entries[0];
  if (entries.length === 1 && single?.isFile && single.name.toLowerCase().endsWith('.zip')) {
    return new Promise((resolve) => (single as FileSystemFileEntry).file(resolve, () => resolve(undefined)));
  }
  const collected: Array<File & { webkitRelativePath?: string }> = [];
  async function walk(entry: FileSystemEntry, prefix: string): Promise<void> {
    if (entry.isFile) {
      const file = await new Promise<File>((resolve, reject) =>
        (entry as FileSystemFileEntry).file(resolve, reject),
      );
      collected.push(Object.assign(file, { webkitRelativePath: `${prefix}${entry.name}` }));
      return;
    }
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    for (;;) {
      const batch = await new Promise<FileSystemEntry[]>((resolve, reject) =>
        reader.readEntries(resolve, reject),
      );
      if (batch.length === 0) break;
      for (const child of batch) await walk(child, `${prefix}${entry.name}/`);
    }
  }
  for (const entry of entries) await walk(entry, '');
  return collected.length > 0 ? filesFromList(collected) : undefined;
}

export function zipProject(files: ProjectFiles): Uint8Array {
  return zipSync(Object.fromEntries(files), { level: 6 });
}

/**
 * Sends the zip to the same route `wharf upload` uses. This one request is made with
 * XMLHttpRequest rather than the typed client: fetch reports no upload progress, and a
 * package of megabytes deserves a progress bar. Its answer is still the OpenAPI `Version`.
 */
export function uploadZip(input: {
  appid: string;
  zip: Blob | Uint8Array;
  version: string;
  desc: string;
  csrfToken: string | undefined;
  onProgress(fraction: number): void;
}): Promise<{ version?: Version; error?: ApiError }> {
  return new Promise((resolve) => {
    const query = new URLSearchParams({ version: input.version, desc: input.desc });
    const request = new XMLHttpRequest();
    request.open('POST', `/api/v1/code/${encodeURIComponent(input.appid)}/versions?${query}`);
    request.setRequestHeader('content-type', 'application/zip');
    if (input.csrfToken) request.setRequestHeader('x-csrf-token', input.csrfToken);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) input.onProgress(event.loaded / event.total);
    };
    request.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(request.responseText);
      } catch {}
      if (request.status === 200 || request.status === 201) resolve({ version: body as Version });
      else resolve({ error: errorOf(body) });
    };
    request.onerror = () => resolve({ error: errorOf(undefined) });
    const blob =
      input.zip instanceof Blob ? input.zip : new Blob([input.zip as BlobPart], { type: 'application/zip' });
    request.send(blob);
  });
}
