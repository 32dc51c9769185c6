/**
 * `this.animate(selector, keyframes, duration, callback)` and `this.clearAnimation`: WeChat's
 * keyframe form (`{ opacity, rotate: 45, scale: [1, 2], backgroundColor, offset, ease }`) played
 * with the Web Animations API. Transform keys become one `transform`, numbers get WeChat's
 * units (px, deg), and the end state stays (WeChat keeps it until clearAnimation).
 */
import { convertRpx } from '../../build/wxss.ts';
import { TRANSFORMS, transformOf } from './animation.ts';

export type WxKeyframe = Record<string, unknown>;

const running = new WeakMap<HTMLElement, globalThis.Animation[]>();
const TRANSFORM_KEYS = new Set<string>(TRANSFORMS);

export function toCssKeyframe(frame: WxKeyframe): Keyframe {
  const out: Keyframe = {};
  const transforms: string[] = [];
  for (const [key, value] of Object.entries(frame)) {
    if (TRANSFORM_KEYS.has(key)) {
      transforms.push(transformOf({ type: key, args: Array.isArray(value) ? value : [value] }));
    } else if (key === 'ease') out.easing = String(value);
    else if (key === 'offset' || key === 'composite') (out as Record<string, unknown>)[key] = value;
    else if (key === 'opacity' || typeof value !== 'number') out[key] = convertRpx(String(value));
    else out[key] = `${value}px`;
  }
  if (transforms.length > 0) out.transform = transforms.join(' ');
  return out;
}

export function playKeyframes(
  nodes: HTMLElement[],
  keyframes: WxKeyframe[],
  duration: number,
  callback?: () => void,
): void {
  const frames = keyframes.map(toCssKeyframe);
  const animations = nodes.map((node) => {
    const animation = node.animate(frames, {
      duration: Math.max(0, Number(duration) || 0),
      fill: 'forwards',
    });
    running.set(node, [...(running.get(node) ?? []), animation]);
    return animation;
  });
  if (typeof callback !== 'function') return;
  // A cancelled animation (clearAnimation before the end) does not call back, as in WeChat.
  Promise.all(animations.map((a) => a.finished)).then(
    () => callback(),
    () => {},
  );
}

export function stopKeyframes(nodes: HTMLElement[]): void {
  for (const node of nodes) {
    for (const animation of running.get(node) ?? []) animation.cancel();
    running.delete(node);
  }
}
