/**
 * WXS is not quite JavaScript: `x.constructor` yields a type name string ('Array',
 * 'Object', …), which libraries rely on (Vant's `array.isArray` is
 * `array.constructor === 'Array'`). The build rewrites that access in WXS code to a
 * symbol-keyed getter the frame defines, leaving ordinary JS untouched.
 */
export const WXS_CTOR_GLOBAL = '__wxsConstructor';

export function rewriteWxsSource(source: string): string {
  return source.replace(/\.constructor\b(?!\s*\()/g, `[${WXS_CTOR_GLOBAL}]`);
}

/** Applies the rewrite to inline `<wxs>` blocks of a WXML file. */
export function rewriteInlineWxs(wxml: string): string {
  return wxml.replace(
    /(<wxs\b[^>]*>)([\s\S]*?)(<\/wxs>)/g,
    (_m, open: string, body: string, close: string) => open + rewriteWxsSource(body) + close,
  );
}
