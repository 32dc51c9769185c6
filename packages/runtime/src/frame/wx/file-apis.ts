/**
 * wx APIs for local files: chooseImage / chooseMedia from the browser's file picker,
 * uploadFile / downloadFile through the host (which checks the domains), and binary
 * `wx.request` responses. Files are `wxfile://` paths over Blobs (temp-files.ts).
 */
import { fromBase64, MAX_TRANSFER_BYTES, toBase64 } from '../../shared/bytes.ts';
import { type ApiArgs, ApiFailure, asyncApi } from './async-api.ts';
import { saveTempFile, tempFile } from './temp-files.ts';

interface Bridge {
  call<T>(api: string, args: Record<string, unknown>): Promise<T>;
}

/** `wx.request` answers with `base64` for `responseType: 'arraybuffer'`; the page gets an ArrayBuffer. */
export function decodeBinaryResponse(response: Record<string, unknown>): Record<string, unknown> {
  if (typeof response.base64 !== 'string') return response;
  const { base64, ...rest } = response;
  const bytes = fromBase64(base64);
  return { ...rest, data: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) };
}

/**
 * Opens the file picker. It must run in the tap's own task (browsers open pickers only on a
 * user gesture), which it does: asyncApi runs the body synchronously up to its first await.
 */
function pickFiles(accept: string, multiple: boolean, camera: boolean): Promise<File[]> {
  return new Promise((resolve, reject) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.multiple = multiple;
    if (camera) input.setAttribute('capture', 'environment');
    input.hidden = true;
    document.body.appendChild(input);
    input.addEventListener('change', () => {
      input.remove();
      resolve([...(input.files ?? [])]);
    });
    input.addEventListener('cancel', () => {
      input.remove();
      reject(new ApiFailure('cancel'));
    });
    input.click();
  });
}

const countOf = (value: unknown, max: number) =>
  typeof value === 'number' && value >= 1 ? Math.min(Math.floor(value), max) : max;
const onlyCamera = (sourceType: unknown) =>
  Array.isArray(sourceType) && sourceType.length > 0 && sourceType.every((s) => s === 'camera');

function videoInfo(url: string): Promise<{ duration: number; width: number; height: number }> {
  return new Promise((resolve) => {
    const video = document.createElement('video');
    video.preload = 'metadata';
    const done = () =>
      resolve({ duration: video.duration || 0, width: video.videoWidth, height: video.videoHeight });
    video.onloadedmetadata = done;
    video.onerror = done;
    video.src = url;
  });
}

/** WeChat's tasks: `abort` and progress listeners (progress is reported once, at the end). */
function task(settled: Promise<unknown>) {
  const progress = new Set<(r: Record<string, number>) => void>();
  settled.then(
    () => {
      for (const listener of progress)
        listener({ progress: 100, totalBytesSent: 0, totalBytesExpectedToSend: 0 });
    },
    () => {},
  );
  return {
    abort: () => {},
    onProgressUpdate: (fn: (r: Record<string, number>) => void) => void progress.add(fn),
    offProgressUpdate: (fn: (r: Record<string, number>) => void) => void progress.delete(fn),
    onHeadersReceived: () => {},
    offHeadersReceived: () => {},
  };
}

const withTask =
  (api: (args?: ApiArgs) => Promise<Record<string, unknown>> | undefined) =>
  (args: ApiArgs = {}) => {
    const { success, fail, complete, ...rest } = args;
    const settled = api(rest) as Promise<Record<string, unknown>>;
    settled.then(
      (result) => {
        success?.(result);
        complete?.(result);
      },
      (failure: { errMsg: string }) => {
        fail?.(failure);
        complete?.(failure);
      },
    );
    if (!success && !fail && !complete) return settled;
    return task(settled);
  };

export function installFileApis(wx: Record<string, unknown>, bridge: Bridge): void {
  wx.chooseImage = asyncApi('chooseImage', async (args) => {
    const files = (await pickFiles('image/*', countOf(args.count, 9) > 1, onlyCamera(args.sourceType))).slice(
      0,
      countOf(args.count, 9),
    );
    if (files.length === 0) throw new ApiFailure('cancel');
    const tempFiles = files.map((file) => ({ path: saveTempFile(file, file.name), size: file.size }));
    return { tempFilePaths: tempFiles.map((f) => f.path), tempFiles };
  });

  wx.chooseMedia = asyncApi('chooseMedia', async (args) => {
    const types = Array.isArray(args.mediaType) ? args.mediaType : ['image', 'video'];
    const accept = [types.includes('image') ? 'image/*' : '', types.includes('video') ? 'video/*' : '']
      .filter(Boolean)
      .join(',');
    if (!accept) throw new ApiFailure('parameter error: mediaType should include image or video');
    const count = countOf(args.count, 9);
    const files = (await pickFiles(accept, count > 1, onlyCamera(args.sourceType))).slice(0, count);
    if (files.length === 0) throw new ApiFailure('cancel');
    const tempFiles = await Promise.all(
      files.map(async (file) => {
        const tempFilePath = saveTempFile(file, file.name);
        if (!file.type.startsWith('video/')) return { tempFilePath, size: file.size, fileType: 'image' };
        const info = await videoInfo(URL.createObjectURL(file));
        return { tempFilePath, size: file.size, fileType: 'video', ...info };
      }),
    );
    const kinds = new Set(tempFiles.map((f) => f.fileType));
    return { tempFiles, type: kinds.size > 1 ? 'mix' : [...kinds][0] };
  });

  wx.downloadFile = withTask(
    asyncApi('downloadFile', async (args) => {
      const answer = await bridge.call<{
        statusCode: number;
        header: Record<string, string>;
        contentType: string;
        base64: string;
      }>('downloadFile', { url: args.url, header: args.header ?? {}, timeout: args.timeout });
      const blob = new Blob([fromBase64(answer.base64)], { type: answer.contentType });
      const name = new URL(String(args.url)).pathname.split('/').pop() ?? '';
      if (typeof args.filePath === 'string' && args.filePath) {
        saveTempFile(blob, name, args.filePath);
        return { filePath: args.filePath, statusCode: answer.statusCode, header: answer.header };
      }
      return { tempFilePath: saveTempFile(blob, name), statusCode: answer.statusCode, header: answer.header };
    }),
  );

  wx.uploadFile = withTask(
    asyncApi('uploadFile', async (args) => {
      const filePath = typeof args.filePath === 'string' ? args.filePath : '';
      const blob = tempFile(filePath);
      if (!blob) throw new ApiFailure(`file not found: ${filePath}`);
      if (blob.size > MAX_TRANSFER_BYTES) throw new ApiFailure('exceed max file size');
      const base64 = toBase64(new Uint8Array(await blob.arrayBuffer()));
      return await bridge.call<Record<string, unknown>>('uploadFile', {
        url: args.url,
        name: args.name,
        header: args.header ?? {},
        formData: args.formData ?? {},
        timeout: args.timeout,
        base64,
        fileName: filePath.split('/').pop()?.replace(/^tmp_/, '') ?? 'file',
        contentType: blob.type || 'application/octet-stream',
      });
    }),
  );
}
