/**
 * `wx.createSelectorQuery().select('#id').context(cb)`: WeChat answers an object that drives
 * the component (`EditorContext` for `<editor>`). glass-easel's adapter answers the DOM node;
 * builtins that have a context register it here and the query hands that over instead.
 */
import { component } from 'glass-easel-miniprogram-adapter';

const contexts = new WeakMap<object, unknown>();

export function setNodeContext(element: HTMLElement, context: unknown): void {
  contexts.set(element, context);
}

export function clearNodeContext(element: HTMLElement): void {
  contexts.delete(element);
}

type Push = (
  selector: string | null,
  owner: unknown,
  single: boolean,
  fields: Record<string, unknown>,
  cb: (result: unknown) => void,
) => void;

export function installNodeContexts(): void {
  const query = component.ComponentCaller.prototype.createSelectorQuery.call(null as never);
  const queryProto = Object.getPrototypeOf(query) as { _$push: Push };
  const push = queryProto._$push;
  queryProto._$push = function (selector, owner, single, fields, cb) {
    if (!fields.context) return push.call(this, selector, owner, single, fields, cb);
    // In place: exec() hands the same result objects to its own callback.
    const swap = (result: Record<string, unknown> | null) => {
      if (result?.context && contexts.has(result.context)) result.context = contexts.get(result.context);
    };
    return push.call(this, selector, owner, single, fields, (result) => {
      if (Array.isArray(result)) result.forEach(swap);
      else swap(result as Record<string, unknown> | null);
      cb(result);
    });
  };
}
