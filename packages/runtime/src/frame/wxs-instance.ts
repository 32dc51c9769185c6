/**
 * WXS response events and `change:prop` observers: WeChat calls these WXS functions with
 * `ComponentDescriptor`s (`ownerInstance`, `event.instance`) that read and write the view
 * directly (`getState`, `setStyle`, `addClass`, `callMethod`, `selectComponent` …).
 * glass-easel's template engine calls them with its own elements; the chunk preamble installs
 * `changePropFilter` and `eventListenerWrapper` below (as the compiler's `Q.A` / `Q.C`) to
 * pass descriptors instead.
 */
import type * as glassEasel from 'glass-easel';

type Element = glassEasel.Element;
type Component = glassEasel.GeneralComponent;

const states = new WeakMap<Element, Record<string, unknown>>();
const descriptors = new WeakMap<Element, ComponentDescriptor>();

// Duck-typed: component instances do not pass `instanceof glassEasel.Component` here.
const isComponent = (el: Element): el is Component =>
  typeof (el as Partial<Component>).getShadowRoot === 'function' &&
  typeof (el as Partial<Component>).getMethodCaller === 'function';
const ownerOf = (el: Element): Component | undefined =>
  isComponent(el) ? el : (el.ownerShadowRoot?.getHostNode() as Component | undefined);

const cssText = (style: unknown): string =>
  typeof style === 'string'
    ? style
    : Object.entries((style ?? {}) as Record<string, unknown>)
        .map(([k, v]) => `${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}:${String(v)}`)
        .join(';');

// glass-easel's StyleSegmentIndex is a const enum: ANIMATION_EXTRA = 2 (not overwritten by templates).
const WXS_STYLE_SEGMENT = 2 as glassEasel.StyleSegmentIndex;

export class ComponentDescriptor {
  constructor(private readonly el: Element) {}

  getState(): Record<string, unknown> {
    let state = states.get(this.el);
    if (!state) {
      state = {};
      states.set(this.el, state);
    }
    return state;
  }

  callMethod(name: string, args?: unknown): unknown {
    const caller = ownerOf(this.el)?.getMethodCaller() as Record<string, unknown> | undefined;
    const method = caller?.[name];
    return typeof method === 'function' ? method.call(caller, args) : undefined;
  }

  triggerEvent(name: string, detail?: unknown, options?: unknown): void {
    const caller = ownerOf(this.el)?.getMethodCaller() as
      | { triggerEvent?: (n: string, d: unknown, o: unknown) => void }
      | undefined;
    caller?.triggerEvent?.(name, detail, options);
  }

  setStyle(style: unknown): this {
    this.el.setNodeStyle(cssText(style), WXS_STYLE_SEGMENT);
    return this;
  }

  addClass(name: string): this {
    for (const c of String(name).split(/\s+/).filter(Boolean)) this.el.classList?.toggle(c, true);
    return this;
  }

  removeClass(name: string): this {
    for (const c of String(name).split(/\s+/).filter(Boolean)) this.el.classList?.toggle(c, false);
    return this;
  }

  hasClass(name: string): boolean {
    return this.el.classList?.contains(name) ?? false;
  }

  getDataset(): Record<string, unknown> {
    return { ...(this.el.dataset ?? {}) };
  }

  getComputedStyle(names: string[] = []): Record<string, string> {
    const node = (this.el as unknown as { $$?: unknown }).$$;
    if (!(node instanceof HTMLElement)) return {};
    const computed = getComputedStyle(node);
    return Object.fromEntries(names.map((n) => [n, computed.getPropertyValue(n)]));
  }

  selectComponent(selector: string): ComponentDescriptor | null {
    const found = this.root().querySelector(selector);
    return found ? descriptorOf(found) : null;
  }

  selectAllComponents(selector: string): ComponentDescriptor[] {
    return this.root()
      .querySelectorAll(selector)
      .map((el) => descriptorOf(el));
  }

  requestAnimationFrame(fn: () => void): number {
    return requestAnimationFrame(() => fn());
  }

  private root(): { querySelector(s: string): Element | null; querySelectorAll(s: string): Element[] } {
    return isComponent(this.el) ? (this.el.getShadowRoot() ?? this.el) : this.el;
  }
}

export function descriptorOf(el: Element): ComponentDescriptor {
  let descriptor = descriptors.get(el);
  if (!descriptor) {
    descriptor = new ComponentDescriptor(el);
    descriptors.set(el, descriptor);
  }
  return descriptor;
}

type Listener = (this: unknown, ...args: unknown[]) => unknown;

const wxsFunctions = new WeakSet<object>();

/** Remembers the functions a WXS module exports, so the wrappers below know WXS listeners. */
export function markWxsExports(exports: unknown, depth = 0): void {
  if (typeof exports === 'function') wxsFunctions.add(exports);
  if (depth > 2 || exports === null || (typeof exports !== 'object' && typeof exports !== 'function')) return;
  for (const value of Object.values(exports as Record<string, unknown>)) markWxsExports(value, depth + 1);
}

// A listener bound straight to a WXS function carries a general lvalue path starting with Script (1)
// or InlineScript (2); one chosen by an expression (`{{disabled || wxs.fn}}`) does not.
const fromWxs = (listener: unknown, path: unknown): boolean =>
  (Array.isArray(path) && (path[0] === 1 || path[0] === 2)) ||
  (typeof listener === 'function' && wxsFunctions.has(listener));

export const changePropFilter =
  (listener: Listener, path?: unknown): Listener =>
  (newValue, oldValue, host, elem) => {
    if (!fromWxs(listener, path)) return listener.call(null, newValue, oldValue, host, elem);
    // The first call comes while the template is still creating the node's children; WeChat
    // runs WXS in the view after the update, so `selectComponent` finds them there.
    queueMicrotask(() =>
      listener.call(null, newValue, oldValue, descriptorOf(host as Element), descriptorOf(elem as Element)),
    );
  };

const touchList = (list: unknown) =>
  Array.from((list ?? []) as ArrayLike<Touch>).map((t) => ({
    identifier: t.identifier,
    pageX: t.pageX,
    pageY: t.pageY,
    clientX: t.clientX,
    clientY: t.clientY,
  }));

export function eventListenerWrapper(
  caller: unknown,
  event: glassEasel.ShadowedEvent<unknown>,
  listener: Listener,
  path?: unknown,
): unknown {
  if (!fromWxs(listener, path)) return listener.apply(caller, [event]);
  // The caller is the component whose template bound the WXS function (glass-easel keeps its element in `_$`).
  const owner = (caller as { _$?: Element } | null)?._$;
  const current = event.currentTarget as Element | undefined;
  const detail = event.detail as { touches?: unknown; changedTouches?: unknown } | null;
  const wxsEvent = Object.assign(Object.create(event), {
    instance: current?.ownerShadowRoot ? descriptorOf(current) : owner ? descriptorOf(owner) : undefined,
    touches: (event as { touches?: unknown }).touches ?? touchList(detail?.touches),
    changedTouches:
      (event as { changedTouches?: unknown }).changedTouches ?? touchList(detail?.changedTouches),
  });
  return listener.call(null, wxsEvent, owner ? descriptorOf(owner) : undefined);
}
