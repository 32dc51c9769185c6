import { type PackageRefusal, refuse } from './refusal.ts';

/**
 * File types a package may hold. WeChat uploads only an allow-list of suffixes besides
 * the compiled js/json/wxml/wxss (its "code structure" guide); we follow it, adding
 * what its later base libraries accept (webp, fonts, wxs) and leaving out what our
 * browser runtime has no use for: client certificates (cer), WXWebAssembly (wasm, br),
 * and sources that must be compiled first (ts, less, scss).
 */
export const allowedExtensions: ReadonlySet<string> = new Set([
  // code and configuration
  'js',
  'json',
  'wxml',
  'wxss',
  'wxs',
  // images
  'png',
  'jpg',
  'jpeg',
  'gif',
  'svg',
  'webp',
  // fonts
  'ttf',
  'otf',
  'woff',
  'woff2',
  // audio and video
  'mp3',
  'aac',
  'm4a',
  'wav',
  'ogg',
  'silk',
  'mp4',
]);

export const maxPathLength = 512;

export function extensionOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot + 1).toLowerCase();
}

export function isAllowedFileType(path: string): boolean {
  return allowedExtensions.has(extensionOf(path));
}

/**
 * Structural safety of a path inside an archive: relative, '/'-separated, no '.' or
 * '..' segments, nothing a filesystem on any platform would read differently.
 * Returns a refusal naming the path, or undefined when the path is safe.
 */
export function unsafePathRefusal(path: string): PackageRefusal | undefined {
  const bad = (why: string, whyZh: string) =>
    refuse(
      path,
      'path_not_allowed',
      `Path "${path}" is not allowed: ${why}.`,
      `路径“${path}”不允许：${whyZh}。`,
    );
  if (path === '') return bad('it is empty', '路径为空');
  if (path.length > maxPathLength)
    return bad(`longer than ${maxPathLength} characters`, `超过 ${maxPathLength} 个字符`);
  if (path.startsWith('/')) return bad('absolute paths are not allowed', '不能使用绝对路径');
  if (path.includes('\\')) return bad('backslashes are not allowed, use "/"', '不能包含反斜杠，请使用“/”');
  if (path.includes(':')) return bad('drive letters and ":" are not allowed', '不能包含盘符或“:”');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(path))
    return bad('control characters are not allowed', '不能包含控制字符');
  for (const segment of path.split('/')) {
    if (segment === '') return bad('empty path segment ("//" or a trailing "/")', '包含空的路径段');
    if (segment === '.' || segment === '..')
      return bad('"." and ".." segments are not allowed', '不能包含“.”或“..”');
  }
  return undefined;
}

/**
 * What is not part of a package even when the path is safe: dotfiles and
 * node_modules (npm components belong in miniprogram_npm), and files off the allow-list.
 */
export function contentPathRefusal(path: string): PackageRefusal | undefined {
  const segments = path.split('/');
  if (segments.some((s) => s.startsWith('.'))) {
    return refuse(
      path,
      'hidden_file_not_allowed',
      `"${path}" is a hidden file or folder; dotfiles are not part of a package.`,
      `“${path}”是隐藏文件或目录，代码包不能包含以“.”开头的文件。`,
    );
  }
  if (segments.includes('node_modules')) {
    return refuse(
      path,
      'node_modules_not_allowed',
      `"${path}" is inside node_modules; build npm packages into miniprogram_npm instead.`,
      `“${path}”位于 node_modules 中；请先构建 npm，使用 miniprogram_npm。`,
    );
  }
  if (!isAllowedFileType(path)) {
    const ext = extensionOf(path) || '(none)';
    return refuse(
      path,
      'file_type_not_allowed',
      `"${path}": file type "${ext}" is not allowed in a package.`,
      `“${path}”：代码包不允许“${ext}”类型的文件。`,
    );
  }
  return undefined;
}
