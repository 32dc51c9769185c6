/**
 * What one built chunk file registers in the frame. A chunk is a classic script
 * `__wharfChunk({...})` so that the frame (an opaque-origin sandbox with no `connect-src`)
 * can load it with a `<script src>` and no `eval`.
 */
import type { Diagnostic } from './manifest.ts';

export const CHUNK_CALLBACK = '__wharfChunk';

/** The parameters every wrapped module function receives, in order (the build writes this list). */
export const MODULE_PARAMS = [
  'module',
  'exports',
  'require',
  'wx',
  'App',
  'Page',
  'Component',
  'Behavior',
  'getApp',
  'getCurrentPages',
  'global',
  'requirePlugin',
  // Shadowed so library code sees the logic-layer environment it expects in WeChat.
  'window',
  'document',
] as const;

export type ModuleFactory = (...args: unknown[]) => void;

export interface ChunkModule {
  /** 1-based line of the module's first source line inside the chunk file (for error positions). */
  line: number;
  factory: ModuleFactory;
  /** `require` spec → resolved module path, resolved at build time. */
  deps: Record<string, string>;
}

export interface ComponentConfig {
  component?: boolean;
  usingComponents?: Record<string, string>;
  componentGenerics?: Record<string, true | { default?: string }>;
  componentPlaceholder?: Record<string, string>;
  styleIsolation?: string;
  addGlobalClass?: boolean;
  pureDataPattern?: string;
  /** Wharf's: the template has `<slot>` fallback content (see build/wxml.ts moveSlotFallback). */
  slotFallback?: boolean;
}

/** Wraps one WXS module body so it loads once, with its build-time resolved `require`s. */
export type WxsWrapper = (
  registry: Record<string, () => unknown>,
  deps: Record<string, string>,
  body: (require: (spec: string) => unknown, exports: unknown, module: { exports: unknown }) => void,
) => () => unknown;

export interface ChunkStyle {
  css: string;
  kind: 'app' | 'page' | 'component';
}

export interface ChunkPayload {
  id: string;
  modules: Record<string, ChunkModule>;
  /** Fills the shared template group `G` and WXS registry `R` with this chunk's templates. */
  templates?: (G: Record<string, unknown>, R: Record<string, unknown>, W: WxsWrapper) => void;
  templatePaths: string[];
  styles: Record<string, ChunkStyle>;
  configs: Record<string, ComponentConfig>;
  /** Pages and components to define (their JS run), dependencies first. */
  components: string[];
  /** Components whose template failed to compile. */
  errors: Record<string, Diagnostic>;
  /** Where WXS bodies and compiled templates start in the chunk (modules carry their own `line`). */
  sourceStarts?: ChunkSourceStart[];
}

export interface ChunkSourceStart {
  /** Package file (`utils/x.wxs`, `pages/a/a.wxml`), or '' for chunk code that is Wharf's own. */
  path: string;
  /** 1-based chunk line of the file's first line. */
  line: number;
  /** false: generated code, only the file is known. */
  exact: boolean;
}

/** The CSS placeholder the build writes before each class of a component; the frame replaces it. */
export const SCOPE_PLACEHOLDER = '__wxscope__--';
/** The same scope's bare name, for `:host` (`[wx-host~="<name>"]`). */
export const SCOPE_NAME_PLACEHOLDER = '__wxscopename__';

/** The data field the frame fills with a component's filled slot names, for `<slot>` fallback content. */
export const SLOT_FILLED_FIELD = '__wxSlotFilled';
