/**
 * Resolving `usingComponents` the way WeChat's compiler does: "/a/b" from the package
 * root; "./a" and "../a" from the folder of the JSON that names it; a bare "a/b" first
 * from that folder, then as an npm component in the nearest `miniprogram_npm` walking up
 * to the root (WeChat's "npm support" guide). A component is found when `<path>.js` and
 * `<path>.json` exist, or the same under `<path>/index` (a bare package name).
 */

export interface ComponentLookup {
  has(path: string): boolean;
}

/** Specs that name something outside the package: plugins and extended libraries. */
export function isExternalComponent(spec: string, extendedLibs: ReadonlySet<string>): boolean {
  if (spec.startsWith('plugin://') || spec.startsWith('plugin-private://')) return true;
  return extendedLibs.has(spec.split('/')[0] ?? '');
}

/** Returns the component's path without extension, or undefined when nothing matches. */
export function resolveComponent(files: ComponentLookup, fromJson: string, spec: string): string | undefined {
  const folder = parentOf(fromJson);
  const bases: (string | undefined)[] = [];
  if (spec.startsWith('/')) {
    bases.push(normalise('', spec.slice(1)));
  } else if (spec.startsWith('./') || spec.startsWith('../')) {
    bases.push(normalise(folder, spec));
  } else {
    bases.push(normalise(folder, spec));
    for (
      let dir: string | undefined = folder;
      dir !== undefined;
      dir = dir === '' ? undefined : parentOf(dir)
    ) {
      bases.push(normalise(dir, `miniprogram_npm/${spec}`));
    }
  }
  for (const base of bases) {
    if (base === undefined) continue;
    for (const candidate of [base, `${base}/index`]) {
      if (files.has(`${candidate}.js`) && files.has(`${candidate}.json`)) return candidate;
    }
  }
  return undefined;
}

export function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

/** Joins and removes '.' and '..'; undefined when the result would leave the package. */
export function normalise(folder: string, relative: string): string | undefined {
  const out: string[] = folder === '' ? [] : folder.split('/');
  for (const segment of relative.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (out.length === 0) return undefined;
      out.pop();
    } else {
      out.push(segment);
    }
  }
  return out.length === 0 ? undefined : out.join('/');
}
