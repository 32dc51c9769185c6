/**
 * Serialises a set of items into one chunk script. Module bodies are copied verbatim on
 * their own lines, and the chunk records where each starts, so the frame can turn a stack
 * line back into `file:line`.
 */
import {
  CHUNK_CALLBACK,
  type ChunkSourceStart,
  type ChunkStyle,
  type ComponentConfig,
  MODULE_PARAMS,
} from '../shared/chunk.ts';
import type { Diagnostic } from '../shared/manifest.ts';
import type { ItemKey } from './package-graph.ts';

export interface ChunkSources {
  moduleCode: ReadonlyMap<string, string>;
  requireMaps: ReadonlyMap<string, Record<string, string>>;
  templates: ReadonlyMap<string, string>;
  templateErrors: ReadonlyMap<string, Diagnostic>;
  wxs: ReadonlyMap<string, string>;
  wxsDeps: ReadonlyMap<string, Record<string, string>>;
  styles: ReadonlyMap<string, ChunkStyle>;
  configs: ReadonlyMap<string, ComponentConfig>;
  templateRuntime: string;
  componentOrder: readonly string[];
}

const json = (value: unknown) => JSON.stringify(value);

export function writeChunk(items: ReadonlySet<ItemKey>, sources: ChunkSources): string {
  const of = (kind: string) =>
    [...items].filter((item) => item.startsWith(`${kind}:`)).map((item) => item.slice(kind.length + 1));
  const lines: string[] = [`${CHUNK_CALLBACK}({`];
  // Where the other sources (WXS bodies, compiled templates) start, for error positions.
  const sourceStarts: ChunkSourceStart[] = [];
  const push = (text: string) => {
    for (const line of text.split('\n')) lines.push(line);
  };

  push('"modules": {');
  for (const path of of('js').sort()) {
    const code = sources.moduleCode.get(path) ?? '';
    const deps = sources.requireMaps.get(path) ?? {};
    push(
      `${json(path)}: { "deps": ${json(deps)}, "line": ${lines.length + 2}, "factory": function (${MODULE_PARAMS.join(', ')}) {`,
    );
    push(code);
    push('} },');
  }
  push('},');

  const templatePaths = of('tmpl').filter((p) => sources.templates.has(p));
  const wxsPaths = of('wxs');
  if (templatePaths.length > 0 || wxsPaths.length > 0) {
    // `W` is the frame's WXS module wrapper; the compiler's runtime helpers (X, Y, Z, P, Q)
    // are declared by its runtime string and captured by the generated template objects.
    sourceStarts.push({ path: '', line: lines.length + 1, exact: false });
    push('"templates": function (G, R, W) {');
    push(sources.templateRuntime);
    // Templates call R.setFnFilter(Q.A, Q.B) and R.setEventListenerWrapper(Q.C); the preamble only
    // defines Q when some template needs it. The frame's W.A / W.C pass WXS functions WeChat's
    // ComponentDescriptors (ownerInstance, event.instance).
    push(
      "if (typeof Q === 'object') { Q.A = W.A || Q.A || function (a) { return a; }; Q.B = Q.B || function (a) { return a; }; Q.C = Q.C || W.C; }",
    );
    for (const path of wxsPaths) {
      const deps = sources.wxsDeps.get(path) ?? {};
      sourceStarts.push({ path: `${path}.wxs`, line: lines.length + 2, exact: true });
      push(
        `R[${json(path)}] = R[${json(path)}] || W(R, ${json(deps)}, function (require, exports, module) {`,
      );
      push(sources.wxs.get(path) ?? '');
      push('});');
    }
    for (const path of templatePaths) {
      // Generated code: an error here is the template's (inline WXS, expressions), line unknown.
      sourceStarts.push({ path: `${path}.wxml`, line: lines.length + 1, exact: false });
      push(`G[${json(path)}] = ${sources.templates.get(path)};`);
    }
    // After the templates function: not mini program code.
    sourceStarts.push({ path: '', line: lines.length + 2, exact: false });
    push('},');
  }
  push(`"templatePaths": ${json(templatePaths)},`);

  const styles: Record<string, ChunkStyle> = {};
  for (const path of of('style')) {
    const style = sources.styles.get(path);
    if (style) styles[path] = style;
  }
  push(`"styles": ${json(styles)},`);

  const configs: Record<string, ComponentConfig> = {};
  for (const path of of('config')) configs[path] = sources.configs.get(path) ?? {};
  push(`"configs": ${json(configs)},`);

  const components = new Set(of('comp'));
  push(`"components": ${json(sources.componentOrder.filter((p) => components.has(p)))},`);

  const errors: Record<string, Diagnostic> = {};
  for (const path of of('tmpl')) {
    const error = sources.templateErrors.get(path);
    if (error) errors[path] = error;
  }
  push(`"errors": ${json(errors)},`);
  push(`"sourceStarts": ${json(sourceStarts)}`);
  push('});');
  return lines.join('\n');
}
