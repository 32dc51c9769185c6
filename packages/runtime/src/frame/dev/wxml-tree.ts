/**
 * The WXML panel's tree: the page as glass-easel holds it, in WXML terms. Builtin components
 * (`view`, `button` …) show as the tag the developer wrote with the attributes set on it, not
 * their internal nodes; custom components show their own template with slotted content in
 * place; `wx:if` / `wx:for` blocks and slots leave no node of their own.
 */
import * as glassEasel from 'glass-easel';
import type { WxmlNode } from '../../shared/dev-events.ts';
import { BUILTIN_PREFIX } from '../builtins/index.ts';

const MAX_NODES = 3_000;
const MAX_DEPTH = 60;
const MAX_VALUE = 200;

export function wxmlTree(page: glassEasel.GeneralComponent): WxmlNode[] {
  let budget = MAX_NODES;

  const childrenOf = (element: glassEasel.Element, depth: number): WxmlNode[] => {
    const out: WxmlNode[] = [];
    const visit = (node: glassEasel.Node) => {
      if (budget <= 0) return;
      const text = node.asTextNode();
      if (text) {
        const content = text.textContent.trim();
        if (content) {
          budget -= 1;
          out.push({ text: clip(content) });
        }
        return;
      }
      const child = node.asElement();
      if (!child) return;
      // Blocks and slots: their content takes their place.
      if (child.asVirtualNode()) out.push(...childrenOf(child, depth));
      else out.push(elementNode(child, depth + 1));
    };
    const component = element.asGeneralComponent();
    if (component?.is.startsWith(BUILTIN_PREFIX)) element.childNodes.forEach(visit);
    else element.forEachComposedChild(visit);
    return out;
  };

  const elementNode = (element: glassEasel.Element, depth: number): WxmlNode => {
    budget -= 1;
    const component = element.asGeneralComponent();
    const tag = component ? component.tagName : (element.asNativeNode()?.is ?? 'unknown');
    const node = { tag, attrs: attributesOf(element), children: [] as WxmlNode[] };
    if (depth < MAX_DEPTH) node.children = childrenOf(element, depth);
    return node;
  };

  return childrenOf(page, 0);
}

function attributesOf(element: glassEasel.Element): Array<[string, string]> {
  const attrs: Array<[string, string]> = [];
  const add = (name: string, value: unknown) => {
    const text = show(value);
    if (text !== null) attrs.push([name, text]);
  };
  add('id', element.id);
  add('class', element.class);
  add('style', element.style);
  const component = element.asGeneralComponent();
  if (component) {
    const defaults = propertyDefaults(component);
    for (const name of glassEasel.Component.listProperties(component)) {
      const value = (component.data as Record<string, unknown>)[name];
      if (defaults && name in defaults && same(defaults[name], value)) continue;
      add(kebab(name), value);
    }
  } else for (const { name, value } of element.attributes) add(name, value);
  for (const [name, value] of Object.entries(element.dataset ?? {})) add(`data-${kebab(name)}`, value);
  return attrs;
}

/** An attribute's text, or null for what is not worth a column (unset or empty). */
function show(value: unknown): string | null {
  if (value === undefined || value === null || value === '' || value === false) return null;
  if (typeof value === 'string') return clip(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'function') return 'ƒ';
  try {
    const json = JSON.stringify(value);
    return json === '[]' || json === '{}' ? null : clip(json ?? '');
  } catch {
    return '…';
  }
}

const clip = (s: string) => (s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE)}…` : s);
const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const same = (a: unknown, b: unknown) => a === b || (show(a) === show(b) && typeof a === typeof b);

/**
 * A component's initial property values, to show only the attributes a template set (a
 * builtin has dozens). glass-easel 0.12 keeps the generators of a component's initial data in
 * its behaviour; without them every non-empty property shows.
 */
const defaultsCache = new WeakMap<object, Record<string, unknown> | null>();
function propertyDefaults(component: glassEasel.GeneralComponent): Record<string, unknown> | null {
  const behavior = component.getComponentDefinition().behavior as unknown as { _$data?: unknown[] };
  const cached = defaultsCache.get(behavior);
  if (cached !== undefined) return cached;
  let defaults: Record<string, unknown> | null = null;
  try {
    if (Array.isArray(behavior._$data)) {
      defaults = {};
      for (const part of behavior._$data) {
        const values = typeof part === 'function' ? (part as () => unknown)() : part;
        if (typeof values === 'object' && values !== null) Object.assign(defaults, values);
      }
    }
  } catch {
    defaults = null;
  }
  defaultsCache.set(behavior, defaults);
  return defaults;
}
