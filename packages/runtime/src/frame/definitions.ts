/**
 * Adapts WeChat-style definition objects before glass-easel's adapter registers them:
 * builtin behaviour names (`'wx://form-field'`) become real behaviours, and the style
 * options WeChat accepts in JS (`options.addGlobalClass`, `options.styleIsolation`) are
 * folded into the static config the adapter reads them from.
 */
import type { CodeSpace } from 'glass-easel-miniprogram-adapter';

export type Definition = Record<string, unknown>;

export function prepareDefinition(
  path: string,
  definition: Definition,
  codeSpace: CodeSpace,
  builtinBehaviors: ReadonlyMap<string, unknown>,
): Definition {
  const prepared: Definition = { ...definition };
  if (Array.isArray(definition.behaviors)) {
    prepared.behaviors = definition.behaviors
      .map((b: unknown) => (typeof b === 'string' ? builtinBehaviors.get(b) : b))
      .filter((b: unknown) => b !== undefined && b !== null);
  }
  const options = definition.options as Record<string, unknown> | undefined;
  if (options && path !== '') {
    const config = { ...(codeSpace.getComponentStaticConfig(path) ?? {}) } as Record<string, unknown>;
    if (options.addGlobalClass && config.addGlobalClass === undefined) config.addGlobalClass = true;
    if (typeof options.styleIsolation === 'string' && config.styleIsolation === undefined) {
      config.styleIsolation = options.styleIsolation;
    }
    codeSpace.addComponentStaticConfig(path, config);
  }
  return prepared;
}

/** Whether a component's classes carry its scope prefix (`shared` styles in the main space do not). */
export function usesScopedClasses(config: Record<string, unknown> | undefined, isPage: boolean): boolean {
  const isolation = config?.styleIsolation as string | undefined;
  if (isolation === undefined) return !isPage && config?.component !== false;
  return !(isolation === 'shared' || isolation === 'page-shared');
}
