/**
 * Builtin attributes measured in Chromium: progress (`show-info`, sizes, colours, `active`),
 * swiper `previous-margin` / `next-margin` / `display-multiple-items`, text `user-select`,
 * textarea `auto-height`, `wx://form-field-group`, cover-image.
 */
import type { Frame } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byId, fixtureFiles, type Harness, openMiniProgram, startHarness } from './harness.ts';

let harness: Harness;
let frame: Frame;

beforeAll(async () => {
  harness = await startHarness();
  const { packageBase, diagnostics } = await harness.publish(
    'builtin-details',
    await fixtureFiles('builtin-details'),
  );
  expect(diagnostics).toEqual([]);
  ({ frame } = await openMiniProgram(harness, packageBase));
});
afterAll(() => harness?.close());

const log = async () => JSON.parse((await frame.textContent(byId('log'))) || '[]') as unknown[];
const style = (selector: string, property: string) =>
  frame.$eval(selector, (el, p) => getComputedStyle(el).getPropertyValue(p), property);
const rect = (selector: string) =>
  frame.$eval(selector, (el) => {
    const r = el.getBoundingClientRect();
    return { left: r.left, width: r.width, height: r.height };
  });
/** The filled share of a progress bar. */
const filled = async (id: string) => {
  const bar = await rect(`${byId(id)} .wxb--progress-bar`);
  const inner = await rect(`${byId(id)} .wxb--progress-inner`);
  return Math.round((inner.width / bar.width) * 100);
};

describe('builtin details', () => {
  it('draws progress with its stroke width, colours and radius, shows the percentage with show-info, and follows percent', async () => {
    expect(await filled('plain')).toBe(40);
    expect(await frame.$(`${byId('plain')} .wxb--progress-info`)).toBeNull();
    expect((await rect(`${byId('plain')} .wxb--progress-bar`)).height).toBe(6);
    expect(await style(`${byId('plain')} .wxb--progress-inner`, 'background-color')).toBe('rgb(9, 187, 7)');
    expect(await frame.getAttribute(byId('plain'), 'role')).toBe('progressbar');
    expect(await frame.getAttribute(byId('plain'), 'aria-valuenow')).toBe('40');

    expect(await frame.textContent(`${byId('info')} .wxb--progress-info`)).toBe('30%');
    expect(await style(`${byId('info')} .wxb--progress-info`, 'font-size')).toBe('20px');
    expect((await rect(`${byId('info')} .wxb--progress-bar`)).height).toBe(10);
    expect(await style(`${byId('info')} .wxb--progress-bar`, 'border-radius')).toBe('5px');
    expect(await style(`${byId('info')} .wxb--progress-bar`, 'background-color')).toBe('rgb(0, 0, 255)');
    expect(await style(`${byId('info')} .wxb--progress-inner`, 'background-color')).toBe('rgb(255, 0, 0)');
    expect(await filled('info')).toBe(30);
    await frame.click(byId('grow'));
    await expect.poll(() => frame.textContent(`${byId('info')} .wxb--progress-info`)).toBe('60%');
    expect(await filled('info')).toBe(60);
  });

  it('animates an active progress from where it was (active-mode forwards) and sends activeend', async () => {
    // It ran 0 → 30 on open, then 30 → 60 after the tap: 10 ms per percent.
    await expect
      .poll(async () => (await log()).filter((entry) => 'activeend' in (entry as object)))
      .toEqual([{ activeend: 30 }, { activeend: 60 }]);
    expect(await filled('active')).toBe(60);
    expect(
      await frame.$eval(
        `${byId('active')} .wxb--progress-inner`,
        (el) => (el as HTMLElement).style.transition,
      ),
    ).toBe('width 300ms linear');
  });

  it('lays swiper items out between previous-margin and next-margin (px and rpx)', async () => {
    const swiper = await rect(byId('margins'));
    const first = await rect(byId('m0'));
    const second = await rect(byId('m1'));
    expect(first.left - swiper.left).toBe(30);
    expect(first.width).toBe(swiper.width - 75);
    expect(second.left).toBe(first.left + first.width);
    // 75rpx is a tenth of the viewport's width.
    const rpx = await rect(byId('rpx-margin'));
    expect((await rect(byId('r0'))).left - rpx.left).toBe(37.5);
  });

  it('shows display-multiple-items items at once and stops current where the last ones fill the swiper', async () => {
    const swiper = await rect(byId('multiple'));
    expect((await rect(byId('d0'))).width).toBe(swiper.width / 2);
    expect((await rect(byId('d1'))).left).toBe(swiper.left + swiper.width / 2);
    await frame.click(byId('next'));
    await expect.poll(async () => (await rect(byId('d1'))).left).toBe(swiper.left);
    await frame.click(byId('next'));
    await expect.poll(async () => (await rect(byId('d2'))).left).toBe(swiper.left);
    // current 3 would leave half the swiper empty: the last position is 2.
    await frame.click(byId('next'));
    await new Promise((r) => setTimeout(r, 600));
    expect((await rect(byId('d2'))).left).toBe(swiper.left);
    expect((await rect(byId('d3'))).left).toBe(swiper.left + swiper.width / 2);
  });

  it('lets text be selected only with user-select (or selectable)', async () => {
    expect(await style(byId('plain-text'), 'user-select')).toBe('none');
    expect(await style(byId('selectable-text'), 'user-select')).toBe('text');
    expect(await style(byId('old-selectable'), 'user-select')).toBe('text');
    expect(await style(byId('not-selectable'), 'user-select')).toBe('none');
    expect(await style(byId('selectable-text'), 'display')).toBe('inline-block');
  });

  it('grows a textarea with auto-height to its lines, over a style height, and sends linechange', async () => {
    expect((await rect(byId('auto-height'))).height).toBe(20);
    expect((await rect(byId('fixed-height'))).height).toBe(100);
    await frame.fill(byId('auto-height'), '一\n二\n三');
    await expect.poll(async () => (await rect(byId('auto-height'))).height).toBe(60);
    await expect
      .poll(async () => (await log()).filter((entry) => 'linechange' in (entry as object)))
      .toEqual([{ linechange: { height: 60, heightRpx: 120, lineCount: 3 } }]);
    await frame.fill(byId('auto-height'), '一');
    await expect.poll(async () => (await rect(byId('auto-height'))).height).toBe(20);
    await frame.fill(byId('fixed-height'), '一\n二\n三\n四\n五\n六\n七');
    expect((await rect(byId('fixed-height'))).height).toBe(100);
  });

  it('collects the fields inside a wx://form-field-group component in the enclosing form', async () => {
    await frame.fill(byId('street'), '人民路 2 号');
    await frame.click(byId('default-address'));
    await frame.click(byId('submit-address'));
    await expect
      .poll(async () => (await log()).filter((entry) => 'submit' in (entry as object)))
      .toEqual([{ submit: { receiver: '张三', street: '人民路 2 号', isDefault: false } }]);
  });

  it('draws cover-image as an image of the package, with its size and load detail', async () => {
    await expect
      .poll(async () => (await log()).filter((entry) => 'coverLoad' in (entry as object)))
      .toEqual([{ coverLoad: { width: 60, height: 30 } }]);
    expect(await rect(byId('cover'))).toMatchObject({ width: 100, height: 50 });
    expect(
      await frame.$eval(`${byId('cover')} .wxb--image-content`, (el) => getComputedStyle(el).backgroundImage),
    ).toContain('/images/harbour.png');
  });
});
