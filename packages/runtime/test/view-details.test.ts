/**
 * Details of builtin views WeChat documents: `hover-class` (with stop-propagation, timings,
 * button / navigator defaults, component scope), `text` `decode` / `space`, and the image
 * modes that only position the picture.
 */
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byId, fixtureFiles, type Harness, openMiniProgram, startHarness } from './harness.ts';

let harness: Harness;
let page: Page;
let frame: Frame;

beforeAll(async () => {
  harness = await startHarness();
  const { packageBase, diagnostics } = await harness.publish(
    'view-details',
    await fixtureFiles('view-details'),
  );
  expect(diagnostics).toEqual([]);
  ({ page, frame } = await openMiniProgram(harness, packageBase));
});
afterAll(() => harness?.close());

const style = (selector: string, property: string) =>
  frame.$eval(selector, (el, p) => getComputedStyle(el).getPropertyValue(p), property);
const text = (id: string) => frame.$eval(byId(id), (el) => el.textContent);

/** Presses the mouse on a node (in host page coordinates) and keeps it down. */
async function pressOn(selector: string): Promise<void> {
  const box = (await (await frame.$(selector))!.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 6));
  await page.mouse.down();
}

describe('builtin view details', () => {
  it('applies hover-class while pressed and removes it hover-stay-time after release', async () => {
    await pressOn(byId('hover'));
    await expect.poll(() => style(byId('hover'), 'color')).toBe('rgb(200, 0, 0)');
    await page.mouse.up();
    // Still pressed-looking right after release (hover-stay-time 150 ms), then back.
    expect(await style(byId('hover'), 'color')).toBe('rgb(200, 0, 0)');
    await expect.poll(() => style(byId('hover'), 'color')).toBe('rgb(0, 0, 0)');
  });

  it('stops at hover-stop-propagation; otherwise ancestors are pressed too', async () => {
    await pressOn(byId('inner'));
    await expect.poll(() => style(byId('inner'), 'color')).toBe('rgb(0, 0, 200)');
    expect(await style(byId('outer'), 'background-color')).toBe('rgba(0, 0, 0, 0)');
    await page.mouse.up();
    await pressOn(byId('plain-inner'));
    await expect.poll(() => style(byId('outer'), 'background-color')).toBe('rgb(0, 200, 0)');
    await page.mouse.up();
  });

  it('gives button and navigator their default hover classes, honours hover-class="none" and component scope', async () => {
    await pressOn(byId('btn'));
    await expect.poll(() => frame.getAttribute(byId('btn'), 'wx-hover')).toBe('button-hover');
    expect(await style(byId('btn'), 'opacity')).toBe('0.7');
    await page.mouse.up();
    await pressOn(byId('btn-custom'));
    await expect.poll(() => style(byId('btn-custom'), 'color')).toBe('rgb(9, 9, 9)');
    await page.mouse.up();
    await pressOn(byId('btn-none'));
    await new Promise((r) => setTimeout(r, 120));
    expect(await frame.getAttribute(byId('btn-none'), 'wx-hover')).toBeNull();
    await page.mouse.up();
    await pressOn(`${byId('chip')} [id="chip-body"]`);
    await expect.poll(() => style(`${byId('chip')} [id="chip-body"]`, 'color')).toBe('rgb(0, 120, 120)');
    await page.mouse.up();
    await pressOn(byId('nav'));
    await expect.poll(() => style(byId('nav'), 'color')).toBe('rgb(8, 8, 8)');
    // Moving off cancels the press (and the tap): the class goes at once.
    await page.mouse.move(5, 600);
    await expect.poll(() => style(byId('nav'), 'color')).toBe('rgb(0, 0, 0)');
    await page.mouse.up();
  });

  it('decodes entities in text with decode, bound text included', async () => {
    expect(await text('decoded')).toBe("a\u00a0b<c>d&e'f\u2002g\u2003h");
    // Bound text is decoded only with decode: the same string without it stays as written.
    expect(await text('decoded-dynamic')).toBe('x<y');
    expect(await text('raw-dynamic')).toBe('x&lt;y');
  });

  it('turns spaces into ensp, emsp or nbsp with space, also after setData', async () => {
    expect(await text('ensp')).toBe('a\u2002b');
    expect(await text('emsp')).toBe('a\u2003b');
    expect(await text('nbsp')).toBe('p\u00a0q');
    await frame.click(byId('set'));
    await expect.poll(() => text('nbsp')).toBe('r\u00a0s\u00a0t');
    await expect.poll(() => text('decoded-dynamic')).toBe('m&n');
  });

  it('draws the slider in its active and background colours with a block of block-size and block-color', async () => {
    const input = (await frame.$(`${byId('colored')} input`))!;
    const box = (await input.boundingBox())!;
    expect(box.height).toBe(20);
    const png = (await input.screenshot()).toString('base64');
    // Pixels read back in the host page (a canvas over the screenshot): no image library needed.
    const pixel = (x: number, y: number) =>
      page.evaluate(
        ([data, px, py]) =>
          new Promise<number[]>((resolve) => {
            const img = new Image();
            img.onload = () => {
              const canvas = document.createElement('canvas');
              canvas.width = img.width;
              canvas.height = img.height;
              const context = canvas.getContext('2d')!;
              context.drawImage(img, 0, 0);
              resolve([...context.getImageData(px as number, py as number, 1, 1).data.slice(0, 3)]);
            };
            img.src = `data:image/png;base64,${data}`;
          }),
        [png, Math.round(x), Math.round(y)] as const,
      );
    const mid = box.height / 2;
    expect(await pixel(box.width / 4, mid)).toEqual([255, 0, 0]);
    expect(await pixel((box.width * 3) / 4, mid)).toEqual([0, 0, 255]);
    expect(await pixel(box.width / 2, mid)).toEqual([0, 255, 0]);
  });

  it('positions the picture for the bottom, center, left, right and corner image modes, unscaled', async () => {
    const position = (id: string) => style(`${byId(id)} .wxb--image-content`, 'background-position');
    expect(await position('bottom')).toBe('50% 100%');
    expect(await position('center')).toBe('50% 50%');
    expect(await position('left')).toBe('0% 50%');
    expect(await position('right')).toBe('100% 50%');
    expect(await position('top-left')).toBe('0% 0%');
    expect(await position('top-right')).toBe('100% 0%');
    expect(await position('bottom-left')).toBe('0% 100%');
    expect(await position('bottom-right')).toBe('100% 100%');
    expect(await style(`${byId('center')} .wxb--image-content`, 'background-size')).toBe('auto');
    await page.close();
  });
});
