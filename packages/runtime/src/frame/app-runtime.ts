/**
 * One running mini program inside the frame: the glass-easel environment, the chunks
 * loaded so far, and the App instance. Chunk registration order matters: configs,
 * templates and styles first, then each component's JS (dependencies first).
 */

import * as glassEasel from 'glass-easel';
import { type CodeSpace, MiniProgramEnv } from 'glass-easel-miniprogram-adapter';
import { type ChunkPayload, SCOPE_NAME_PLACEHOLDER, SCOPE_PLACEHOLDER } from '../shared/chunk.ts';
import type { BuiltManifest, Diagnostic } from '../shared/manifest.ts';
import type { InitPayload } from '../shared/protocol.ts';
import { defineBuiltins } from './builtins/index.ts';
import type { ChunkLoader } from './chunk-loader.ts';
import { type Definition, prepareDefinition, usesScopedClasses } from './definitions.ts';
import { describeError, locateError, recordChunkModules, type SourcePosition } from './error-location.ts';
import { ModuleSystem } from './module-system.ts';
import { changePropFilter, eventListenerWrapper, markWxsExports } from './wxs-instance.ts';

export interface RuntimeError extends Partial<SourcePosition> {
  message: string;
}

/**
 * The glass-easel side that needs nothing from the app: built in while the frame waits for
 * `init` (a preloaded frame has it ready before the user opens anything).
 */
export interface PreparedEnvironment {
  env: MiniProgramEnv;
  backendContext: glassEasel.CurrentWindowBackendContext;
  codeSpace: CodeSpace;
  backend: ReturnType<MiniProgramEnv['associateBackend']>;
  builtinBehaviors: Map<string, unknown>;
}

export function prepareEnvironment(): PreparedEnvironment {
  const env = new MiniProgramEnv();
  const backendContext = new glassEasel.CurrentWindowBackendContext();
  // Builtin components live in the global code space, which must be filled before the main one exists.
  const builtins = defineBuiltins(env.getGlobalCodeSpace());
  const codeSpace = env.createCodeSpace('', true);
  // Ids reach the DOM as written in WXML (see dom-attributes.ts), so WXSS `#id` rules match.
  // writeFieldsToNode off: WeChat components read `this.data`, and a property named like a node
  // field (Vant's button has `dataset`) would otherwise clobber the node during creation.
  codeSpace.getComponentSpace().updateComponentOptions({ writeIdToDOM: true, writeFieldsToNode: false });
  for (const [tag, definition] of builtins.components) {
    codeSpace.getComponentSpace().setGlobalUsingComponent(tag, definition);
  }
  const backend = env.associateBackend(backendContext);
  return { env, backendContext, codeSpace, backend, builtinBehaviors: builtins.behaviors };
}

export class AppRuntime {
  readonly env: MiniProgramEnv;
  readonly backendContext: glassEasel.CurrentWindowBackendContext;
  readonly backend: ReturnType<MiniProgramEnv['associateBackend']>;
  readonly codeSpace: CodeSpace;
  readonly modules: ModuleSystem;
  readonly manifest: BuiltManifest;
  readonly builtinBehaviors: Map<string, unknown>;
  appInstance: Record<string, unknown> | undefined;
  /** Component path → why it could not be defined. */
  readonly definitionErrors = new Map<string, RuntimeError>();
  readonly templateErrors = new Map<string, Diagnostic>();
  private readonly templateGroup: Record<string, unknown> = {};
  private readonly wxsRegistry: Record<string, unknown> = {};
  private readonly registeredChunks = new Map<string, Promise<void>>();
  private readonly styles = new Map<string, { css: string; kind: string }>();
  private readonly injectedStyles = new Set<string>();
  private readonly scopeNames = new Map<string, string>();
  private definingStack: string[] = [];
  private readonly pagePaths: Set<string>;

  constructor(
    readonly init: InitPayload,
    wx: unknown,
    getCurrentPages: () => unknown[],
    prepared: PreparedEnvironment,
    readonly chunks: ChunkLoader,
  ) {
    this.manifest = init.manifest;
    this.pagePaths = new Set(Object.keys(this.manifest.pages));
    ({
      env: this.env,
      backendContext: this.backendContext,
      codeSpace: this.codeSpace,
      backend: this.backend,
      builtinBehaviors: this.builtinBehaviors,
    } = prepared);
    const globalObject: Record<string, unknown> = {};
    this.modules = new ModuleSystem({
      wx,
      App: (definition) => this.defineApp(definition),
      getApp: () => this.appInstance,
      getCurrentPages,
      global: globalObject,
      Page: (definition) => this.withCurrentComponent('Page', (env) => env.Page(definition as never)),
      Component: (definition) =>
        definition === undefined
          ? this.withCurrentComponent('Component', (env) => env.Component())
          : this.withCurrentComponent('Component', (env) => env.Component(definition as never)),
      Behavior: (definition) =>
        this.codeSpace.componentEnv('', (env) =>
          definition === undefined
            ? env.Behavior()
            : env.Behavior(prepareDefinition('', definition, this.codeSpace, this.builtinBehaviors) as never),
        ),
    });
  }

  private withCurrentComponent<T>(
    kind: 'Page' | 'Component',
    run: (env: Parameters<Parameters<CodeSpace['componentEnv']>[1]>[0]) => T,
  ): T {
    const path = this.definingStack[this.definingStack.length - 1];
    if (path === undefined) throw new Error(`${kind}() must be called while its component file is loading`);
    return this.codeSpace.componentEnv(path, (env) => {
      const wrap =
        (inner: (def: Definition) => unknown) =>
        (definition?: Definition): unknown =>
          definition === undefined
            ? inner(definition as never)
            : inner(prepareDefinition(path, definition, this.codeSpace, this.builtinBehaviors));
      return run({
        ...env,
        Page: wrap(env.Page as never) as never,
        Component: wrap(env.Component as never) as never,
      });
    });
  }

  private defineApp(definition: Definition): void {
    if (this.appInstance) throw new Error('App() can only be called once');
    this.appInstance = definition;
  }

  url(path: string): string {
    return this.chunks.url(path);
  }

  /**
   * Fetches the chunks in parallel but registers them in the listed order (shared chunks
   * before the page's), so a page's templates and modules never run ahead of what they use.
   */
  async loadChunks(paths: readonly string[]): Promise<void> {
    const urls = paths.map((path) => this.url(path));
    const payloads = urls.map((url) => this.chunks.fetch(url));
    for (const [i, url] of urls.entries()) {
      let registered = this.registeredChunks.get(url);
      if (!registered) {
        registered = (payloads[i] as Promise<ChunkPayload>).then((payload) =>
          this.registerChunk(url, payload),
        );
        this.registeredChunks.set(url, registered);
      }
      await registered;
    }
  }

  private registerChunk(url: string, chunk: ChunkPayload): void {
    recordChunkModules(url, [
      ...Object.entries(chunk.modules).map(([path, m]) => ({ path, line: m.line })),
      ...(chunk.sourceStarts ?? []),
    ]);
    for (const [path, module] of Object.entries(chunk.modules)) this.modules.add(path, module);
    for (const [path, error] of Object.entries(chunk.errors)) this.templateErrors.set(path, error);
    chunk.templates?.(this.templateGroup, this.wxsRegistry, wxsModule);
    for (const path of chunk.templatePaths) {
      const content = this.templateGroup[path] as glassEasel.template.ComponentTemplate['content'];
      this.codeSpace.addCompiledTemplate(path, {
        groupList: this.templateGroup as never,
        content,
        // WeChat packages bind with `bindtap="x"` (no colon); this makes that form bind on plain nodes too.
        fallbackListenerOnNativeNode: true,
      });
    }
    for (const [path, config] of Object.entries(chunk.configs)) {
      this.codeSpace.addComponentStaticConfig(path, config as never);
      const scope = `c${this.scopeNames.size + 1}`;
      this.scopeNames.set(path, scope);
      this.codeSpace.addStyleSheet(path, undefined, scope);
    }
    for (const [path, style] of Object.entries(chunk.styles)) this.styles.set(path, style);
    for (const path of chunk.components) this.defineComponent(path);
  }

  /** Runs a component's (or page's) JS inside its definition environment. */
  private defineComponent(path: string): void {
    if (this.templateErrors.has(path)) return;
    this.definingStack.push(path);
    try {
      if (this.modules.has(`${path}.js`)) this.modules.require(`${path}.js`);
      else this.codeSpace.componentEnv(path, (env) => env.Component({}));
    } catch (error) {
      this.definitionErrors.set(path, { message: describeError(error), ...locateError(error) });
    } finally {
      this.definingStack.pop();
    }
    this.injectStyle(path);
  }

  injectStyle(path: string): void {
    const style = this.styles.get(path);
    if (!style || this.injectedStyles.has(path)) return;
    this.injectedStyles.add(path);
    let css = style.css;
    if (style.kind === 'component') {
      const config = this.codeSpace.getComponentStaticConfig(path) as Record<string, unknown> | undefined;
      const scoped = usesScopedClasses(config, this.pagePaths.has(path));
      const name = this.scopeNames.get(path) ?? '';
      css = css
        .split(SCOPE_PLACEHOLDER)
        .join(scoped ? `${name}--` : '')
        .split(SCOPE_NAME_PLACEHOLDER)
        .join(name);
    }
    const element = document.createElement('style');
    element.dataset.wxss = path;
    element.textContent = css;
    document.head.appendChild(element);
  }
}

/** WXS modules: CommonJS-like, one instance each, with build-time resolved `require`. */
const wxsModule = Object.assign(loadWxsModule, { A: changePropFilter, C: eventListenerWrapper });
function loadWxsModule(
  registry: Record<string, () => unknown>,
  deps: Record<string, string>,
  body: (require: (spec: string) => unknown, exports: unknown, module: { exports: unknown }) => void,
): () => unknown {
  let module: { exports: unknown } | undefined;
  return () => {
    if (module) return module.exports;
    module = { exports: {} };
    body(
      (spec) => {
        const target = deps[spec];
        const load = target === undefined ? undefined : registry[target];
        if (!load) throw new Error(`WXS module not found: ${spec}`);
        return load();
      },
      module.exports,
      module,
    );
    markWxsExports(module.exports);
    return module.exports;
  };
}
