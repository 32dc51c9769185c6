import { crc32 } from 'node:zlib';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { unsafePathRefusal } from './package-paths.ts';
import { type PackageRefusal, refuse } from './refusal.ts';

/**
 * Reads an uploaded zip into memory, refusing anything that could escape the package or
 * exhaust the server. yauzl reads the central directory (the authoritative list, not
 * the local headers a crafted file can disagree with), refuses entries whose inflated
 * size differs from the declared one, and streams each entry, so we can count the
 * bytes actually produced and stop the moment a limit is passed.
 */

export interface ZipLimits {
  /** Entries in the central directory, directories included. */
  maxEntries: number;
  /** Bytes after inflating, counted as they are produced. */
  maxTotalBytes: number;
  /** Inflated / compressed size of one entry, checked once it passes ratioFloorBytes. */
  maxRatio: number;
}

export const defaultZipLimits: ZipLimits = {
  maxEntries: 20_000,
  maxTotalBytes: 20 * 1024 * 1024,
  maxRatio: 100,
};

/** Small files compress in odd ways; the ratio is only meaningful for large ones. */
const ratioFloorBytes = 1024 * 1024;

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;

export type ReadZipResult =
  | { ok: true; files: Map<string, Uint8Array> }
  | { ok: false; refusals: PackageRefusal[] };

export async function readZip(zip: Buffer, limits: Partial<ZipLimits> = {}): Promise<ReadZipResult> {
  const limit = { ...defaultZipLimits, ...limits };
  let zipfile: ZipFile;
  try {
    zipfile = await yauzl.fromBufferPromise(zip, {
      lazyEntries: true,
      // We decode names ourselves so that a bad name becomes a refusal naming it,
      // instead of yauzl's error that stops the whole read.
      decodeStrings: false,
      validateEntrySizes: true,
    });
  } catch (error) {
    return { ok: false, refusals: [malformed('', error)] };
  }
  try {
    return await readEntries(zipfile, limit);
  } catch (error) {
    return { ok: false, refusals: [malformed('', error)] };
  } finally {
    zipfile.close();
  }
}

async function readEntries(zipfile: ZipFile, limit: ZipLimits): Promise<ReadZipResult> {
  if (zipfile.entryCount > limit.maxEntries) return fail([tooManyEntries(zipfile.entryCount, limit)]);
  const files = new Map<string, Uint8Array>();
  const seen = new Set<string>();
  const refusals: PackageRefusal[] = [];
  let declaredBytes = 0;
  let inflatedBytes = 0;

  for await (const entry of zipfile.eachEntry()) {
    const name = yauzl.getFileNameLowLevel(
      entry.generalPurposeBitFlag,
      entry.fileNameRaw,
      entry.extraFields,
      true,
    );
    const isDirectory = name.endsWith('/') || fileType(entry) === S_IFDIR;
    const path = name.endsWith('/') ? name.slice(0, -1) : name;

    // Repeated directory entries are harmless; a repeated file would make one path mean two contents.
    const problem =
      entryRefusal(path, entry) ?? (!isDirectory && seen.has(path) ? duplicate(path) : undefined);
    if (!isDirectory) seen.add(path);
    if (problem) {
      refusals.push(problem);
      continue;
    }
    if (isDirectory) continue;

    declaredBytes += entry.uncompressedSize;
    if (declaredBytes > limit.maxTotalBytes) return fail([...refusals, tooLarge(path, limit.maxTotalBytes)]);
    // Once something is refused the upload fails anyway; keep listing names, skip inflating.
    if (refusals.length > 0) continue;

    const read = await inflate(zipfile, entry, path, inflatedBytes, limit);
    if (!read.ok) return fail([read.refusal]);
    inflatedBytes += read.bytes.byteLength;
    files.set(path, read.bytes);
  }
  return refusals.length > 0 ? fail(refusals) : { ok: true, files };
}

function entryRefusal(path: string, entry: Entry): PackageRefusal | undefined {
  const unsafe = unsafePathRefusal(path);
  if (unsafe) return unsafe;
  const type = fileType(entry);
  if (type === S_IFLNK) {
    return refuse(
      path,
      'symlink_not_allowed',
      `"${path}" is a symbolic link; packages hold only regular files.`,
      `“${path}”是符号链接；代码包只能包含普通文件。`,
    );
  }
  if (type !== 0 && type !== S_IFREG && type !== S_IFDIR) {
    return refuse(
      path,
      'special_file_not_allowed',
      `"${path}" is a device, pipe or socket; packages hold only regular files.`,
      `“${path}”是设备、管道或套接字文件；代码包只能包含普通文件。`,
    );
  }
  if (entry.isEncrypted()) {
    return refuse(
      path,
      'entry_encrypted',
      `"${path}" is encrypted; upload a zip without a password.`,
      `“${path}”已加密；请上传未设置密码的压缩包。`,
    );
  }
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
    return refuse(
      path,
      'compression_not_supported',
      `"${path}" uses compression method ${entry.compressionMethod}; only stored and deflate are supported.`,
      `“${path}”使用了不支持的压缩方式（${entry.compressionMethod}），仅支持存储和 deflate。`,
    );
  }
  return undefined;
}

function duplicate(path: string): PackageRefusal {
  return refuse(
    path,
    'path_duplicate',
    `"${path}" appears more than once in the zip.`,
    `“${path}”在压缩包中出现了不止一次。`,
  );
}

/** The unix file type from the high half of the external attributes; 0 when absent. */
function fileType(entry: Entry): number {
  return (entry.externalFileAttributes >>> 16) & S_IFMT;
}

type Inflated = { ok: true; bytes: Uint8Array } | { ok: false; refusal: PackageRefusal };

async function inflate(
  zipfile: ZipFile,
  entry: Entry,
  path: string,
  inflatedSoFar: number,
  limit: ZipLimits,
): Promise<Inflated> {
  let read: Inflated;
  try {
    const stream = await zipfile.openReadStreamPromise(entry);
    read = await collectEntry(
      stream as AsyncIterable<Buffer>,
      path,
      entry.compressedSize,
      inflatedSoFar,
      limit,
    );
  } catch (error) {
    return { ok: false, refusal: malformed(path, error) };
  }
  if (read.ok && crc32(read.bytes) !== entry.crc32) {
    return { ok: false, refusal: malformed(path, new Error('CRC-32 does not match the contents')) };
  }
  return read;
}

/**
 * Collects one entry's inflated bytes, counting them as they arrive and stopping the moment the
 * package's total or the entry's ratio is passed. Through `readZip` the total is also guarded
 * twice before this: declared sizes are summed before anything is inflated, and yauzl ends an
 * entry that inflates past its declared size. This count is the guard that does not trust
 * either (a yauzl change, an option turned off): it holds on bytes actually produced.
 */
export async function collectEntry(
  stream: AsyncIterable<Buffer>,
  path: string,
  compressedSize: number,
  inflatedSoFar: number,
  limit: ZipLimits,
): Promise<Inflated> {
  const chunks: Buffer[] = [];
  let size = 0;
  // Leaving the loop early destroys the stream, which stops inflating.
  for await (const chunk of stream) {
    size += chunk.length;
    if (inflatedSoFar + size > limit.maxTotalBytes) {
      return { ok: false, refusal: tooLarge(path, limit.maxTotalBytes) };
    }
    if (size > ratioFloorBytes && size > limit.maxRatio * Math.max(compressedSize, 1)) {
      return { ok: false, refusal: ratioTooHigh(path, limit.maxRatio) };
    }
    chunks.push(chunk);
  }
  return { ok: true, bytes: new Uint8Array(Buffer.concat(chunks, size)) };
}

function fail(refusals: PackageRefusal[]): ReadZipResult {
  return { ok: false, refusals };
}

function malformed(file: string, error: unknown): PackageRefusal {
  const detail = error instanceof Error ? error.message : String(error);
  const where = file ? ` at "${file}"` : '';
  const whereZh = file ? `（“${file}”处）` : '';
  return refuse(
    file,
    'zip_malformed',
    `The upload is not a readable zip${where}: ${detail}.`,
    `上传的文件不是有效的 zip 压缩包${whereZh}：${detail}。`,
  );
}

function tooManyEntries(count: number, limit: ZipLimits): PackageRefusal {
  return refuse(
    '',
    'zip_too_many_entries',
    `The zip has ${count} entries; at most ${limit.maxEntries} are allowed.`,
    `压缩包包含 ${count} 个条目，最多允许 ${limit.maxEntries} 个。`,
  );
}

function tooLarge(file: string, maxTotalBytes: number): PackageRefusal {
  return refuse(
    file,
    'zip_too_large',
    `The zip unpacks to more than ${maxTotalBytes} bytes; stopped at "${file}".`,
    `压缩包解压后超过 ${maxTotalBytes} 字节，在“${file}”处停止。`,
  );
}

function ratioTooHigh(file: string, maxRatio: number): PackageRefusal {
  return refuse(
    file,
    'zip_ratio_too_high',
    `"${file}" inflates more than ${maxRatio} times its compressed size; this looks like a zip bomb.`,
    `“${file}”解压后超过压缩大小的 ${maxRatio} 倍，疑似压缩炸弹。`,
  );
}
