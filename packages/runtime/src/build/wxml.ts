/**
 * WXML and external WXS compiled with glass-easel's template compiler (wasm, runs in Node).
 * One `TmplGroup` holds the whole package so `<import>`/`<include>`/`<wxs src>` resolve
 * across files; each template is then emitted on its own so a page chunk carries only
 * the templates it uses.
 */
import { createRequire } from 'node:module';
import { SLOT_FILLED_FIELD } from '../shared/chunk.ts';
import type { Diagnostic } from '../shared/manifest.ts';
import { defaultBuildLimits, refuseBuild } from './limits.ts';

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
const compilerPath = require.resolve('glass-easel-template-compiler');

/**
 * A compiler with its own wasm instance. A trap inside the wasm (its stack overflowing, say)
 * leaves that instance's memory unusable, and the module caches its instance, so each build
 * evaluates the module afresh (about 10 ms): one upload's failure cannot reach the next build.
 */
function freshCompiler(): new () => TmplGroupInstance {
  delete require.cache[compilerPath];
  try {
    return (require(compilerPath) as { TmplGroup: new () => TmplGroupInstance }).TmplGroup;
  } finally {
    // Others requiring the compiler (the builtin templates) get their own copy, not this one.
    delete require.cache[compilerPath];
  }
}

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
  /** Templates whose `<slot>`s have fallback content (the frame tracks which slots are filled). */
  slotFallbacks: Set<string>;
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

/**
 * `<slot name="x">fallback</slot>` (fallback content, which glass-easel's compiler rejects)
 * → `<slot name="x"></slot><block wx:if="{{!__wxSlotFilled['x']}}">fallback</block>`: the
 * fallback renders right where the slot is, while the frame reports the slot empty. `error`
 * points at the slot's first child. A slot whose name is bound (`name="{{n}}"`) keeps only the
 * slot: which fallback applies is not known at build time.
 */
export function moveSlotFallback(source: string, error: TemplateParseError): string | undefined {
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
    if (depth !== 0) continue;
    const startTag = source.slice(open, tagEnd);
    const closeEnd = m.index + m[0].length;
    const name = /\sname\s*=\s*(["'])([^"']*)\1/.exec(startTag)?.[2] ?? '';
    if (name.includes('{{')) return source.slice(0, tagEnd) + source.slice(m.index);
    const fallback = source.slice(tagEnd, m.index);
    const condition = `{{!${SLOT_FILLED_FIELD}[${JSON.stringify(name).replace(/"/g, "'")}]}}`;
    return `${source.slice(0, tagEnd)}</slot><block wx:if="${condition}">${fallback}</block>${source.slice(closeEnd)}`;
  }
  return undefined;
}

const WXS_REQUIRE_RE = /\brequire\(\s*(['"])([^'"]+)\1\s*\)/g;

/**
 * The deepest element nesting in a WXML source and the line where it is first reached.
 * A light tag scan, not a parser: comments, `{{ }}` expressions, quoted attribute values and
 * `<wxs>` bodies are skipped so that a `<` inside them is not taken for a tag. glass-easel
 * closes nothing implicitly (an unclosed `<input>` is an error), so every start tag that is
 * not `/>` counts until its end tag.
 */
export function templateDepth(
  source: string,
  stopAbove = Number.POSITIVE_INFINITY,
): { depth: number; line: number } {
  let depth = 0;
  let max = 0;
  let maxLine = 1;
  let line = 1;
  let i = 0;
  const n = source.length;
  const skipTo = (end: string, from: number): number => {
    const at = source.indexOf(end, from);
    const stop = at < 0 ? n : at + end.length;
    for (let k = from; k < stop; k++) if (source.charCodeAt(k) === 10) line++;
    return stop;
  };
  while (i < n) {
    const ch = source.charCodeAt(i);
    if (ch === 10) {
      line++;
      i++;
    } else if (source.startsWith('{{', i)) {
      i = skipTo('}}', i + 2);
    } else if (ch !== 60 /* < */) {
      i++;
    } else if (source.startsWith('<!--', i)) {
      i = skipTo('-->', i + 4);
    } else if (source.charCodeAt(i + 1) === 47 /* / */) {
      depth = Math.max(0, depth - 1);
      i = skipTo('>', i + 2);
    } else if (/[A-Za-z]/.test(source.charAt(i + 1))) {
      const tagLine = line;
      const name = /^[A-Za-z][\w:.-]*/.exec(source.slice(i + 1, i + 65))?.[0] ?? '';
      let k = i + 1 + name.length;
      let selfClosing = false;
      for (; k < n; k++) {
        const c = source.charCodeAt(k);
        if (c === 10) line++;
        else if (c === 34 || c === 39) {
          const close = source.indexOf(source.charAt(k), k + 1);
          const stop = close < 0 ? n : close;
          for (let m = k + 1; m < stop; m++) if (source.charCodeAt(m) === 10) line++;
          k = stop;
        } else if (c === 62 /* > */) {
          selfClosing = source.charCodeAt(k - 1) === 47;
          break;
        }
      }
      i = k + 1;
      if (selfClosing) continue;
      if (name.toLowerCase() === 'wxs') {
        i = skipTo('</', i);
        i = skipTo('>', i);
        continue;
      }
      depth++;
      if (depth > max) {
        max = depth;
        maxLine = tagLine;
        if (max > stopAbove) break;
      }
    } else {
      i++;
    }
  }
  return { depth: max, line: maxLine };
}

function checkDepth(path: string, source: string, maxDepth: number): void {
  const { depth, line } = templateDepth(source, maxDepth);
  if (depth <= maxDepth) return;
  refuseBuild({
    rule: 'wxml_too_deep',
    file: `${path}.wxml`,
    line,
    message: `elements nest more than ${maxDepth} levels deep here`,
    messageZh: `此处元素嵌套超过 ${maxDepth} 层`,
  });
}

export function compileTemplates(
  wxml: ReadonlyMap<string, string>,
  wxs: ReadonlyMap<string, string>,
  resolveWxs: (from: string, spec: string) => string,
  maxDepth = defaultBuildLimits.maxTemplateDepth,
): CompiledTemplates {
  for (const [path, source] of wxml) checkDepth(path, source, maxDepth);
  const TmplGroup = freshCompiler();
  // The file being compiled when the compiler fails is the one the refusal names.
  let current = { file: '', line: 1 };
  let group: TmplGroupInstance;
  try {
    group = new TmplGroup();
  } catch (error) {
    return compilerFailed(current, error);
  }
  try {
    const result: CompiledTemplates = {
      templates: new Map(),
      templateDeps: new Map(),
      scriptDeps: new Map(),
      wxsDeps: new Map(),
      errors: new Map(),
      slotFallbacks: new Set(),
      runtime: '',
    };
    for (const [path, source] of wxs) {
      current = { file: `${path}.wxs`, line: 1 };
      group.addScript(path, source);
      const deps: Record<string, string> = {};
      for (const m of source.matchAll(WXS_REQUIRE_RE)) deps[m[2]!] = resolveWxs(path, m[2]!);
      result.wxsDeps.set(path, deps);
    }
    for (const [path, original] of wxml) {
      current = { file: `${path}.wxml`, line: 1 };
      let source = original;
      let reported = group.addTmpl(path, source) as TemplateParseError[];
      let fatal = reported.find((e) => e.isError);
      // glass-easel's compiler rejects children of `<slot>` (fallback content, which published
      // libraries such as TDesign write); they move beside the slot and the template is compiled again.
      for (let tries = 0; fatal && tries < 100; tries++) {
        const moved = moveSlotFallback(source, fatal);
        if (moved === undefined) break;
        source = moved;
        result.slotFallbacks.add(path);
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
    current = { file: '', line: 1 };
    result.runtime = group.getRuntimeString();
    for (const path of wxml.keys()) {
      if (result.errors.has(path)) continue;
      current = { file: `${path}.wxml`, line: 1 };
      result.templates.set(path, group.getTmplGenObject(path));
      result.templateDeps.set(path, [...group.getDirectDependencies(path)]);
      result.scriptDeps.set(path, [...group.getScriptDependencies(path)]);
    }
    return result;
  } catch (error) {
    return compilerFailed(current, error);
  } finally {
    try {
      group.free();
    } catch {
      // A trapped instance may fail to free; it is dropped with its module anyway.
    }
  }
}

/** The compiler threw (a wasm trap or stack overflow, not a template error): refuse the package. */
function compilerFailed(at: { file: string; line: number }, error: unknown): never {
  // A wasm trap's message ends in the wasm's own code address, which means nothing to a developer.
  const raw = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
  const detail = raw.replace(/wasm:\/\/\S*/g, '').trim();
  refuseBuild({
    rule: 'wxml_compiler_failed',
    file: at.file,
    line: at.line,
    message: `the WXML compiler failed on this file (${detail}); simplify it (deep nesting or very long expressions)`,
    messageZh: `WXML 编译器处理此文件时失败（${detail}）；请简化（嵌套过深或表达式过长）`,
  });
}
