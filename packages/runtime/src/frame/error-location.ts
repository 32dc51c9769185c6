/**
 * Maps a stack frame inside a chunk file back to the mini program source file and line.
 * Chunks copy CommonJS module bodies and WXS module bodies verbatim, so the offset is exact
 * for them; compiled templates are generated code, so only their `.wxml` file is named.
 */
interface ModuleStart {
  line: number;
  path: string;
  /** Defaults to true; false names the file without a line. */
  exact?: boolean;
}

export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

const chunkModules = new Map<string, ModuleStart[]>();

export function recordChunkModules(url: string, modules: ModuleStart[]): void {
  chunkModules.set(
    url,
    [...modules].sort((a, b) => a.line - b.line),
  );
}

export function locateError(error: unknown): (Partial<SourcePosition> & { file: string }) | undefined {
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  const explicit = /\(([\w./@-]+\.(?:js|wxml|json)):(\d+):(\d+)\)\s*$/m.exec(
    error instanceof Error ? error.message : '',
  );
  if (explicit) return { file: explicit[1]!, line: Number(explicit[2]), column: Number(explicit[3]) };
  for (const match of stack.matchAll(/(https?:\/\/[^\s)]+?):(\d+):(\d+)/g)) {
    const starts = chunkModules.get(match[1]!);
    if (!starts) continue;
    const line = Number(match[2]);
    let found: ModuleStart | undefined;
    for (const start of starts) if (start.line <= line) found = start;
    if (!found) continue;
    // Wharf's own code inside the chunk (the template runtime's helpers): look further down the stack.
    if (found.path === '') continue;
    if (found.exact === false) return { file: found.path };
    return { file: found.path, line: line - found.line + 1, column: Number(match[3]) };
  }
  return undefined;
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
