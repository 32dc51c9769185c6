/** Helpers shared by builtin components: their DOM host node, and walking the composed tree. */
import * as glassEasel from 'glass-easel';

export type Caller = {
  _$: glassEasel.GeneralComponent;
  data: Record<string, unknown>;
  setData(data: Record<string, unknown>): void;
  triggerEvent(name: string, detail: unknown, options?: Record<string, boolean>): void;
  [method: string]: unknown;
};

export function hostElement(caller: Caller): HTMLElement {
  return caller._$.getBackendElement() as unknown as HTMLElement;
}

/** Every component below `root` in the composed tree (slots included), parents first. */
export function composedComponents(root: glassEasel.GeneralComponent): glassEasel.GeneralComponent[] {
  const found: glassEasel.GeneralComponent[] = [];
  glassEasel.ElementIterator.create(
    root,
    'composed-descendants-root-first' as glassEasel.ElementIteratorType,
    glassEasel.Component,
  ).forEach((node) => {
    if (node !== root) found.push(node as glassEasel.GeneralComponent);
  });
  return found;
}

export function callerOf(component: glassEasel.GeneralComponent): Caller {
  return component.getMethodCaller() as unknown as Caller;
}

/** Sets or clears a boolean attribute on the host node; styles key off these, not classes the owner controls. */
export function flag(element: HTMLElement, name: string, on: boolean): void {
  if (on) element.setAttribute(name, '');
  else element.removeAttribute(name);
}

/** Bubbling, composed event used between builtins (button → form, checkbox → group). */
export const INTERNAL_EVENT = { bubbles: true, composed: true };
