/**
 * WXSS → CSS: inlines `@import`, converts `rpx` (750rpx = viewport width), and scopes
 * selectors the way WeChat isolates styles:
 * - component styles get the class prefix glass-easel writes for the component's style scope
 *   (`.x` → `.<scope>--x`; the frame fills the scope in);
 * - page styles apply only under that page's root element (`page[wx-route="..."]`);
 * - app.wxss stays global.
 */
import { SCOPE_NAME_PLACEHOLDER, SCOPE_PLACEHOLDER } from '../shared/chunk.ts';
import { renameTypeSelectors } from '../shared/dom-tags.ts';
import type { Diagnostic } from '../shared/manifest.ts';
import { resolveFrom, stripExtension } from '../shared/paths.ts';
import { BuildBudget, defaultBuildLimits, refuseBuild } from './limits.ts';

export type StyleScope = { kind: 'app' } | { kind: 'page'; route: string } | { kind: 'component' };

export interface WxssResult {
  css: string;
  diagnostics: Diagnostic[];
}

const IMPORT_RE = /@import\s+(?:url\(\s*)?(['"])([^'"]+)\1\s*\)?\s*;?/g;

/**
 * Where a file's braces do not pair up: a `}` with nothing open, or a `{` never closed (the
 * innermost one left open, where the author most likely forgot). Strings and comments are
 * skipped. WeChat's compiler refuses such a file; here it is a diagnostic with its line, since a
 * browser would silently drop the rules after it.
 */
export function braceDiagnostics(file: string, source: string): Diagnostic[] {
  const open: { line: number; column: number }[] = [];
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\n') {
      line++;
      lineStart = i + 1;
    } else if (ch === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end === -1 ? source.length : end + 2;
      for (let j = i; j < stop; j++) {
        if (source[j] === '\n') {
          line++;
          lineStart = j + 1;
        }
      }
      i = stop - 1;
    } else if (ch === '"' || ch === "'") {
      let j = i + 1;
      while (j < source.length && source[j] !== ch && source[j] !== '\n') j += source[j] === '\\' ? 2 : 1;
      i = j;
    } else if (ch === '{') open.push({ line, column: i - lineStart + 1 });
    else if (ch === '}') {
      if (open.pop() === undefined) {
        return [{ file, line, column: i - lineStart + 1, message: 'unexpected "}" with no "{" open' }];
      }
    }
  }
  const last = open.at(-1);
  return last ? [{ file, ...last, message: '"{" is never closed (missing "}")' }] : [];
}

/**
 * Inlines `@import`s recursively; a missing or cyclic import becomes a diagnostic. The budget
 * bounds the expansion (depth, repeats of one file, imports and bytes across the package), so a
 * small package cannot grow into an exponentially large stylesheet: past a bound it throws
 * `BuildRefusedError` naming the importing file and line, before the text is built.
 */
export function inlineImports(
  path: string,
  read: (path: string) => string | undefined,
  budget: BuildBudget = new BuildBudget(defaultBuildLimits),
): WxssResult {
  const diagnostics: Diagnostic[] = [];
  const { maxImportDepth, maxImportRepeats } = budget.limits;
  const timesInlined = new Map<string, number>();
  const checked = new Set<string>();
  const visit = (file: string, stack: string[], from: { file: string; line: number }): string => {
    const source = read(file);
    if (source === undefined) return '';
    if (!checked.has(file)) {
      checked.add(file);
      diagnostics.push(...braceDiagnostics(file, source));
    }
    // Comments keep their line breaks so that lines reported below match the file.
    const withoutComments = source.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ''));
    budget.spendStyleBytes(withoutComments.length, from.file, from.line);
    // Matches arrive in order, so lines are counted once over the file, not once per import.
    let counted = 0;
    let line = 1;
    return withoutComments.replace(IMPORT_RE, (match, _q: string, spec: string, offset: number) => {
      if (/^[a-z]+:\/\//i.test(spec)) return match;
      for (; counted < offset; counted++) if (withoutComments.charCodeAt(counted) === 10) line++;
      const target = `${stripExtension(resolveFrom(file, spec), '.wxss')}.wxss`;
      if (stack.includes(target)) {
        diagnostics.push({ file, line, column: 1, message: `cyclic @import of ${target}` });
        return '';
      }
      if (read(target) === undefined) {
        diagnostics.push({ file, line, column: 1, message: `@import target not found: ${spec}` });
        return '';
      }
      if (stack.length > maxImportDepth) {
        refuseBuild({
          rule: 'wxss_import_too_deep',
          file,
          line,
          message: `@import of ${target} nests deeper than ${maxImportDepth} levels below ${path}`,
          messageZh: `@import ${target} 的嵌套超过 ${maxImportDepth} 层（自 ${path} 起）`,
        });
      }
      const times = (timesInlined.get(target) ?? 0) + 1;
      if (times > maxImportRepeats) {
        refuseBuild({
          rule: 'wxss_import_repeated',
          file,
          line,
          message: `${target} would be inlined into ${path} more than ${maxImportRepeats} times (each @import copies the file)`,
          messageZh: `${target} 将被内联到 ${path} 超过 ${maxImportRepeats} 次（每次 @import 都会复制该文件）`,
        });
      }
      timesInlined.set(target, times);
      budget.spendImport(file, line);
      return visit(target, [...stack, target], { file, line });
    });
  };
  return { css: visit(path, [path], { file: path, line: 1 }), diagnostics };
}

/** `rpx` → `vw`: 750rpx is the viewport width, so 1rpx = 100vw/750. */
export function convertRpx(css: string): string {
  return css.replace(/(^|[^\w.-])(-?(?:\d+\.?\d*|\.\d+))rpx\b/g, (_m, before: string, value: string) => {
    const vw = Number.parseFloat(value) / 7.5;
    return `${before}${Number(vw.toFixed(6))}vw`;
  });
}

/** Splits a selector list on top-level commas (not inside parentheses or brackets). */
function splitSelectors(prelude: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of prelude) {
    if (ch === '(' || ch === '[') depth++;
    if (ch === ')' || ch === ']') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** Applies `fn` to the parts of a selector outside `[...]` attribute brackets and strings. */
function mapOutsideBrackets(selector: string, fn: (text: string) => string): string {
  return selector
    .split(/(\[[^\]]*\])/)
    .map((part) => (part.startsWith('[') ? part : fn(part)))
    .join('');
}

const CLASS_RE = /\.((?:-?[_a-zA-Z]|\\.)(?:[_a-zA-Z0-9-]|\\.)*)/g;

function scopeSelector(written: string, scope: StyleScope): string {
  const selector = mapOutsideBrackets(written, renameTypeSelectors);
  if (scope.kind === 'app') return selector;
  if (scope.kind === 'component') {
    // glass-easel marks a component's host node with `wx-host="<scope name>"`.
    const host = selector.replace(/:host\b/g, `[wx-host~="${SCOPE_NAME_PLACEHOLDER}"]`);
    return mapOutsideBrackets(host, (text) => text.replace(CLASS_RE, `.${SCOPE_PLACEHOLDER}$1`));
  }
  const root = `page[wx-route="${scope.route}"]`;
  // `page` in WeChat names the page's root node.
  if (/^page(?![\w-])/.test(selector)) return root + selector.slice(4);
  return `${root} ${selector}`;
}

/** Rewrites the selectors of every style rule; at-rule preludes and keyframe steps stay as they are. */
export function scopeCss(css: string, scope: StyleScope): string {
  let out = '';
  let i = 0;
  const rewriteBlock = (end: number, insideKeyframes: boolean): void => {
    while (i < end) {
      const open = css.indexOf('{', i);
      const close = css.indexOf('}', i);
      if (close !== -1 && (open === -1 || close < open)) {
        out += css.slice(i, close + 1);
        i = close + 1;
        return;
      }
      if (open === -1) {
        out += css.slice(i);
        i = css.length;
        return;
      }
      const prelude = css.slice(i, open);
      const trimmed = prelude.trim();
      i = open + 1;
      if (trimmed.startsWith('@')) {
        out += `${prelude}{`;
        const nestedKeyframes = /^@(-\w+-)?keyframes/.test(trimmed);
        if (/^@(media|supports|document|layer|container|(-\w+-)?keyframes)/.test(trimmed)) {
          rewriteBlock(css.length, nestedKeyframes);
        } else {
          copyDeclarations();
        }
        continue;
      }
      if (insideKeyframes) out += `${prelude}{`;
      else {
        const selectors = splitSelectors(trimmed).map((s) => scopeSelector(s, scope));
        out += `${selectors.join(',')}{`;
      }
      copyDeclarations();
    }
  };
  const copyDeclarations = (): void => {
    const close = css.indexOf('}', i);
    const end = close === -1 ? css.length : close + 1;
    out += css.slice(i, end);
    i = end;
  };
  rewriteBlock(css.length, false);
  return out;
}

export function transformWxss(
  path: string,
  read: (path: string) => string | undefined,
  scope: StyleScope,
  budget?: BuildBudget,
): WxssResult {
  const inlined = inlineImports(path, read, budget);
  return { css: scopeCss(convertRpx(inlined.css), scope), diagnostics: inlined.diagnostics };
}
