/** `<movable-area>` / `<movable-view>` driven with the mouse and with CDP touches in Chromium. */
import type { CDPSession, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byId, fixtureFiles, type Harness, openMiniProgram, startHarness } from './harness.ts';

let harness: Harness;
let page: Page;
let frame: Frame;
let cdp: CDPSession;

beforeAll(async () => {
  harness = await startHarness();
  const { packageBase } = await harness.publish('movable', await fixtureFiles('movable'));
  page = await harness.browser.newPage({ viewport: { width: 375, height: 667 }, hasTouch: true });
  await page.goto(`${harness.hostOrigin}/host.html`);
  await page.waitForFunction(() => (window as unknown as { __hostReady?: boolean }).__hostReady === true);
  ({ frame } = await openMiniProgram(harness, packageBase, { page }));
  cdp = await page.context().newCDPSession(page);
});
afterAll(() => harness?.close());

type Change = { id: string; x: number; y: number; source: string };
const changes = async (id: string) =>
  (JSON.parse((await frame.textContent(byId('log'))) || '[]') as Change[]).filter((c) => c.id === id);
const lastChange = async (id: string) => (await changes(id)).at(-1);
type Event = { id: string; type: string; x?: number; y?: number; scale?: number };
const events = async () => JSON.parse((await frame.textContent(byId('events'))) || '[]') as Event[];
/** The view's offset inside its area, as drawn (its translation: the box less its scaling about the centre). */
const offset = (id: string) =>
  frame.$eval(byId(id), (v) => {
    const box = v.getBoundingClientRect();
    const area = v.parentElement!.getBoundingClientRect();
    const view = v as HTMLElement;
    return [
      box.left - area.left - (view.offsetWidth - box.width) / 2,
      box.top - area.top - (view.offsetHeight - box.height) / 2,
    ].map((n) => Math.round(n * 1000) / 1000);
  });
const width = (id: string) => frame.$eval(byId(id), (v) => v.getBoundingClientRect().width);
const centre = async (id: string) => {
  const box = (await (await frame.$(byId(id)))!.boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + box.height / 2, box };
};

async function drag(id: string, dx: number, dy: number) {
  const { x, y } = await centre(id);
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx / 2, y + dy / 2, { steps: 3 });
  await page.mouse.move(x + dx, y + dy, { steps: 3 });
  await page.mouse.up();
}

/**
 * One finger from `id`'s centre, `steps` moves of (dx, dy) each, `ms` apart by the events' own
 * timestamps (so the speed the view measures does not depend on how busy the machine is).
 */
async function swipe(id: string, dx: number, dy: number, steps: number, ms = 20) {
  const { x, y } = await centre(id);
  const t0 = Date.now() / 1000;
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }], timestamp: t0 });
  for (let i = 1; i <= steps; i++)
    await cdp.send('Input.dispatchTouchEvent', {
      type: 'touchMove',
      touchPoints: [{ x: x + i * dx, y: y + i * dy }],
      timestamp: t0 + (i * ms) / 1000,
    });
  /** Lifts the finger `rest` ms after its last move. */
  return (rest = 0) =>
    cdp.send('Input.dispatchTouchEvent', {
      type: 'touchEnd',
      touchPoints: [],
      timestamp: t0 + (steps * ms + rest) / 1000,
    });
}

/** Two fingers `from` px apart (horizontally, about `at`) spread or closed to `to` px apart. */
async function pinch(at: { x: number; y: number }, from: number, to: number) {
  const points = (d: number) => [
    { x: at.x - d / 2, y: at.y, id: 1 },
    { x: at.x + d / 2, y: at.y, id: 2 },
  ];
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: points(from) });
  for (let i = 1; i <= 4; i++)
    await cdp.send('Input.dispatchTouchEvent', {
      type: 'touchMove',
      touchPoints: points(from + ((to - from) * i) / 4),
    });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

describe('movable-view', () => {
  it('starts at x/y, follows a drag along its direction within the area, and moves to x from setData', async () => {
    await expect.poll(() => offset('free')).toEqual([10, 20]);
    expect(await offset('rail')).toEqual([0, 140]);

    await drag('free', 100, 50);
    expect(await offset('free')).toEqual([110, 70]);
    expect(await lastChange('free')).toEqual({ id: 'free', x: 110, y: 70, source: 'touch' });

    // Past the area's edge it stops there (300 - 50, 200 - 50).
    await drag('free', 200, 200);
    expect(await offset('free')).toEqual([250, 150]);

    // A horizontal view keeps its y.
    await drag('rail', 80, 60);
    expect(await offset('rail')).toEqual([80, 140]);
    expect(await lastChange('rail')).toEqual({ id: 'rail', x: 80, y: 140, source: 'touch' });
  });

  it('animates to a new x with its damping (greater is faster), and jumps with animation false', async () => {
    // Every frame's x of three views, from before the tap until the slow one arrives.
    await frame.evaluate(() => {
      const samples: number[][] = [];
      (globalThis as unknown as { __samples: number[][] }).__samples = samples;
      const x = (id: string) => {
        const v = document.querySelector(`.wx-page-host:not([hidden]) [id="${id}"]`)!;
        return v.getBoundingClientRect().left - v.parentElement!.getBoundingClientRect().left;
      };
      const sample = () => {
        samples.push([x('free'), x('soft'), x('jump')]);
        if (samples.length < 600) requestAnimationFrame(sample);
      };
      requestAnimationFrame(sample);
    });
    await frame.click(byId('move'));
    await expect.poll(() => offset('free'), { timeout: 5000 }).toEqual([200, 150]);
    expect(await lastChange('free')).toEqual({ id: 'free', x: 200, y: 150, source: '' });
    await expect.poll(() => offset('soft'), { timeout: 10_000 }).toEqual([200, 80]);
    const samples = await frame.evaluate(
      () => (globalThis as unknown as { __samples: number[][] }).__samples,
    );
    const moving = samples.filter(([free]) => free! < 250 && free! > 200);
    // It took frames to get there (no jump), never past the target (no ringing), always closer.
    expect(moving.length).toBeGreaterThan(3);
    for (let i = 1; i < samples.length; i++) expect(samples[i]![0]!).toBeLessThanOrEqual(samples[i - 1]![0]!);
    // While the default damping (20) moves from 250 to 200, damping 5 (from 20 to 200) has covered less of its way...
    for (const [free, soft] of moving) expect((soft! - 20) / 180).toBeLessThan((250 - free!) / 50);
    // ...and the view without animation was already there.
    for (const [, , jump] of moving) expect(jump).toBe(200);
  });

  it('glides on after a quick release, slowed by friction, with source friction', async () => {
    await expect.poll(() => offset('glide')).toEqual([0, 0]);
    // 5 × 10 px in 100 ms: released at 50 px, 500 px/s. Friction 2 slows it by 2000 px/s²:
    // 500² / (2 × 2000) = 62.5 px further; friction 8: 15.625 px.
    await (await swipe('glide', 10, 0, 5))();
    await expect.poll(() => offset('glide')).toEqual([112.5, 0]);
    expect(await lastChange('glide')).toEqual({ id: 'glide', x: 112.5, y: 0, source: 'friction' });

    await (await swipe('rough', 10, 0, 5))();
    await expect.poll(() => offset('rough')).toEqual([65.625, 45]);
    expect(await lastChange('rough')).toEqual({ id: 'rough', x: 65.625, y: 45, source: 'friction' });

    // A finger that rests 200 ms before lifting leaves no speed: no glide.
    await (await swipe('glide', 10, 0, 3))(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(await offset('glide')).toEqual([142.5, 0]);
  });

  it('with out-of-bounds is dragged past the edge at half speed and springs back', async () => {
    await expect.poll(() => offset('bounce')).toEqual([270, 90]);
    const release = await swipe('bounce', 10, 0, 4, 40);
    expect(await offset('bounce')).toEqual([290, 90]);
    expect(await lastChange('bounce')).toEqual({
      id: 'bounce',
      x: 290,
      y: 90,
      source: 'touch-out-of-bounds',
    });
    await release();
    await expect.poll(() => offset('bounce')).toEqual([270, 90]);
    expect(await lastChange('bounce')).toEqual({ id: 'bounce', x: 270, y: 90, source: 'out-of-bounds' });
  });

  it('sends htouchmove or vtouchmove once per gesture, by its first move', async () => {
    const before = (await events()).length;
    await (await swipe('free', -8, 2, 3))();
    await (await swipe('free', 1, -8, 3))();
    expect((await events()).slice(before)).toEqual([
      { id: 'free', type: 'htouchmove' },
      { id: 'free', type: 'vtouchmove' },
    ]);
  });

  it('pinches between scale-min and scale-max with bindscale, in the view or anywhere in a scale-area', async () => {
    const zoom = await centre('zoom');
    expect(await width('zoom')).toBe(40);
    // 20 → 60 px apart: × 3, held at scale-max 2; x / y stay where the scaled box fits.
    await pinch(zoom, 20, 60);
    expect(await width('zoom')).toBe(80);
    expect((await events()).filter((e) => e.id === 'zoom').at(-1)).toEqual({
      id: 'zoom',
      type: 'scale',
      x: 55,
      y: 30,
      scale: 2,
    });
    // 60 → 10: held at scale-min 0.5.
    await pinch(zoom, 60, 10);
    expect(await width('zoom')).toBe(20);
    expect((await events()).at(-1)).toMatchObject({ id: 'zoom', scale: 0.5 });

    // Without scale-area, two fingers beside the view do nothing.
    const count = (await events()).length;
    const area = (await (await frame.$(byId('zooms')))!.boundingBox())!;
    await pinch({ x: area.x + 20, y: area.y + 80 }, 10, 30);
    expect((await events()).length).toBe(count);

    // scale-value from setData.
    const button = await centre('zoom-set');
    await page.touchscreen.tap(button.x, button.y);
    await expect.poll(() => width('zoom')).toBe(60);

    // With scale-area, beside the view: × 3 (scale-max 10), and x / y pushed in to fit (30, 30).
    const wide = (await (await frame.$(byId('pinch-area')))!.boundingBox())!;
    await pinch({ x: wide.x + 110, y: wide.y + 70 }, 20, 60);
    expect(await width('zoom-area')).toBe(90);
    expect((await events()).at(-1)).toEqual({ id: 'zoom-area', type: 'scale', x: 30, y: 30, scale: 3 });
    expect(await offset('zoom-area')).toEqual([30, 30]);
  });
});
