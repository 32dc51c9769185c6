import yazl from 'yazl';

/** Test helpers: build zips with yazl (the packer's library) and damage them on purpose. */

export interface FixtureEntry {
  path: string;
  data?: string | Uint8Array;
  mode?: number;
  compress?: boolean;
  directory?: boolean;
}

export function makeZip(entries: FixtureEntry[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const mtime = new Date(Date.UTC(2020, 0, 1));
  for (const entry of entries) {
    if (entry.directory) {
      zip.addEmptyDirectory(entry.path, { mtime });
      continue;
    }
    const data = typeof entry.data === 'string' ? Buffer.from(entry.data) : Buffer.from(entry.data ?? '');
    zip.addBuffer(data, entry.path, {
      mtime,
      mode: entry.mode ?? 0o100644,
      compress: entry.compress ?? true,
    });
  }
  zip.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

/** Replaces every occurrence of a name with another of the same byte length. */
export function renameInZip(zip: Buffer, from: string, to: string): Buffer {
  const a = Buffer.from(from);
  const b = Buffer.from(to);
  if (a.length !== b.length) throw new Error('names must have the same byte length');
  const out = Buffer.from(zip);
  for (let i = out.indexOf(a); i !== -1; i = out.indexOf(a, i + 1)) b.copy(out, i);
  return out;
}

const localSignature = 0x04034b50;
const centralSignature = 0x02014b50;

/** Calls `edit` with the offset of every local and central header (fixtures keep data free of signatures). */
export function editHeaders(
  zip: Buffer,
  edit: (out: Buffer, at: number, kind: 'local' | 'central') => void,
): Buffer {
  const out = Buffer.from(zip);
  for (let i = 0; i + 4 <= out.length; i++) {
    const signature = out.readUInt32LE(i);
    if (signature === localSignature) edit(out, i, 'local');
    if (signature === centralSignature) edit(out, i, 'central');
  }
  return out;
}

export function setEncryptedFlag(zip: Buffer): Buffer {
  return editHeaders(zip, (out, at, kind) => {
    const flags = at + (kind === 'local' ? 6 : 8);
    out.writeUInt16LE(out.readUInt16LE(flags) | 0x1, flags);
  });
}

export function setCompressionMethod(zip: Buffer, method: number): Buffer {
  return editHeaders(zip, (out, at, kind) => out.writeUInt16LE(method, at + (kind === 'local' ? 8 : 10)));
}

/** Lies about the inflated size in both headers, as a zip bomb would. */
export function setDeclaredSize(zip: Buffer, size: number): Buffer {
  return editHeaders(zip, (out, at, kind) => out.writeUInt32LE(size, at + (kind === 'local' ? 22 : 24)));
}
