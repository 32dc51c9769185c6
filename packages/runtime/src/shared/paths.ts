/**
 * Package-relative path helpers shared by the build (Node) and the frame (browser).
 * Paths inside a mini program package never start with a slash here: `pages/index/index`.
 */

/** Collapses `.` and `..` segments; leading slashes are dropped (package root). */
export function normalizePath(path: string): string {
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') out.pop();
    else out.push(segment);
  }
  return out.join('/');
}

export function dirname(path: string): string {
  const index = path.lastIndexOf('/');
  return index < 0 ? '' : path.slice(0, index);
}

/** Resolves `spec` as WeChat does for relative (`./`, `../`, bare) and absolute (`/`) references. */
export function resolveFrom(fromFile: string, spec: string): string {
  if (spec.startsWith('/')) return normalizePath(spec);
  const base = dirname(fromFile);
  return normalizePath(base === '' ? spec : `${base}/${spec}`);
}

export function stripExtension(path: string, extension: string): string {
  return path.endsWith(extension) ? path.slice(0, -extension.length) : path;
}

/**
 * Directories searched for `miniprogram_npm` packages, nearest first, the way the
 * WeChat devtools resolve `require('pkg')` and `usingComponents: { x: 'pkg/comp' }`.
 */
export function npmSearchRoots(fromFile: string): string[] {
  const roots: string[] = [];
  let dir = dirname(fromFile);
  for (;;) {
    roots.push(dir === '' ? 'miniprogram_npm' : `${dir}/miniprogram_npm`);
    if (dir === '') break;
    dir = dirname(dir);
  }
  return roots;
}

/**
 * Candidate module files for a `require` spec, in the order WeChat tries them:
 * the path relative to the file (with `.js` and `/index.js` fallbacks), then npm packages.
 */
export function requireCandidates(fromFile: string, spec: string): string[] {
  const withJs = (p: string) => (p.endsWith('.js') ? [p, `${p}/index.js`] : [`${p}.js`, p, `${p}/index.js`]);
  const relative = withJs(resolveFrom(fromFile, spec));
  if (spec.startsWith('.') || spec.startsWith('/')) return relative;
  const npm = npmSearchRoots(fromFile).flatMap((root) => withJs(normalizePath(`${root}/${spec}`)));
  return [...relative, ...npm];
}

/** Candidate component paths (without extension) for a `usingComponents` value. */
export function componentCandidates(fromFile: string, spec: string): string[] {
  const relative = resolveFrom(fromFile, spec);
  const base = [relative, `${relative}/index`];
  if (spec.startsWith('.') || spec.startsWith('/')) return base;
  const npm = npmSearchRoots(fromFile).flatMap((root) => {
    const p = normalizePath(`${root}/${spec}`);
    return [p, `${p}/index`];
  });
  return [...base, ...npm];
}
