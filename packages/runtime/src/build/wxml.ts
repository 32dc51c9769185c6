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

export interface TemplateParseError {
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

const SLOT_CHILD_ERROR = 'child nodes are not allowed for this element';

function offsetOf(source: string, line: number, column: number): number {
  let offset = 0;
  for (let i = 0; i < line; i++) {
    const next = source.indexOf('\n', offset);
    if (next < 0) return -1;
    offset = next + 1;
  }
  return offset + column;
}

/** `<slot …>children</slot>` → `<slot …></slot>` when `error` points at the first child. */
export function dropSlotChildren(source: string, error: TemplateParseError): string | undefined {
  if (error.message !== SLOT_CHILD_ERROR) return undefined;
  const at = offsetOf(source, error.startLine, error.startColumn);
  if (at < 0) return undefined;
  // The start tag just before the child: the last `<slot` whose `>` precedes it.
  const before = source.slice(0, at);
  const open = before.search(/<slot(?:\s[^<>]*)?>\s*$/);
  if (open < 0) return undefined;
  const tagEnd = before.indexOf('>', open) + 1;
  // Its matching `</slot>`, counting nested slots.
  const tags = /<slot(?:\s[^<>]*?)?(\/?)>|<\/slot\s*>/g;
  tags.lastIndex = tagEnd;
  let depth = 1;
  for (let m = tags.exec(source); m; m = tags.exec(source)) {
    if (m[0].startsWith('</')) depth--;
    else if (m[1] !== '/') depth++;
    if (depth === 0) return source.slice(0, tagEnd) + source.slice(m.index);
  }
  return undefined;
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
    for (const [path, original] of wxml) {
      let source = original;
      let reported = group.addTmpl(path, source) as TemplateParseError[];
      let fatal = reported.find((e) => e.isError);
      // glass-easel's compiler rejects children of `<slot>` (fallback content, which published
      // libraries such as TDesign write); they are dropped and the template compiled again.
      for (let tries = 0; fatal && tries < 100; tries++) {
        const stripped = dropSlotChildren(source, fatal);
        if (stripped === undefined) break;
        source = stripped;
        reported = group.addTmpl(path, source) as TemplateParseError[];
        fatal = reported.find((e) => e.isError);
      }
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
