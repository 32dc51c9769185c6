/**
 * `<canvas>`: the host node is an HTML canvas. With `type="2d"` (or `webgl`) the page gets it
 * as `node` from a selector query (`fields({ node: true })` / `.node()`), with WeChat's extra
 * members (`createImage`, `requestAnimationFrame`, …); without a type it is the legacy canvas
 * that `wx.createCanvasContext(canvasId)` draws on (wx/canvas-context.ts), its drawing buffer
 * kept at the node's CSS size × the device pixel ratio.
 */
import { component } from 'glass-easel-miniprogram-adapter';
import { type Caller, hostElement } from './host-element.ts';
import { platform } from './platform.ts';

type Def = Record<string, unknown>;

const legacyCanvases = new Map<string, Set<HTMLCanvasElement>>();

/** The legacy canvas named `canvasId` inside `root` (a page or component node). */
export function findLegacyCanvas(canvasId: string, root: Element | undefined): HTMLCanvasElement | undefined {
  for (const canvas of legacyCanvases.get(canvasId) ?? [])
    if (canvas.isConnected && (!root || root.contains(canvas))) return canvas;
  return undefined;
}

/** The buffer of a legacy canvas follows its CSS size, so drawing units are CSS pixels. */
export function fitLegacyCanvas(canvas: HTMLCanvasElement): number {
  const ratio = window.devicePixelRatio || 1;
  const width = Math.round(canvas.clientWidth * ratio);
  const height = Math.round(canvas.clientHeight * ratio);
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  return ratio;
}

/** WeChat's Canvas node: the element, plus what its API adds to the HTML one. */
function asWeChatCanvas(canvas: HTMLCanvasElement, owner: string): void {
  Object.assign(canvas, {
    createImage: () => {
      const image = new Image();
      // Package files come from another origin (with CORS): without this the canvas is tainted.
      image.crossOrigin = 'anonymous';
      const descriptor = Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, 'src')!;
      // Package paths and wxfile:// paths load like <image src>.
      Object.defineProperty(image, 'src', {
        get: () => descriptor.get!.call(image),
        set: (value: string) => descriptor.set!.call(image, platform.resolveAsset(String(value), owner)),
      });
      return image;
    },
    requestAnimationFrame: (fn: FrameRequestCallback) => window.requestAnimationFrame(fn),
    cancelAnimationFrame: (id: number) => window.cancelAnimationFrame(id),
    createImageData: (...args: [number, number]) => canvas.getContext('2d')?.createImageData(...args),
    createPath2D: (path?: string | Path2D) => new Path2D(path),
  });
}

export const canvas: Def = {
  properties: {
    type: String,
    canvasId: String,
    disableScroll: Boolean,
  },
  observers: {
    canvasId(this: Caller, id: string) {
      const element = hostElement(this) as HTMLCanvasElement;
      for (const set of legacyCanvases.values()) set.delete(element);
      if (id && !this.data.type) {
        if (!legacyCanvases.has(id)) legacyCanvases.set(id, new Set());
        legacyCanvases.get(id)!.add(element);
      }
    },
  },
  lifetimes: {
    attached(this: Caller) {
      const element = hostElement(this) as HTMLCanvasElement;
      asWeChatCanvas(element, this._$.ownerShadowRoot?.getHostNode().is ?? '');
      if (this.data.disableScroll)
        element.addEventListener('touchmove', (event) => event.preventDefault(), { passive: false });
    },
    detached(this: Caller) {
      const element = hostElement(this) as HTMLCanvasElement;
      for (const set of legacyCanvases.values()) set.delete(element);
    },
  },
};

type Push = (
  selector: string | null,
  component: unknown,
  single: boolean,
  fields: Record<string, unknown>,
  cb: (result: unknown) => void,
) => void;

/**
 * Selector queries answer `node` (glass-easel's adapter knows only `context`, which in this
 * backend is the DOM node): `fields({ node: true })` and `.node(cb)` give the canvas node.
 */
export function installNodeQueries(): void {
  const query = component.ComponentCaller.prototype.createSelectorQuery.call(null as never);
  const queryProto = Object.getPrototypeOf(query) as { _$push: Push };
  const push = queryProto._$push;
  queryProto._$push = function (selector, owner, single, fields, cb) {
    if (!fields.node) return push.call(this, selector, owner, single, fields, cb);
    // In place: exec() hands the same result objects to its own callback.
    const toNode = (result: Record<string, unknown> | null) => {
      if (!result) return;
      result.node = result.context;
      if (!fields.context) delete result.context;
    };
    return push.call(this, selector, owner, single, { ...fields, context: true }, (result) => {
      if (Array.isArray(result)) result.forEach(toNode);
      else toNode(result as Record<string, unknown> | null);
      cb(result);
    });
  };
  const refProto = Object.getPrototypeOf(query.select('')) as Record<string, unknown>;
  refProto.node = function (this: { fields: (f: object, cb?: unknown) => unknown }, cb?: unknown) {
    return this.fields({ node: true }, cb);
  };
}
