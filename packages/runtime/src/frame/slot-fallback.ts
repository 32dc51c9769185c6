/**
 * `<slot>` fallback content: the build moves it beside its slot behind
 * `wx:if="{{!__wxSlotFilled['name']}}"` (build/wxml.ts). Here each such component keeps that
 * field up to date from what its owner puts in it: a slot is filled when some child node of
 * the component (through `wx:if` / `wx:for` blocks) is assigned to it, or, for the default
 * slot, non-blank text.
 */
import * as glassEasel from 'glass-easel';
import { SLOT_FILLED_FIELD } from '../shared/chunk.ts';

type Component = glassEasel.GeneralComponent;
type Node = glassEasel.Node;

// Duck-typed (as in wxs-instance.ts): text nodes have no children; virtual nodes (wx:if,
// wx:for, <block>) have no DOM node of their own.
const isText = (node: Node): node is glassEasel.TextNode => !('childNodes' in node);
const isVirtual = (node: Node): boolean => (node as glassEasel.Element).$$ == null;

function filledSlots(component: Component): Record<string, true> {
  const filled: Record<string, true> = {};
  const visit = (node: Node, inherited: string | undefined) => {
    if (isText(node)) {
      if (node.textContent.trim() !== '') filled[inherited ?? ''] = true;
      return;
    }
    const element = node as glassEasel.Element;
    const slot = element.slot || inherited;
    // wx:if / wx:for / <block> wrappers are virtual: what they hold is what fills the slot.
    if (isVirtual(node) && !element.slot) {
      for (const child of element.childNodes) visit(child, inherited);
      return;
    }
    filled[slot ?? ''] = true;
  };
  for (const child of component.childNodes) visit(child, undefined);
  return filled;
}

function update(component: Component): void {
  const filled = filledSlots(component);
  const caller = component.getMethodCaller() as unknown as {
    data: Record<string, unknown>;
    setData(d: Record<string, unknown>): void;
  };
  const current = (caller.data[SLOT_FILLED_FIELD] ?? {}) as Record<string, true>;
  const same =
    Object.keys(current).length === Object.keys(filled).length &&
    Object.keys(filled).every((k) => current[k]);
  if (!same) caller.setData({ [SLOT_FILLED_FIELD]: filled });
}

export function installSlotFallback(hasFallback: (path: string) => boolean): void {
  const trigger = glassEasel.Component.prototype.triggerLifetime;
  glassEasel.Component.prototype.triggerLifetime = function (this: Component, name: string, args: unknown[]) {
    if (name === 'attached' && hasFallback(this.is)) {
      update(this);
      glassEasel.MutationObserver.create(() => update(this)).observe(this, {
        childList: true,
        subtree: true,
        characterData: true,
        properties: true,
      });
    }
    trigger.call(this, name, args);
  };
}
