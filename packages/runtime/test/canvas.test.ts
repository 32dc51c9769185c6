/**
 * `<canvas type="2d">` drawn through the node a selector query returns, and the legacy
 * `wx.createCanvasContext` API drawn with `draw()`; pixels are read back from the canvases.
 */
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byId, fixtureFiles, type Harness, openMiniProgram, startHarness } from './harness.ts';

let harness: Harness;
let page: Page;
let frame: Frame;

beforeAll(async () => {
  harness = await startHarness();
  const { packageBase } = await harness.publish('canvas', await fixtureFiles('canvas'));
  ({ page, frame } = await openMiniProgram(harness, packageBase));
});
afterAll(() => harness?.close());

const log = async () => JSON.parse((await frame.textContent(byId('log'))) || '[]');
const last = async (type: string) =>
  (await log()).filter((e: { type: string }) => e.type === type).at(-1)?.detail;

/** The RGBA of a CSS-pixel point of a canvas. */
const pixel = (id: string, x: number, y: number) =>
  frame.$eval(
    byId(id),
    (canvas, [px, py]) => {
      const c = canvas as HTMLCanvasElement;
      const ratio = c.width / c.clientWidth;
      return [...c.getContext('2d')!.getImageData(px! * ratio, py! * ratio, 1, 1).data];
    },
    [x, y],
  );

describe('canvas', () => {
  it('gives a type="2d" canvas node from fields({ node: true }), with createImage for package images', async () => {
    await expect.poll(() => last('modern')).toEqual({ width: 100, height: 50, image: [60, 30] });
    expect(await pixel('modern', 20, 20)).toEqual([255, 0, 0, 255]);
    expect(await pixel('modern', 5, 5)).toEqual([0, 0, 0, 0]);
    // The package image, drawn at 50,0 40×20: its blue (30,120,200).
    expect(await pixel('modern', 70, 10)).toEqual([30, 120, 200, 255]);
  });

  it('draws wx.createCanvasContext calls on draw(), in CSS pixels, then calls back', async () => {
    await frame.click(byId('draw-legacy'));
    await expect.poll(() => last('legacy')).toBe('drawn');
    expect(await pixel('legacy', 30, 20)).toEqual([0, 255, 0, 255]);
    expect(await pixel('legacy', 90, 30)).toEqual([0, 0, 255, 255]);
    expect(await pixel('legacy', 10, 45)).toEqual([30, 120, 200, 255]);
    expect(await pixel('legacy', 115, 5)).toEqual([0, 0, 0, 0]);
  });

  it('saves a canvas with wx.canvasToTempFilePath to a path <image> shows', async () => {
    await frame.click(byId('export'));
    await expect.poll(() => last('export')).toBe(true);
    const ratio = await page.evaluate(() => window.devicePixelRatio);
    await expect.poll(() => last('exported')).toEqual([120 * ratio, 60 * ratio]);
    expect(await page.evaluate(() => (window as never as { __logs: unknown[] }).__logs)).toEqual([]);
  });
});
