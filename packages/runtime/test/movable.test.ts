/** `<movable-area>` / `<movable-view>` dragged with the mouse in Chromium. */
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byId, fixtureFiles, type Harness, openMiniProgram, startHarness } from './harness.ts';

let harness: Harness;
let page: Page;
let frame: Frame;

beforeAll(async () => {
  harness = await startHarness();
  const { packageBase } = await harness.publish('movable', await fixtureFiles('movable'));
  ({ page, frame } = await openMiniProgram(harness, packageBase));
});
afterAll(() => harness?.close());

type Change = { id: string; x: number; y: number; source: string };
const changes = async (id: string) =>
  (JSON.parse((await frame.textContent(byId('log'))) || '[]') as Change[]).filter((c) => c.id === id);
/** The view's offset inside its area, as drawn. */
const offset = (id: string) =>
  frame.$eval(byId(id), (v) => {
    const box = v.getBoundingClientRect();
    const area = v.parentElement!.getBoundingClientRect();
    return [box.left - area.left, box.top - area.top];
  });
async function drag(id: string, dx: number, dy: number) {
  const box = (await (await frame.$(byId(id)))!.boundingBox())!;
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx / 2, y + dy / 2, { steps: 3 });
  await page.mouse.move(x + dx, y + dy, { steps: 3 });
  await page.mouse.up();
}

describe('movable-view', () => {
  it('starts at x/y, follows a drag along its direction within the area, and moves to x from setData', async () => {
    await expect.poll(() => offset('free')).toEqual([10, 20]);
    expect(await offset('rail')).toEqual([0, 140]);

    await drag('free', 100, 50);
    expect(await offset('free')).toEqual([110, 70]);
    expect((await changes('free')).at(-1)).toEqual({ id: 'free', x: 110, y: 70, source: 'touch' });

    // Past the area's edge it stops there (300 - 50, 200 - 50).
    await drag('free', 200, 200);
    expect(await offset('free')).toEqual([250, 150]);

    // A horizontal view keeps its y.
    await drag('rail', 80, 60);
    expect(await offset('rail')).toEqual([80, 140]);
    expect((await changes('rail')).at(-1)).toEqual({ id: 'rail', x: 80, y: 140, source: 'touch' });

    await frame.click(byId('move'));
    await expect.poll(() => offset('free')).toEqual([200, 150]);
    expect((await changes('free')).at(-1)).toEqual({ id: 'free', x: 200, y: 150, source: '' });
  });
});
