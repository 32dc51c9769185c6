/**
 * `wx.createAnimation` and the `animation` attribute: an Animation collects steps and
 * `export()`s WeChat's plain-data form (`{ actions: [{ animates, option }] }`), which the page
 * passes through `setData` to a node's `animation="{{…}}"`; `applyAnimation` then plays the
 * steps on that DOM node one after another with CSS transitions.
 */
import { convertRpx } from '../../build/wxss.ts';

export interface AnimationOptions {
  duration?: number;
  timingFunction?: string;
  delay?: number;
  transformOrigin?: string;
}

export interface Animate {
  type: string;
  args: unknown[];
}

export interface AnimationAction {
  animates: Animate[];
  option: {
    transition: { duration: number; timingFunction: string; delay: number };
    transformOrigin: string;
    transform?: unknown;
  };
}

export const TRANSFORMS = [
  'matrix',
  'matrix3d',
  'rotate',
  'rotate3d',
  'rotateX',
  'rotateY',
  'rotateZ',
  'scale',
  'scale3d',
  'scaleX',
  'scaleY',
  'scaleZ',
  'skew',
  'skewX',
  'skewY',
  'translate',
  'translate3d',
  'translateX',
  'translateY',
  'translateZ',
] as const;
const STYLES = ['opacity', 'backgroundColor', 'width', 'height', 'left', 'right', 'top', 'bottom'] as const;

type AnimationMethod = (typeof TRANSFORMS)[number] | (typeof STYLES)[number];
// The step methods are installed in the constructor.
export interface Animation extends Record<AnimationMethod, (...args: unknown[]) => Animation> {}

// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: see the interface above
export class Animation {
  private readonly defaults: Required<AnimationOptions>;
  private current: Animate[] = [];
  private actions: AnimationAction[] = [];

  constructor(options: AnimationOptions = {}) {
    this.defaults = {
      duration: options.duration ?? 400,
      timingFunction: options.timingFunction ?? 'linear',
      delay: options.delay ?? 0,
      transformOrigin: options.transformOrigin ?? '50% 50% 0',
    };
    for (const type of [...TRANSFORMS, ...STYLES]) {
      (this as unknown as Record<string, (...args: unknown[]) => Animation>)[type] = (...args: unknown[]) => {
        this.current.push({
          type: STYLES.includes(type as never) ? 'style' : type,
          args: styleArgs(type, args),
        });
        return this;
      };
    }
  }

  step(options: AnimationOptions = {}): this {
    const o = { ...this.defaults, ...options };
    this.actions.push({
      animates: this.current,
      option: {
        transition: { duration: o.duration, timingFunction: o.timingFunction, delay: o.delay },
        transformOrigin: o.transformOrigin,
      },
    });
    this.current = [];
    return this;
  }

  export(): { actions: AnimationAction[] } {
    const actions = this.actions;
    this.actions = [];
    return { actions };
  }
}

const styleArgs = (type: string, args: unknown[]): unknown[] =>
  STYLES.includes(type as never) ? [type.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`), args[0]] : args;

const length = (v: unknown): string => (typeof v === 'number' ? `${v}px` : convertRpx(String(v)));
const angle = (v: unknown): string => (typeof v === 'number' ? `${v}deg` : String(v));

export function transformOf(a: Animate): string {
  const args = a.args;
  switch (a.type) {
    case 'translate':
      return `translate(${length(args[0] ?? 0)}, ${length(args[1] ?? 0)})`;
    case 'translate3d':
      return `translate3d(${length(args[0] ?? 0)}, ${length(args[1] ?? 0)}, ${length(args[2] ?? 0)})`;
    case 'translateX':
    case 'translateY':
    case 'translateZ':
      return `${a.type}(${length(args[0] ?? 0)})`;
    case 'rotate':
    case 'rotateX':
    case 'rotateY':
    case 'rotateZ':
    case 'skewX':
    case 'skewY':
      return `${a.type}(${angle(args[0] ?? 0)})`;
    case 'skew':
      return `skew(${angle(args[0] ?? 0)}, ${angle(args[1] ?? 0)})`;
    case 'rotate3d':
      return `rotate3d(${args[0] ?? 0}, ${args[1] ?? 0}, ${args[2] ?? 0}, ${angle(args[3] ?? 0)})`;
    case 'scale':
      return `scale(${args[0] ?? 1}, ${args[1] ?? args[0] ?? 1})`;
    default:
      return `${a.type}(${args.map(String).join(', ')})`;
  }
}

const playing = new WeakMap<HTMLElement, number>();

/** Plays exported animation data on a node; a newer animation on the same node replaces it. */
export function applyAnimation(node: HTMLElement, value: unknown): void {
  const actions = (value as { actions?: unknown } | null)?.actions;
  if (!Array.isArray(actions)) return;
  const token = (playing.get(node) ?? 0) + 1;
  playing.set(node, token);
  const run = (index: number): void => {
    if (playing.get(node) !== token || index >= actions.length) return;
    const action = actions[index] as AnimationAction;
    const { duration = 0, timingFunction = 'linear', delay = 0 } = action.option?.transition ?? {};
    node.style.transition =
      duration > 0 || delay > 0 ? `all ${duration}ms ${timingFunction} ${delay}ms` : 'none';
    node.style.transformOrigin = action.option?.transformOrigin ?? '';
    const transforms: string[] = [];
    for (const a of action.animates ?? []) {
      if (a.type === 'style') {
        const [name, v] = a.args as [string, unknown];
        node.style.setProperty(
          name,
          name === 'opacity' || name === 'background-color' ? String(v) : length(v),
        );
      } else transforms.push(transformOf(a));
    }
    if (transforms.length) node.style.transform = transforms.join(' ');
    if (duration + delay > 0) setTimeout(() => run(index + 1), duration + delay);
    else {
      void node.offsetWidth; // commit this step before the next one transitions from it
      run(index + 1);
    }
  };
  run(0);
}
