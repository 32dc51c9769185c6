/**
 * CommonJS as mini programs use it: one instance per file, `require` resolved at build time
 * (with WeChat's lookup as the fallback for computed specs), and the `Page`/`Component`
 * constructors bound to whichever component file is being defined at the moment — so a
 * library helper like Vant's `VantComponent()` that calls `Component()` registers the
 * component whose file required it.
 */
import type { ChunkModule } from '../shared/chunk.ts';
import { requireCandidates } from '../shared/paths.ts';

export interface ModuleGlobals {
  wx: unknown;
  App: (definition: Record<string, unknown>) => void;
  getApp: () => unknown;
  getCurrentPages: () => unknown[];
  global: Record<string, unknown>;
  Page: (definition: Record<string, unknown>) => unknown;
  Component: (definition?: Record<string, unknown>) => unknown;
  Behavior: (definition?: Record<string, unknown>) => unknown;
}

interface LoadedModule {
  exports: unknown;
  loaded: boolean;
}

export class ModuleSystem {
  private readonly factories = new Map<string, ChunkModule>();
  private readonly instances = new Map<string, LoadedModule>();

  constructor(private readonly globals: ModuleGlobals) {}

  add(path: string, module: ChunkModule): void {
    if (!this.factories.has(path)) this.factories.set(path, module);
  }

  has(path: string): boolean {
    return this.factories.has(path);
  }

  require(path: string): unknown {
    const existing = this.instances.get(path);
    if (existing) return existing.exports;
    const factory = this.factories.get(path);
    if (!factory) throw new Error(`module "${path}" is not defined`);
    const module = { exports: {} as unknown, loaded: false };
    this.instances.set(path, module);
    const g = this.globals;
    try {
      factory.factory.call(
        module.exports,
        module,
        module.exports,
        this.requireFrom(path, factory.deps),
        g.wx,
        g.App,
        g.Page,
        g.Component,
        g.Behavior,
        g.getApp,
        g.getCurrentPages,
        g.global,
        requirePlugin,
        undefined,
        undefined,
      );
    } catch (error) {
      this.instances.delete(path);
      throw error;
    }
    module.loaded = true;
    return module.exports;
  }

  private requireFrom(path: string, deps: Record<string, string>): (spec: string) => unknown {
    return (spec: string) => {
      if (typeof spec !== 'string') throw new TypeError('require() expects a string');
      const target = deps[spec] ?? requireCandidates(path, spec).find((c) => this.factories.has(c));
      if (!target) throw new Error(`module "${spec}" is not defined (required from ${path})`);
      return this.require(target);
    };
  }
}

function requirePlugin(name: string): never {
  throw new Error(`requirePlugin("${name}"): plugins are not supported`);
}
