/**
 * WXML and external WXS compiled with glass-easel's template compiler (wasm, runs in Node).
 * One `TmplGroup` holds the whole package so `<import>`/`<include>`/`<wxs src>` resolve
 * across files; each template is then emitted on its own so a page chunk carries only
 * the templates it uses.
 */
import { createRequire } from 'node:module';
import type { Diagnostic } from '../shared/manifest.ts';

interface TmplGroupInstance {
  addTmpl(path: string, source: string): unknown;
  addScript(path: string, source: string): void;
  getDirectDependencies(path: string): string[];
  getScriptDependencies(path: string): string[];
  getTmplGenObject(path: string): string;
  getRuntimeString(): string;
  free(): void;
}

interface TemplateParseError {
  isError: boolean;
  level: string;
  message: string;
  path: string;
  startLine: number;
  startColumn: number;
}

// The compiler is a CommonJS wasm-bindgen build; loading it through createRequire keeps
// its synchronous wasm instantiation from disk.
const require = createRequire(import.meta.url);
const { TmplGroup } = require('glass-easel-template-compiler') as {
  TmplGroup: new () => TmplGroupInstance;
};

export interface CompiledTemplates {
  /** Template path (no extension) → generated template object source. */
  templates: Map<string, string>;
  /** Template path → template paths it imports or includes. */
  templateDeps: Map<string, string[]>;
  /** Template path → WXS module paths (no extension) it loads with `<wxs src>`. */
  scriptDeps: Map<string, string[]>;
  /** WXS path (no extension) → `require` spec → WXS path. */
  wxsDeps: Map<string, Record<string, string>>;
  /** Template path → first fatal error. */
  errors: Map<string, Diagnostic>;
  runtime: string;
}

const WXS_REQUIRE_RE = /\brequire\(\s*(['"])([^'"]+)\1\s*\)/g;

export function compileTemplates(
  wxml: ReadonlyMap<string, string>,
  wxs: ReadonlyMap<string, string>,
  resolveWxs: (from: string, spec: string) => string,
): CompiledTemplates {
  const group = new TmplGroup();
  try {
    const result: CompiledTemplates = {
      templates: new Map(),
      templateDeps: new Map(),
      scriptDeps: new Map(),
      wxsDeps: new Map(),
      errors: new Map(),
      runtime: '',
    };
    for (const [path, source] of wxs) {
      group.addScript(path, source);
      const deps: Record<string, string> = {};
      for (const m of source.matchAll(WXS_REQUIRE_RE)) deps[m[2]!] = resolveWxs(path, m[2]!);
      result.wxsDeps.set(path, deps);
    }
    for (const [path, source] of wxml) {
      const reported = group.addTmpl(path, source) as TemplateParseError[];
      const fatal = reported.find((e) => e.isError);
      if (fatal) {
        result.errors.set(path, {
          file: `${path}.wxml`,
          line: fatal.startLine + 1,
          column: fatal.startColumn + 1,
          message: fatal.message,
        });
      }
    }
    // The helper preamble depends on what was compiled, so it is read after every template is in.
    result.runtime = group.getRuntimeString();
    for (const path of wxml.keys()) {
      if (result.errors.has(path)) continue;
      result.templates.set(path, group.getTmplGenObject(path));
      result.templateDeps.set(path, [...group.getDirectDependencies(path)]);
      result.scriptDeps.set(path, [...group.getScriptDependencies(path)]);
    }
    return result;
  } finally {
    group.free();
  }
}
