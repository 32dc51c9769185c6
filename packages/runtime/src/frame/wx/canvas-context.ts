/**
 * The legacy drawing API: `wx.createCanvasContext(canvasId, component?)` records calls and
 * `draw(reserve?, callback?)` plays them on the canvas (cleared first unless `reserve`), in
 * CSS pixels. Images (`drawImage` with a package or wxfile:// path) are loaded before the
 * replay. `wx.canvasToTempFilePath` saves a canvas (legacy by id, or a 2d `canvas` node).
 */
import { findLegacyCanvas, fitLegacyCanvas } from '../builtins/canvas.ts';
import { platform } from '../builtins/platform.ts';
import { ApiFailure, asyncApi } from './async-api.ts';
import { saveTempFile } from './temp-files.ts';

type Op = (ctx: CanvasRenderingContext2D, images: Map<string, HTMLImageElement>) => void;

/** Methods passed to the 2D context as they are. */
const PASS_THROUGH = [
  'arc',
  'arcTo',
  'beginPath',
  'bezierCurveTo',
  'clearRect',
  'clip',
  'closePath',
  'fill',
  'fillRect',
  'fillText',
  'lineTo',
  'moveTo',
  'quadraticCurveTo',
  'rect',
  'restore',
  'rotate',
  'save',
  'scale',
  'setLineDash',
  'setTransform',
  'stroke',
  'strokeRect',
  'strokeText',
  'transform',
  'translate',
] as const;

/** WeChat's setters (`setFillStyle(c)`) and the properties they set. */
const SETTERS: Record<string, string> = {
  setFillStyle: 'fillStyle',
  setStrokeStyle: 'strokeStyle',
  setLineWidth: 'lineWidth',
  setLineCap: 'lineCap',
  setLineJoin: 'lineJoin',
  setMiterLimit: 'miterLimit',
  setGlobalAlpha: 'globalAlpha',
  setTextAlign: 'textAlign',
  setTextBaseline: 'textBaseline',
};

const PROPERTIES = [
  'fillStyle',
  'strokeStyle',
  'lineWidth',
  'lineCap',
  'lineJoin',
  'miterLimit',
  'globalAlpha',
  'textAlign',
  'textBaseline',
  'font',
  'lineDashOffset',
  'shadowBlur',
  'shadowColor',
  'shadowOffsetX',
  'shadowOffsetY',
  'globalCompositeOperation',
] as const;

interface Scope {
  /** The component or page whose canvas is meant (its DOM node), else the current page. */
  root(component: unknown): Element | undefined;
  owner(component: unknown): string;
}

export function createCanvasContext(canvasId: string, component: unknown, scope: Scope) {
  const root = scope.root(component);
  const owner = scope.owner(component);
  let ops: Op[] = [];
  const sources = new Set<string>();
  const context: Record<string, unknown> = {};
  const values: Record<string, unknown> = {};
  for (const name of PASS_THROUGH) {
    context[name] = (...args: unknown[]) =>
      void ops.push((ctx) => (ctx[name] as (...a: unknown[]) => void).apply(ctx, args));
  }
  for (const name of PROPERTIES) {
    Object.defineProperty(context, name, {
      get: () => values[name],
      set: (value: unknown) => {
        values[name] = value;
        ops.push((ctx) => {
          (ctx as unknown as Record<string, unknown>)[name] = value;
        });
      },
    });
  }
  for (const [setter, property] of Object.entries(SETTERS))
    context[setter] = (value: unknown) => {
      context[property] = value;
    };
  context.setFontSize = (size: number) => {
    context.font = `${Number(size)}px sans-serif`;
  };
  context.setShadow = (x: number, y: number, blur: number, color: string) => {
    Object.assign(context, { shadowOffsetX: x, shadowOffsetY: y, shadowBlur: blur, shadowColor: color });
  };
  context.measureText = (text: string) => {
    const probe = document.createElement('canvas').getContext('2d')!;
    if (typeof values.font === 'string') probe.font = values.font;
    return { width: probe.measureText(String(text)).width };
  };
  context.drawImage = (src: unknown, ...args: number[]) => {
    const url = platform.resolveAsset(String(src), owner);
    sources.add(url);
    ops.push((ctx, images) => {
      const image = images.get(url);
      if (image) (ctx.drawImage as (...a: unknown[]) => void)(image, ...args);
    });
  };
  context.draw = (reserve?: boolean, callback?: () => void) => {
    const pending = ops;
    const needed = [...sources];
    ops = [];
    const images = new Map<string, HTMLImageElement>();
    void Promise.all(
      needed.map(
        (url) =>
          new Promise<void>((resolve) => {
            const image = new Image();
            image.crossOrigin = 'anonymous';
            image.onload = () => {
              images.set(url, image);
              resolve();
            };
            image.onerror = () => resolve();
            image.src = url;
          }),
      ),
    ).then(() => {
      const canvas = findLegacyCanvas(canvasId, root);
      const ctx = canvas?.getContext('2d');
      if (!canvas || !ctx) return;
      const ratio = fitLegacyCanvas(canvas);
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      if (!reserve) ctx.clearRect(0, 0, canvas.width, canvas.height);
      for (const op of pending) op(ctx, images);
      callback?.();
    });
  };
  return context;
}

export function installCanvasApis(wx: Record<string, unknown>, scope: Scope): void {
  wx.createCanvasContext = (canvasId: string, component?: unknown) =>
    createCanvasContext(String(canvasId), component, scope);
  wx.canvasToTempFilePath = asyncApi('canvasToTempFilePath', async (args) => {
    const canvas =
      args.canvas instanceof HTMLCanvasElement
        ? args.canvas
        : findLegacyCanvas(String(args.canvasId ?? ''), scope.root(args.component ?? undefined));
    if (!canvas) throw new ApiFailure('canvas not found');
    const ratio = args.canvas ? 1 : window.devicePixelRatio || 1;
    const x = Number(args.x ?? 0) * ratio;
    const y = Number(args.y ?? 0) * ratio;
    const width = Number(args.width ?? canvas.width / ratio - Number(args.x ?? 0)) * ratio;
    const height = Number(args.height ?? canvas.height / ratio - Number(args.y ?? 0)) * ratio;
    const out = document.createElement('canvas');
    out.width = Math.round(Number(args.destWidth ?? width));
    out.height = Math.round(Number(args.destHeight ?? height));
    out.getContext('2d')!.drawImage(canvas, x, y, width, height, 0, 0, out.width, out.height);
    const type = args.fileType === 'jpg' ? 'image/jpeg' : 'image/png';
    const blob = await new Promise<Blob | null>((resolve) =>
      out.toBlob(resolve, type, typeof args.quality === 'number' ? args.quality : 1),
    );
    if (!blob) throw new ApiFailure('canvas is empty');
    return { tempFilePath: saveTempFile(blob) };
  });
}
