/**
 * Builtin component details and custom-component options not covered elsewhere: slider,
 * picker multiSelector/date/time, scroll-into-view, swiper autoplay/circular/vertical, image
 * heightFix/aspectFill, cover-view, `mark:`, form collection of `wx://form-field`,
 * `wx://component-export`, addGlobalClass and styleIsolation.
 */
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byId, fixtureFiles, type Harness, openMiniProgram, startHarness } from './harness.ts';

let harness: Harness;
let page: Page;
let frame: Frame;
let diagnostics: unknown[];

beforeAll(async () => {
  harness = await startHarness();
  const published = await harness.publish('widgets', await fixtureFiles('widgets'));
  diagnostics = published.diagnostics;
  ({ page, frame } = await openMiniProgram(harness, published.packageBase));
});
afterAll(() => harness?.close());

const log = () => frame.textContent(byId('log'));
const style = (selector: string, property: string) =>
  frame.$eval(selector, (el, p) => getComputedStyle(el).getPropertyValue(p), property);

describe('builtin components', () => {
  it('slider moves by its step, shows its value and fires changing then change', async () => {
    expect(diagnostics).toEqual([]);
    const range = `${byId('slider')} input`;
    expect(await frame.textContent(`${byId('slider')} .wxb--slider-value`)).toBe('10');
    await frame.focus(range);
    await frame.press(range, 'ArrowRight');
    await expect.poll(log).toContain('changing=15;change=15;');
    expect(await frame.textContent(`${byId('slider')} .wxb--slider-value`)).toBe('15');
    await frame.press(range, 'End');
    await expect.poll(log).toContain('change=50;');
    expect(await frame.textContent(`${byId('slider')} .wxb--slider-value`)).toBe('50');
  });

  it('picker multiSelector chooses column by column; date and time pickers return strings in range', async () => {
    await frame.click(byId('multi'));
    await frame.click('.wx-sheet-item >> text=乙');
    await frame.click('.wx-sheet-item >> text=寅');
    await expect.poll(log).toContain('multi=[1,2];');
    expect(await frame.textContent(byId('multi-label'))).toBe('乙寅');
    await frame.click(byId('date'));
    expect(await frame.getAttribute('.wx-picker-input', 'min')).toBe('2024-01-01');
    expect(await frame.getAttribute('.wx-picker-input', 'max')).toBe('2024-12-31');
    expect(await frame.inputValue('.wx-picker-input')).toBe('2024-03-01');
    await frame.fill('.wx-picker-input', '2024-05-06');
    await frame.click('.wx-picker-confirm');
    await expect.poll(log).toContain('date=2024-05-06;');
    expect(await frame.textContent(byId('date-label'))).toBe('2024-05-06');
    await frame.click(byId('time'));
    await frame.fill('.wx-picker-input', '21:45');
    await frame.click('.wx-picker-confirm');
    await expect.poll(log).toContain('time=21:45;');
    // Cancelling changes nothing.
    await frame.click(byId('time'));
    await frame.click('.wx-sheet-cancel');
    expect(await frame.textContent(byId('time-label'))).toBe('21:45');
  });

  it('scroll-view scrolls the scroll-into-view item to its top', async () => {
    expect(await frame.$eval(byId('list'), (el) => el.scrollTop)).toBe(0);
    await frame.click(byId('into'));
    await expect.poll(() => frame.$eval(byId('list'), (el) => el.scrollTop)).toBe(7 * 40);
  });

  it('swiper autoplays and wraps around when circular; vertical swipers slide on the Y axis', async () => {
    await expect.poll(log, { timeout: 5000 }).toMatch(/auto=1\/autoplay;auto=2\/autoplay;auto=0\/autoplay;/);
    expect(await frame.getAttribute(byId('vertical'), 'wx-vertical')).toBe('');
    expect(await frame.$eval(`${byId('vertical')} .wxb--swiper-track`, (el) => el.style.transform)).toBe(
      'translateY(-100%)',
    );
  });

  it('image heightFix keeps the height and derives the width; aspectFill covers the box', async () => {
    await expect.poll(log).toContain('image=2x1;');
    const box = await frame.$eval(byId('height-fix'), (el) => {
      const r = el.getBoundingClientRect();
      return [Math.round(r.width), Math.round(r.height)];
    });
    expect(box).toEqual([100, 50]);
    expect(await style(`${byId('fill')} .wxb--image-content`, 'background-size')).toBe('cover');
  });

  it('renders cover-view as a plain container', async () => {
    expect(await frame.textContent(byId('cover'))).toBe('覆盖层');
    expect(await frame.isVisible(byId('cover-inner'))).toBe(true);
  });

  it('delivers mark: values from the target up to the handler', async () => {
    await frame.click(byId('marked'));
    await expect.poll(log).toContain('mark=inner:内,outer:外,x=1;');
  });
});

describe('custom component options', () => {
  it('collects wx://form-field components in a form by name, beside builtin controls', async () => {
    await frame.click(`${byId('field')} [id$="--type"]`);
    await expect.poll(() => frame.textContent(`${byId('field')} [id$="--type"]`)).toBe('字段：自定义值');
    await frame.click(byId('submit'));
    await expect.poll(log).toContain('submit={"nick":"自定义值","plain":"原生"};');
  });

  it('runs WXS getRegExp and getDate', async () => {
    expect(await frame.textContent(byId('wxs-globals'))).toBe('true 2024');
  });

  it('answers wx.createSelectorQuery with node rects and the viewport scroll offset', async () => {
    await frame.click(byId('query'));
    await expect.poll(log).toContain('rect=leak:375,viewport=number;');
  });

  it('selectComponent returns what a wx://component-export component exports', async () => {
    await frame.click(byId('select'));
    await expect.poll(log).toContain('export={"hello":"导出的值"};');
  });

  it('isolates component classes by default; addGlobalClass takes app styles; styleIsolation shared reaches the page', async () => {
    const inside = (component: string, id: string) => `${byId(component)} [id$="--${id}"]`;
    expect(await style(inside('isolated', 'text'), 'color')).toBe('rgb(0, 0, 0)');
    expect(await style(inside('global', 'text'), 'color')).toBe('rgb(255, 0, 0)');
    expect(await style(inside('shared', 'text'), 'color')).toBe('rgb(255, 0, 0)');
    // The isolated component's own .leak rule applies inside it only.
    expect(await style(inside('isolated', 'own-leak'), 'font-style')).toBe('italic');
    expect(await style(byId('leak'), 'font-style')).toBe('normal');
    // The shared component's .leak rule reaches the page.
    expect(await style(inside('shared', 'own-leak'), 'text-decoration-line')).toBe('underline');
    expect(await style(byId('leak'), 'text-decoration-line')).toBe('underline');
    // …and components that apply shared styles (addGlobalClass = apply-shared), not isolated ones.
    expect(await style(inside('global', 'own-leak'), 'text-decoration-line')).toBe('underline');
    expect(await style(inside('isolated', 'own-leak'), 'text-decoration-line')).toBe('none');
    await page.close();
  });
});
