/**
 * WXS is not quite JavaScript; the build rewrites the two places where running it as JS would
 * give a different answer:
 * - `x.constructor` yields a type name string ('Array', 'Object', …), which libraries rely on
 *   (Vant's `array.isArray` is `array.constructor === 'Array'`). That access becomes a
 *   symbol-keyed getter the frame defines.
 * - In a string literal, a backslash before a character with no escape meaning stays in the
 *   string: WXS `'\d'` is the two characters `\d`, where JavaScript drops the backslash. WeChat's
 *   compiler emits such a backslash as `\x5c` (Vant's add-unit.wxs compiles to
 *   `getRegExp('^-?\x5cd+(\x5c.\x5cd+)?$')`), while `\n`, `\t`, `\'`, `\\`, `\xHH`, `\uHHHH` keep
 *   their JavaScript meaning. Without this, every `getRegExp('\d…')` pattern loses its classes.
 * Comments and code outside strings are left alone (apart from the `.constructor` rewrite).
 */
export const WXS_CTOR_GLOBAL = '__wxsConstructor';

/** Escapes after `\` that mean something in a JS string (line continuations included). */
const MEANINGFUL_ESCAPE =
  /^(?:['"\\bfnrtv\n\r\u2028\u2029]|0(?![0-9])|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|u\{[0-9a-fA-F]+\})/;

/** A string literal's body with WXS's escape rule: unknown escapes keep their backslash. */
function keepUnknownEscapes(body: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const rest = body.slice(i + 1, i + 12);
    const known = MEANINGFUL_ESCAPE.exec(rest);
    if (known) {
      out += `\\${known[0]}`;
      i += known[0].length;
    } else {
      // `\d` → `\\d`: the string holds a real backslash, as in WXS.
      out += '\\\\';
    }
  }
  return out;
}

const rewriteCode = (code: string): string =>
  code.replace(/\.constructor\b(?!\s*\()/g, `[${WXS_CTOR_GLOBAL}]`);

/**
 * Splits WXS source into code, comments and string literals (WXS has no regex or template
 * literals: patterns come from `getRegExp`) and rewrites each part.
 */
export function rewriteWxsSource(source: string): string {
  let out = '';
  let code = '';
  let i = 0;
  const flush = () => {
    out += rewriteCode(code);
    code = '';
  };
  while (i < source.length) {
    const ch = source[i]!;
    const next = source[i + 1];
    if (ch === '/' && (next === '/' || next === '*')) {
      const end = next === '/' ? source.indexOf('\n', i) : source.indexOf('*/', i + 2);
      const stop = end < 0 ? source.length : next === '/' ? end : end + 2;
      flush();
      out += source.slice(i, stop);
      i = stop;
    } else if (ch === "'" || ch === '"') {
      let j = i + 1;
      while (j < source.length && source[j] !== ch && source[j] !== '\n') j += source[j] === '\\' ? 2 : 1;
      flush();
      out += ch + keepUnknownEscapes(source.slice(i + 1, Math.min(j, source.length))) + (source[j] ?? '');
      i = j + 1;
    } else {
      code += ch;
      i++;
    }
  }
  flush();
  return out;
}

/** Applies the rewrite to inline `<wxs>` blocks of a WXML file. */
export function rewriteInlineWxs(wxml: string): string {
  return wxml.replace(
    /(<wxs\b[^>]*>)([\s\S]*?)(<\/wxs>)/g,
    (_m, open: string, body: string, close: string) => open + rewriteWxsSource(body) + close,
  );
}
