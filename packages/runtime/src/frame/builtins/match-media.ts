/**
 * `<match-media>`: its children show only while the frame's window matches every condition
 * given (`min-width` … `height` in px, `orientation` landscape / portrait), re-checked as the
 * window changes size, as WeChat's webview does. The conditions become one CSS media query.
 */
import { type Caller, flag, hostElement } from './host-element.ts';

type Def = Record<string, unknown>;

const FEATURES = [
  ['minWidth', 'min-width'],
  ['maxWidth', 'max-width'],
  ['width', 'width'],
  ['minHeight', 'min-height'],
  ['maxHeight', 'max-height'],
  ['height', 'height'],
] as const;

/** `(min-width: 300px) and (orientation: landscape)`; `all` when nothing is set. */
export function mediaQuery(data: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [property, feature] of FEATURES) {
    const value = data[property];
    if (value === null || value === undefined || value === '') continue;
    const px = Number.parseFloat(String(value));
    if (Number.isFinite(px)) parts.push(`(${feature}: ${px}px)`);
  }
  const orientation = String(data.orientation ?? '');
  if (orientation === 'landscape' || orientation === 'portrait') parts.push(`(orientation: ${orientation})`);
  return parts.length > 0 ? parts.join(' and ') : 'all';
}

const unset = { type: null, value: null };

export const matchMedia: Def = {
  properties: {
    minWidth: unset,
    maxWidth: unset,
    width: unset,
    minHeight: unset,
    maxHeight: unset,
    height: unset,
    orientation: { type: String, value: '' },
  },
  observers: {
    'minWidth, maxWidth, width, minHeight, maxHeight, height, orientation': function (this: Caller) {
      if (this.__attached) (this.__watch as () => void).call(this);
    },
  },
  lifetimes: {
    attached(this: Caller) {
      this.__attached = true;
      (this.__watch as () => void).call(this);
    },
    detached(this: Caller) {
      this.__attached = false;
      (this.__unwatch as (() => void) | undefined)?.();
    },
  },
  methods: {
    __watch(this: Caller) {
      (this.__unwatch as (() => void) | undefined)?.();
      const element = hostElement(this);
      const list = window.matchMedia(mediaQuery(this.data));
      const apply = () => flag(element, 'wx-unmatched', !list.matches);
      apply();
      list.addEventListener('change', apply);
      this.__unwatch = () => list.removeEventListener('change', apply);
    },
  },
};
