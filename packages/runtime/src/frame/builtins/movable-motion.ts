/**
 * The motions of one axis of a `<movable-view>` after the finger lifts or `x` / `y` change:
 * a glide slowed by friction (`inertia`) and a spring towards a target (the animation to a new
 * `x` / `y`, and the spring back from past the area's edge). The model is the one uni-app's
 * reimplementation of WeChat's component uses: friction decelerates by 1000 × `friction` px/s²,
 * the spring has mass 1, stiffness 9 × damping² / 40 and damping coefficient `damping` (always
 * slightly over-damped, so it never rings). Positions are functions of time, so the end is exact.
 */

/** Where the axis is `t` seconds into the motion, and whether the motion is over. */
export type Motion = (t: number) => { at: number; velocity: number; done: boolean };

/** From `from` at `velocity` px/s, decelerating by `deceleration` px/s² until it stops. */
export function glide(from: number, velocity: number, deceleration: number): Motion {
  const direction = Math.sign(velocity);
  const end = Math.abs(velocity) / deceleration;
  return (t) => {
    const s = Math.min(t, end);
    const speed = Math.abs(velocity) - deceleration * s;
    return {
      at: from + direction * (Math.abs(velocity) * s - (deceleration * s * s) / 2),
      velocity: direction * speed,
      done: t >= end,
    };
  };
}

/** From `from` at `velocity` px/s towards `to`, with WeChat's `damping` (greater is faster). */
export function spring(from: number, to: number, velocity: number, damping: number): Motion {
  const c = damping;
  const k = (9 * damping * damping) / 40;
  const root = Math.sqrt(c * c - 4 * k);
  const r1 = (-c + root) / 2;
  const r2 = (-c - root) / 2;
  const x0 = from - to;
  const a = (velocity - r2 * x0) / (r1 - r2);
  const b = x0 - a;
  return (t) => {
    const offset = a * Math.exp(r1 * t) + b * Math.exp(r2 * t);
    const v = a * r1 * Math.exp(r1 * t) + b * r2 * Math.exp(r2 * t);
    // Within half a pixel and nearly still: there, exactly.
    const done = Math.abs(offset) < 0.5 && Math.abs(v) < 5;
    return { at: done ? to : to + offset, velocity: done ? 0 : v, done };
  };
}

/** The finger's speed (px/s) over its last 100 ms of samples; 0 when it rested before lifting. */
export function releaseVelocity(samples: { t: number; x: number; y: number }[], liftedAt: number) {
  const recent = samples.filter((s) => liftedAt - s.t <= 100);
  const first = recent[0];
  const last = recent.at(-1);
  if (!first || !last || last.t - first.t <= 0) return { x: 0, y: 0 };
  const seconds = (last.t - first.t) / 1000;
  return { x: (last.x - first.x) / seconds, y: (last.y - first.y) / seconds };
}
