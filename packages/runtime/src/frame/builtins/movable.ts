/**
 * `<movable-area>` / `<movable-view>`: the view is dragged (mouse or touch) inside its area
 * along `direction`, kept within the area's bounds, and reports `change` with `source: 'touch'`;
 * `x` / `y` from setData move it with `source: ''`, as WeChat does. No inertia, no
 * out-of-bounds overscroll, no scale.
 */
import { type Caller, hostElement } from './host-element.ts';

type Def = Record<string, unknown>;

const toPx = (value: unknown): number => {
  const n = Number.parseFloat(String(value ?? 0));
  return Number.isFinite(n) ? n : 0;
};

export const movableArea: Def = { properties: { scaleArea: Boolean } };

export const movableView: Def = {
  properties: {
    direction: { type: String, value: 'none' },
    inertia: Boolean,
    outOfBounds: Boolean,
    x: { type: null, value: 0 },
    y: { type: null, value: 0 },
    damping: { type: Number, value: 20 },
    friction: { type: Number, value: 2 },
    disabled: Boolean,
    scale: Boolean,
    animation: { type: Boolean, value: true },
  },
  observers: {
    // Only the axis that changed moves: the other stays where the user dragged it.
    x(this: Caller) {
      (this.__follow as (axis: 'x' | 'y') => void).call(this, 'x');
    },
    y(this: Caller) {
      (this.__follow as (axis: 'x' | 'y') => void).call(this, 'y');
    },
  },
  lifetimes: {
    attached(this: Caller) {
      const element = hostElement(this);
      let start: { x: number; y: number; left: number; top: number } | null = null;
      const down = (clientX: number, clientY: number) => {
        if (this.data.disabled || this.data.direction === 'none') return;
        const position = this.__position as { x: number; y: number } | undefined;
        start = { x: clientX, y: clientY, left: position?.x ?? 0, top: position?.y ?? 0 };
      };
      const move = (clientX: number, clientY: number) => {
        if (!start) return;
        const direction = String(this.data.direction);
        const x =
          direction === 'all' || direction === 'horizontal' ? start.left + clientX - start.x : start.left;
        const y = direction === 'all' || direction === 'vertical' ? start.top + clientY - start.y : start.top;
        (this.__moveTo as (x: number, y: number, source: string) => void).call(this, x, y, 'touch');
      };
      const up = () => {
        start = null;
      };
      element.addEventListener('mousedown', (e) => {
        // No text selection or native drag-and-drop, which would swallow the following mousemoves.
        if (!this.data.disabled && this.data.direction !== 'none') e.preventDefault();
        down(e.clientX, e.clientY);
      });
      window.addEventListener('mousemove', (e) => move(e.clientX, e.clientY));
      window.addEventListener('mouseup', up);
      element.addEventListener('touchstart', (e) =>
        down(e.touches[0]?.clientX ?? 0, e.touches[0]?.clientY ?? 0),
      );
      element.addEventListener(
        'touchmove',
        (e) => {
          if (!start) return;
          // The drag is the view's: the page must not scroll under it.
          e.preventDefault();
          move(e.touches[0]?.clientX ?? 0, e.touches[0]?.clientY ?? 0);
        },
        { passive: false },
      );
      element.addEventListener('touchend', up);
      // After layout, so the area's size is known.
      setTimeout(
        () =>
          (this.__moveTo as (x: number, y: number, s: string) => void).call(
            this,
            toPx(this.data.x),
            toPx(this.data.y),
            '',
          ),
        0,
      );
    },
  },
  methods: {
    __follow(this: Caller, axis: 'x' | 'y') {
      const position = this.__position as { x: number; y: number } | undefined;
      if (!position) return;
      const x = axis === 'x' ? toPx(this.data.x) : position.x;
      const y = axis === 'y' ? toPx(this.data.y) : position.y;
      (this.__moveTo as (x: number, y: number, s: string) => void).call(this, x, y, '');
    },
    __moveTo(this: Caller, x: number, y: number, source: string) {
      const element = hostElement(this);
      const area = element?.parentElement;
      if (!element || !area) return;
      const clamp = (value: number, room: number) =>
        room >= 0 ? Math.max(0, Math.min(value, room)) : Math.max(room, Math.min(value, 0));
      const next = {
        x: clamp(x, area.clientWidth - element.offsetWidth),
        y: clamp(y, area.clientHeight - element.offsetHeight),
      };
      const previous = this.__position as { x: number; y: number } | undefined;
      this.__position = next;
      element.style.transform = `translate(${next.x}px, ${next.y}px)`;
      // The first placement is not a change.
      if (!previous || (previous.x === next.x && previous.y === next.y)) return;
      this.triggerEvent('change', { x: next.x, y: next.y, source });
    },
  },
};
