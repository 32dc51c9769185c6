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

const rawLog = () => frame.textContent(byId('log'));
/** The page's log without the autoplaying swiper's entries, which keep coming. */
const log = async () => ((await rawLog()) ?? '').replace(/auto=\d\/autoplay;/g, '');
const style = (selector: string, property: string) =>
  frame.$eval(selector, (el, p) => getComputedStyle(el).getPropertyValue(p), property);

describe('builtin components', () => {
  it('focuses an input with the focus attribute once the page is up', async () => {
    await expect.poll(() => frame.evaluate(() => document.activeElement?.id ?? '')).toBe('autofocus');
  });

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

  it('scroll-view follows scroll-top and scroll-left, and fires scroll and scrolltoupper', async () => {
    await frame.click(byId('list-top'));
    await expect.poll(() => frame.$eval(byId('list'), (el) => el.scrollTop)).toBe(40);
    await frame.click(byId('row-left'));
    await expect.poll(() => frame.$eval(byId('row'), (el) => el.scrollLeft)).toBe(300);
    await frame.$eval(byId('row'), (el) => el.scrollTo({ left: 10 }));
    await expect.poll(log).toContain('upper=left@10;');
  });

  it('button reflects type, size, plain, disabled and loading; open-type contact without a host service fails', async () => {
    const warn = byId('btn-warn');
    expect(await frame.getAttribute(warn, 'wx-type')).toBe('warn');
    expect(await frame.getAttribute(warn, 'wx-size')).toBe('mini');
    expect(await frame.getAttribute(warn, 'wx-plain')).toBe('');
    expect(await frame.getAttribute(warn, 'disabled')).toBe('');
    expect(await frame.getAttribute(byId('btn-loading'), 'wx-loading')).toBe('');
    await frame.click(byId('contact'));
    await expect.poll(log).toContain('contact=wx.contact:fail not supported;');
    await frame.click(byId('phone'));
    await expect.poll(log).toContain('phone=getPhoneNumber:fail not supported;');
  });

  it('input: password, maxlength, focus, blur and confirm; textarea defaults to 140 characters', async () => {
    const secret = byId('secret');
    expect(await frame.getAttribute(secret, 'type')).toBe('password');
    expect(await frame.getAttribute(secret, 'placeholder')).toBe('密码');
    await frame.click(secret);
    await page.keyboard.type('123456');
    expect(await frame.inputValue(secret)).toBe('1234');
    await frame.press(secret, 'Enter');
    await frame.click(byId('log'));
    await expect.poll(log).toContain('focus;confirm=1234;blur=1234;');
    expect(await frame.$eval(byId('note'), (el) => (el as HTMLTextAreaElement).maxLength)).toBe(140);
  });

  it('swiper autoplays and wraps around when circular; vertical swipers slide on the Y axis', async () => {
    const autoplayed = async () => ((await rawLog()) ?? '').match(/auto=\d\/\w+/g)?.slice(0, 3);
    await expect
      .poll(autoplayed, { timeout: 5000 })
      .toEqual(['auto=1/autoplay', 'auto=2/autoplay', 'auto=0/autoplay']);
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
    expect(await style(`${byId('fit')} .wxb--image-content`, 'background-size')).toBe('contain');
    await expect.poll(log).toContain('imageError=GET /images/missing.png 404 (Not Found);');
  });

  it('maps the other image modes to background sizes and positions', async () => {
    expect(await style(`${byId('scale')} .wxb--image-content`, 'background-size')).toBe('100% 100%');
    expect(await style(`${byId('top')} .wxb--image-content`, 'background-position')).toBe('50% 0%');
  });

  it('draws swiper indicator dots with the active colour on the current item', async () => {
    const dots = `${byId('vertical')} .wxb--swiper-dot`;
    expect(await frame.locator(dots).count()).toBe(2);
    expect(await frame.$eval(`${dots} >> nth=1`, (el) => getComputedStyle(el).backgroundColor)).toBe(
      'rgb(255, 0, 0)',
    );
  });

  it('runs capture-bind before bubbling, mut-bind once per tap, and model:value two-way binding', async () => {
    await frame.click(byId('capture-inner'));
    await expect.poll(log).toContain('capture;inner;bubble;');
    await frame.click(byId('mut-inner'));
    await expect.poll(log).toContain('mutInner;mutOuterBind;');
    expect(await log()).not.toContain('mutOuter;');
    expect(await frame.inputValue(byId('model'))).toBe('起始');
    await frame.fill(byId('model'), '双向');
    await expect.poll(() => frame.textContent(byId('model-text'))).toBe('双向');
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
    await frame.click(`${byId('field')} [id="type"]`);
    await expect.poll(() => frame.textContent(`${byId('field')} [id="type"]`)).toBe('字段：自定义值');
    await frame.click(byId('submit'));
    await expect.poll(log).toContain('submit={"nick":"自定义值","plain":"原生"};');
  });

  it('runs WXS getRegExp and getDate', async () => {
    expect(await frame.textContent(byId('wxs-globals'))).toBe('true 2024');
  });

  it('gives WXS tap handlers instance descriptors: classes, style, state, dataset, computed style, selectAllComponents, requestAnimationFrame, callMethod', async () => {
    const tile = byId('wxs-tap');
    await frame.click(tile);
    await expect
      .poll(log)
      .toContain('wxs={"has":true,"hasAfter":false,"kind":"tile","n":1,"display":"block","fields":1};');
    expect(await frame.getAttribute(tile, 'class')).toMatch(/\bdone\b/);
    expect(await frame.getAttribute(tile, 'class')).not.toMatch(/\bon\b/);
    expect(await frame.$eval(tile, (el) => (el as HTMLElement).style.marginLeft)).toBe('3px');
    // State is kept per instance between calls.
    await frame.click(tile);
    await expect.poll(log).toContain('"n":2');
  });

  it('answers wx.createSelectorQuery with node rects and the viewport scroll offset', async () => {
    await frame.click(byId('query'));
    await expect.poll(log).toContain('rect=leak:375,viewport=number;');
  });

  it('submits the enclosing form from a wx://form-field-button component', async () => {
    await frame.click(`${byId('submitter')} [id="inner-submit"]`);
    await expect
      .poll(log)
      .toMatch(/submit=\{"nick":"自定义值","plain":"原生"\};.*submit=\{"nick":"自定义值","plain":"原生"\};/);
  });

  it('fills componentGenerics with the component the page names', async () => {
    expect(await frame.textContent(`${byId('generic')} [id="generic-cell"]`)).toBe('字段：');
  });

  it('selectComponent returns what a wx://component-export component exports', async () => {
    await frame.click(byId('select'));
    await expect.poll(log).toContain('export={"hello":"导出的值"};');
  });

  it('isolates component classes by default; addGlobalClass takes app styles; styleIsolation shared reaches the page', async () => {
    const inside = (component: string, id: string) => `${byId(component)} [id="${id}"]`;
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
