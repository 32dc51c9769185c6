/**
 * Local files as WeChat names them (`wxfile://tmp_…`): what chooseImage / chooseMedia /
 * downloadFile produce and uploadFile, `<image>`, `<video>` and canvases read. They live as
 * Blobs in the frame for as long as it runs, as WeChat's temporary files last a session.
 */
const files = new Map<string, { blob: Blob; url?: string }>();
let next = 1;

const EXTENSIONS: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'video/mp4': 'mp4',
  'audio/mpeg': 'mp3',
  'text/plain': 'txt',
  'application/json': 'json',
};

function extensionOf(blob: Blob, name = ''): string {
  const fromName = /\.([a-z0-9]{1,5})$/i.exec(name)?.[1];
  return (fromName ?? EXTENSIONS[blob.type.split(';')[0] ?? ''] ?? 'bin').toLowerCase();
}

/** Stores `blob` at `path`, or at a new temporary path; returns the path. */
export function saveTempFile(blob: Blob, name?: string, path?: string): string {
  const target = path ?? `wxfile://tmp_${Date.now().toString(36)}${next++}.${extensionOf(blob, name)}`;
  const old = files.get(target);
  if (old?.url) URL.revokeObjectURL(old.url);
  files.set(target, { blob });
  return target;
}

export function tempFile(path: string): Blob | undefined {
  return files.get(path)?.blob;
}

/** A URL the frame's nodes can load (`blob:`), or undefined for a path nothing was saved at. */
export function tempFileUrl(path: string): string | undefined {
  const file = files.get(path);
  if (!file) return undefined;
  file.url ??= URL.createObjectURL(file.blob);
  return file.url;
}
