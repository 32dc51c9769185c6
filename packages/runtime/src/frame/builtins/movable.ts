/**
 * `<movable-area>` / `<movable-view>` as WeChat documents them: the view is dragged (mouse or
 * one finger) along `direction` inside its area; with `out-of-bounds` it may be dragged past
 * the edge (at half the finger's speed) and springs back when released; with `inertia` it
 * keeps gliding after release, slowed by `friction`; `x` / `y` from setData animate there with
 * `damping` (or jump with `animation="{{false}}"`). With `scale`, two fingers pinch it between
 * `scale-min` and `scale-max` (anywhere in the area when the area has `scale-area`), reported
 * by `bindscale`; `scale-value` sets it. `change` carries WeChat's `source`: touch,
 * touch-out-of-bounds, out-of-bounds, friction, or '' (setData). The first move of a gesture
 * sends `htouchmove` or `vtouchmove`. The view scales about its centre; x / y are its translation.
 */
import { type Caller, flag, hostElement } from './host-element.ts';
import { glide, type Motion, releaseVelocity, spring } from './movable-motion.ts';

type Def = Record<string, unknown>;
type Axis = 'x' | 'y';
type Running = { motion: Motion; startedAt: number; source: string; gliding: boolean };

const positive = (value: unknown, fallback: number) => {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : fallback;
};

/** px by default, rpx against the frame's width as WeChat's 750-wide design unit. */
function toPx(value: unknown): number {
  const text = String(value ?? 0);
  const n = Number.parseFloat(text);
  if (!Number.isFinite(n)) return 0;
  return text.trim().endsWith('rpx') ? (n * window.innerWidth) / 750 : n;
}

class Movable {
  position: { x: number; y: number } | null = null;
  scale = 1;
  private running: Partial<Record<Axis, Running>> = {};
  private frame = 0;
  private drag: {
    pointer: { x: number; y: number };
    from: { x: number; y: number };
    samples: { t: number; x: number; y: number }[];
    announced: boolean;
  } | null = null;
  private pinch: { distance: number; scale: number } | null = null;
  readonly abort = new AbortController();

  constructor(
    private readonly caller: Caller,
    readonly element: HTMLElement,
  ) {}

  get area(): HTMLElement | null {
    return this.element.parentElement;
  }
  private get data() {
    return this.caller.data;
  }
  private axes(): Axis[] {
    const direction = String(this.data.direction);
    if (direction === 'all') return ['x', 'y'];
    if (direction === 'horizontal') return ['x'];
    if (direction === 'vertical') return ['y'];
    return [];
  }

  /** Where the view may rest on an axis at the current scale (the scaled box inside the area). */
  bounds(axis: Axis): [number, number] {
    const area = this.area;
    const size = axis === 'x' ? this.element.offsetWidth : this.element.offsetHeight;
    const room = area ? (axis === 'x' ? area.clientWidth : area.clientHeight) : size;
    const grow = (size * (this.scale - 1)) / 2;
    const low = grow;
    const high = room - size - grow;
    return high >= low ? [low, high] : [high, low];
  }
  private clamp(axis: Axis, value: number): number {
    const [low, high] = this.bounds(axis);
    return Math.max(low, Math.min(value, high));
  }
  private outside(axis: Axis, value: number): boolean {
    return this.clamp(axis, value) !== value;
  }

  private render() {
    const { x, y } = this.position ?? { x: 0, y: 0 };
    this.element.style.transform = `translate(${x}px, ${y}px) scale(${this.scale})`;
  }
  private place(next: { x: number; y: number }, source: string | null) {
    const previous = this.position;
    this.position = next;
    this.render();
    if (source === null || !previous || (previous.x === next.x && previous.y === next.y)) return;
    this.caller.triggerEvent('change', { x: next.x, y: next.y, source });
  }

  /** The first placement (after layout, so sizes are known): not a change. */
  start() {
    this.scale = this.scaleWithin(this.data.scaleValue);
    this.place({ x: this.clamp('x', toPx(this.data.x)), y: this.clamp('y', toPx(this.data.y)) }, null);
  }

  /** `x` or `y` changed from setData: only that axis moves, animated unless `animation` is false. */
  follow(axis: Axis) {
    if (!this.position) return;
    const target = this.clamp(axis, toPx(this.data[axis]));
    if (this.data.animation === false) {
      delete this.running[axis];
      this.place({ ...this.position, [axis]: target }, '');
      return;
    }
    this.run(axis, spring(this.position[axis], target, 0, this.damping()), '', false);
  }

  private damping() {
    return positive(this.data.damping, 20);
  }
  private scaleWithin(value: unknown): number {
    const low = positive(this.data.scaleMin, 0.1);
    const high = positive(this.data.scaleMax, 10);
    return Math.max(low, Math.min(positive(value, 1), high));
  }

  /** `scale-value` from setData. */
  setScale(value: unknown) {
    if (!this.position) return;
    this.scale = this.scaleWithin(value);
    this.position = { x: this.clamp('x', this.position.x), y: this.clamp('y', this.position.y) };
    this.render();
  }

  private run(axis: Axis, motion: Motion, source: string, gliding: boolean) {
    this.running[axis] = { motion, startedAt: performance.now(), source, gliding };
    if (!this.frame) this.frame = requestAnimationFrame((now) => this.step(now));
  }
  private stop() {
    this.running = {};
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
  }

  private step(now: number) {
    this.frame = 0;
    if (!this.position) return;
    const next = { ...this.position };
    const sources: string[] = [];
    for (const axis of ['x', 'y'] as const) {
      const running = this.running[axis];
      if (!running) continue;
      const t = Math.max(0, now - running.startedAt) / 1000;
      const { at, velocity, done } = running.motion(t);
      sources.push(running.source);
      next[axis] = at;
      if (running.gliding && this.outside(axis, at)) {
        // A glide reaching the edge: past it with out-of-bounds (then back), else it stops there.
        const edge = this.clamp(axis, at);
        if (this.data.outOfBounds) {
          this.running[axis] = {
            motion: spring(at, edge, velocity, this.damping()),
            startedAt: now,
            source: 'out-of-bounds',
            gliding: false,
          };
        } else {
          next[axis] = edge;
          delete this.running[axis];
        }
      } else if (done) delete this.running[axis];
    }
    const source = ['out-of-bounds', 'friction', ''].find((s) => sources.includes(s)) ?? '';
    this.place(next, source);
    if (this.running.x || this.running.y) this.frame = requestAnimationFrame((t) => this.step(t));
  }

  // ---- one finger or the mouse

  down(pointer: { x: number; y: number }, t: number) {
    if (this.data.disabled || !this.position) return;
    this.stop();
    this.drag = { pointer, from: { ...this.position }, samples: [{ t, ...pointer }], announced: false };
  }

  /** Returns whether the gesture is the view's (the page must not scroll under it). */
  move(pointer: { x: number; y: number }, t: number): boolean {
    const drag = this.drag;
    if (!drag || !this.position) return false;
    const dx = pointer.x - drag.pointer.x;
    const dy = pointer.y - drag.pointer.y;
    if (!drag.announced && (dx !== 0 || dy !== 0)) {
      drag.announced = true;
      this.caller.triggerEvent(Math.abs(dx) > Math.abs(dy) ? 'htouchmove' : 'vtouchmove', {});
    }
    const axes = this.axes();
    if (axes.length === 0) return false;
    drag.samples.push({ t, ...pointer });
    if (drag.samples.length > 20) drag.samples.shift();
    const next = { ...this.position };
    let beyond = false;
    for (const axis of axes) {
      const wanted = drag.from[axis] + (axis === 'x' ? dx : dy);
      const edge = this.clamp(axis, wanted);
      if (edge !== wanted && this.data.outOfBounds) {
        next[axis] = edge + (wanted - edge) / 2;
        beyond = true;
      } else next[axis] = edge;
    }
    this.place(next, beyond ? 'touch-out-of-bounds' : 'touch');
    return true;
  }

  up(t: number) {
    const drag = this.drag;
    this.drag = null;
    if (!drag || !this.position) return;
    const velocity = releaseVelocity(drag.samples, t);
    const speed = Math.hypot(velocity.x, velocity.y);
    for (const axis of this.axes()) {
      const at = this.position[axis];
      if (this.outside(axis, at)) {
        this.run(axis, spring(at, this.clamp(axis, at), 0, this.damping()), 'out-of-bounds', false);
      } else if (this.data.inertia && velocity[axis] !== 0) {
        // Friction acts against the whole velocity: each axis slows in proportion, both stop together.
        const deceleration = (1000 * positive(this.data.friction, 2) * Math.abs(velocity[axis])) / speed;
        this.run(axis, glide(at, velocity[axis], deceleration), 'friction', true);
      }
    }
  }

  // ---- two fingers

  pinchStart(touches: TouchList) {
    if (!this.data.scale || this.data.disabled || touches.length < 2 || !this.position) return;
    this.drag = null;
    this.stop();
    this.pinch = { distance: spread(touches), scale: this.scale };
  }
  pinchMove(touches: TouchList): boolean {
    if (!this.pinch || touches.length < 2 || !this.position) return false;
    const scale = this.scaleWithin((this.pinch.scale * spread(touches)) / this.pinch.distance);
    if (scale === this.scale) return true;
    this.scale = scale;
    this.position = { x: this.clamp('x', this.position.x), y: this.clamp('y', this.position.y) };
    this.render();
    this.caller.triggerEvent('scale', { x: this.position.x, y: this.position.y, scale });
    return true;
  }
  pinchEnd(touches: TouchList) {
    if (touches.length < 2) this.pinch = null;
  }
  get pinching() {
    return this.pinch !== null;
  }
}

function spread(touches: TouchList): number {
  const a = touches[0]!;
  const b = touches[1]!;
  return Math.hypot(a.clientX - b.clientX, a.clientY - b.clientY) || 1;
}

const movableOf = (caller: Caller) => caller.__movable as Movable | undefined;

export const movableArea: Def = {
  properties: { scaleArea: Boolean },
  observers: {
    // The views read it from their area's host node.
    scaleArea(this: Caller, on: boolean) {
      flag(hostElement(this), 'wharf-scale-area', on);
    },
  },
};

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
    scaleMin: { type: Number, value: 0.1 },
    scaleMax: { type: Number, value: 10 },
    scaleValue: { type: Number, value: 1 },
    animation: { type: Boolean, value: true },
  },
  observers: {
    x(this: Caller) {
      movableOf(this)?.follow('x');
    },
    y(this: Caller) {
      movableOf(this)?.follow('y');
    },
    scaleValue(this: Caller, value: number) {
      movableOf(this)?.setScale(value);
    },
  },
  lifetimes: {
    attached(this: Caller) {
      const view = new Movable(this, hostElement(this));
      this.__movable = view;
      const { signal } = view.abort;
      const { element } = view;
      const area = view.area;
      element.addEventListener(
        'mousedown',
        (e) => {
          // No text selection or native drag-and-drop, which would swallow the following mousemoves.
          if (!this.data.disabled && this.data.direction !== 'none') e.preventDefault();
          view.down({ x: e.clientX, y: e.clientY }, e.timeStamp);
        },
        { signal },
      );
      window.addEventListener('mousemove', (e) => view.move({ x: e.clientX, y: e.clientY }, e.timeStamp), {
        signal,
      });
      window.addEventListener('mouseup', (e) => view.up(e.timeStamp), { signal });
      // Touches are heard on the area: a pinch with `scale-area` may start outside the view.
      const mine = (e: TouchEvent) =>
        element.contains(e.target as Node) || (area?.hasAttribute('wharf-scale-area') ?? false);
      const target = area ?? element;
      target.addEventListener(
        'touchstart',
        (e) => {
          if (!mine(e)) return;
          if (e.touches.length >= 2) view.pinchStart(e.touches);
          else if (element.contains(e.target as Node)) {
            const touch = e.touches[0]!;
            view.down({ x: touch.clientX, y: touch.clientY }, e.timeStamp);
          }
        },
        { signal },
      );
      target.addEventListener(
        'touchmove',
        (e) => {
          const touch = e.touches[0];
          const taken = view.pinching
            ? view.pinchMove(e.touches)
            : touch !== undefined && view.move({ x: touch.clientX, y: touch.clientY }, e.timeStamp);
          if (taken) e.preventDefault();
        },
        { passive: false, signal },
      );
      const end = (e: TouchEvent) => {
        if (view.pinching) view.pinchEnd(e.touches);
        else if (e.touches.length === 0) view.up(e.timeStamp);
      };
      target.addEventListener('touchend', end, { signal });
      target.addEventListener('touchcancel', end, { signal });
      // After layout, so the area's size is known.
      setTimeout(() => view.start(), 0);
    },
    detached(this: Caller) {
      movableOf(this)?.abort.abort();
    },
  },
};
