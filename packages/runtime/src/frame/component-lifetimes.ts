/**
 * The `ready` lifetime, which glass-easel registers but never fires (it leaves "first render
 * done" to the platform). WeChat fires it once per component after the component's first
 * render and layout: children before their parent, every component of a page before the
 * page's onReady, and later-added components (wx:if, wx:for) after the frame that shows them.
 *
 * Components are queued when they attach and flushed on the next animation frame, deepest
 * first; the page stack flushes the queue itself right before calling onReady.
 */
import * as glassEasel from 'glass-easel';

type Component = glassEasel.GeneralComponent;

const pending: Component[] = [];
const readied = new WeakSet<Component>();
let scheduled = false;

function depth(node: glassEasel.Element): number {
  let d = 0;
  for (let p = node.getComposedParent(); p; p = p.getComposedParent()) d++;
  return d;
}

/** Fires `ready` on every queued component still attached, children before parents. */
export function flushReady(): void {
  scheduled = false;
  if (pending.length === 0) return;
  const batch = pending.splice(0).filter((c) => !readied.has(c) && glassEasel.Element.isAttached(c));
  const depths = new Map(batch.map((c) => [c, depth(c)]));
  // Stable sort: same-depth components keep the order they attached in (tree order).
  batch.sort((a, b) => (depths.get(b) ?? 0) - (depths.get(a) ?? 0));
  for (const component of batch) {
    if (readied.has(component)) continue;
    readied.add(component);
    component.triggerLifetime('ready', []);
  }
}

export function installReadyLifetime(): void {
  const trigger = glassEasel.Component.prototype.triggerLifetime;
  glassEasel.Component.prototype.triggerLifetime = function (this: Component, name: string, args: unknown[]) {
    trigger.call(this, name, args);
    if (name !== 'attached' || readied.has(this)) return;
    pending.push(this);
    if (!scheduled) {
      scheduled = true;
      requestAnimationFrame(flushReady);
    }
  };
}

let inErrorLifetime = false;

/** Calls the `error` lifetime of `owner` (not again from inside one). */
function fireErrorLifetime(owner: Component | undefined, error: unknown): void {
  if (!owner || inErrorLifetime || typeof owner.triggerLifetime !== 'function') return;
  inErrorLifetime = true;
  try {
    owner.triggerLifetime('error', [error]);
  } finally {
    inErrorLifetime = false;
  }
}

type Listener = (event: glassEasel.ShadowedEvent<unknown>) => unknown;
const guarded = new WeakMap<Listener, Listener>();

/**
 * WeChat's `error` lifetime runs when a method of the component throws. glass-easel calls it
 * for failures it attributes to the component (lifetimes, observers), but an event handler's
 * failure names no component. A WXML handler is a method of the component whose template
 * holds the node listened on, so each listener is wrapped to tell that component, then the
 * error goes on to glass-easel's reporting as before.
 */
export function installErrorLifetime(): void {
  const proto = glassEasel.Element.prototype as unknown as {
    addListener(type: string, listener: Listener, options?: unknown): void;
    removeListener(type: string, listener: Listener, options?: unknown): void;
  };
  const wrap = (listener: Listener): Listener => {
    if (typeof listener !== 'function') return listener;
    let wrapped = guarded.get(listener);
    if (!wrapped) {
      wrapped = function (this: unknown, event) {
        try {
          return listener.call(this, event);
        } catch (error) {
          const node = event?.currentTarget as glassEasel.Element | undefined;
          fireErrorLifetime(node?.ownerShadowRoot?.getHostNode(), error);
          throw error;
        }
      };
      guarded.set(listener, wrapped);
    }
    return wrapped;
  };
  const add = proto.addListener;
  const remove = proto.removeListener;
  proto.addListener = function (this: unknown, type, listener, options) {
    add.call(this, type, wrap(listener), options);
  };
  proto.removeListener = function (this: unknown, type, listener, options) {
    remove.call(this, type, guarded.get(listener) ?? listener, options);
  };
}
