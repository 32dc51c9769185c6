/**
 * Prepares one mini program JS file for wrapping: checks its syntax, turns ES module syntax
 * into CommonJS (the WeChat devtools do the same), and lists its static `require` specs.
 */
import { transform } from 'esbuild';
import type { Diagnostic } from '../shared/manifest.ts';

export interface PreparedModule {
  code: string;
  requires: string[];
  error?: Diagnostic;
}

const REQUIRE_RE = /\brequire\(\s*(['"])([^'"\n]+)\1\s*\)/g;
// Also matches mid-line (`…;export default x`), as in minified library files; a false
// positive only costs exact line numbers, since a CommonJS file passes through the transform.
const ESM_RE =
  /(?:^|[^\w$.])(?:import\s*(?:[\w$]+\s*(?:,|from\b)|[{*'"])|export\s*(?:[{*]|(?:default|const|let|var|function|class|async)\b))/m;

export async function prepareModule(path: string, source: string): Promise<PreparedModule> {
  const isEsm = ESM_RE.test(source);
  try {
    // Kept verbatim when already CommonJS so that run-time line numbers match the source.
    // The CommonJS transform also checks syntax; plain CommonJS is only checked, then kept as written.
    const transformed = await transform(source, {
      loader: 'js',
      sourcefile: path,
      ...(isEsm ? { format: 'cjs' } : {}),
    });
    const code = isEsm ? transformed.code : source;
    const requires = [...code.matchAll(REQUIRE_RE)].map((m) => m[2]!);
    return { code, requires };
  } catch (error) {
    const first = (error as { errors?: Array<{ text: string; location?: { line: number; column: number } }> })
      .errors?.[0];
    const message = first?.text ?? String(error);
    const diagnostic: Diagnostic = {
      file: path,
      line: first?.location?.line ?? 1,
      column: (first?.location?.column ?? 0) + 1,
      message,
    };
    const thrown = JSON.stringify(
      `SyntaxError: ${message} (${path}:${diagnostic.line}:${diagnostic.column})`,
    );
    return { code: `throw new SyntaxError(${thrown});`, requires: [], error: diagnostic };
  }
}
