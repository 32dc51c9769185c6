/**
 * WXSS selectors as WeChat applies them: one case per selector kind in page, app and component
 * styles (with styleIsolation modes), asserted by computed style; lookups by `#id` still work.
 */
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byId, fixtureFiles, type Harness, openMiniProgram, startHarness } from './harness.ts';

let harness: Harness;
let page: Page;
let frame: Frame;

beforeAll(async () => {
  harness = await startHarness();
  const { packageBase, diagnostics } = await harness.publish('selectors', await fixtureFiles('selectors'));
  expect(diagnostics).toEqual([]);
  ({ page, frame } = await openMiniProgram(harness, packageBase));
});
afterAll(() => harness?.close());

const style = (selector: string, property: string, pseudo?: string) =>
  frame.$eval(selector, (el, [p, pe]) => getComputedStyle(el, pe ?? null).getPropertyValue(p as string), [
    property,
    pseudo,
  ] as const);
const color = (id: string) => style(byId(id), 'color');
const inside = (component: string, id: string) => `${byId(component)} [id="${id}"]`;

describe('WXSS selectors', () => {
  it('writes WXML ids to the DOM as written, so #id rules match with id specificity', async () => {
    expect(await frame.getAttribute(byId('by-id'), 'id')).toBe('by-id');
    expect(await color('by-id')).toBe('rgb(10, 20, 30)');
    // `#spec` comes before `.spec` and still wins: the rule kept the specificity of an id.
    expect(await color('spec')).toBe('rgb(10, 20, 31)');
    // app.wxss id rules reach the page.
    expect(await color('app-id')).toBe('rgb(1, 2, 3)');
  });

  it('matches class, attribute and element selectors, and the page selector', async () => {
    expect(await color('class-target')).toBe('rgb(11, 21, 31)');
    expect(await color('by-attr')).toBe('rgb(12, 22, 32)');
    expect(await color('by-element')).toBe('rgb(13, 23, 33)');
    expect(await style('page[wx-route="pages/index/index"]', 'background-color')).toBe('rgb(250, 251, 252)');
    expect(await style('page[wx-route="pages/index/index"]', 'font-size')).toBe('15px');
  });

  it('matches descendant, child, adjacent and general sibling combinators', async () => {
    expect(await color('descendant')).toBe('rgb(14, 24, 34)');
    expect(await color('child')).toBe('rgb(15, 25, 35)');
    expect(await color('grandchild')).toBe('rgb(0, 0, 0)');
    expect(await color('adjacent')).toBe('rgb(16, 26, 36)');
    expect(await color('general')).toBe('rgb(0, 0, 0)');
    expect(await style(byId('general'), 'font-weight')).toBe('700');
    expect(await style(byId('adjacent'), 'font-weight')).toBe('700');
    expect(await style(byId('sib-first'), 'font-weight')).toBe('400');
  });

  it('matches pseudo-classes and pseudo-elements', async () => {
    expect(await color('nth-1')).toBe('rgb(17, 27, 38)');
    expect(await color('nth-2')).toBe('rgb(17, 27, 37)');
    expect(await color('nth-3')).toBe('rgb(0, 0, 0)');
    expect(await style(byId('pseudo-el'), 'content', '::after')).toBe('"after"');
    expect(await style(byId('pseudo-el'), 'color', '::after')).toBe('rgb(18, 28, 38)');
  });

  it('keeps @media, @keyframes, @font-face and !important working', async () => {
    expect(await color('media')).toBe('rgb(19, 29, 39)');
    expect(await style(byId('media'), 'font-weight')).toBe('400');
    expect(await style(byId('keyframes'), 'animation-name')).toBe('wharf-pulse');
    expect(await style(byId('keyframes'), 'opacity')).toBe('0.5');
    expect(await style(byId('font-face'), 'font-family')).toBe('WharfSelectorFont');
    const fontFaces = await frame.evaluate(() =>
      [...(document.fonts as unknown as Iterable<FontFace>)].map((f) => f.family.replace(/"/g, '')),
    );
    expect(fontFaces).toContain('WharfSelectorFont');
    // `!important` in a page rule beats the inline style.
    expect(await color('important')).toBe('rgb(20, 30, 40)');
  });

  it('styles components by isolation mode: :host, own classes, apply-shared and shared', async () => {
    expect(await style(byId('iso'), 'margin-top')).toBe('3px');
    expect(await style(inside('iso', 'inner'), 'color')).toBe('rgb(30, 40, 50)');
    expect(await style(inside('iso', 'inner'), 'content', '::before')).toBe('"»"');
    expect(await style(inside('iso', 'inner'), 'color', '::before')).toBe('rgb(31, 41, 51)');
    // The page's `.page-title` does not reach an isolated component, reaches an apply-shared one.
    expect(await color('page-title')).toBe('rgb(21, 31, 41)');
    expect(await style(inside('iso', 'not-page'), 'color')).toBe('rgb(0, 0, 0)');
    expect(await style(inside('apply', 'applied'), 'color')).toBe('rgb(21, 31, 41)');
    expect(await style(inside('apply', 'apply-own'), 'color')).toBe('rgb(40, 50, 60)');
    // A shared component's rule reaches the page.
    expect(await style(inside('shared', 'shared-own'), 'color')).toBe('rgb(50, 60, 70)');
    expect(await color('shared-leak')).toBe('rgb(50, 60, 70)');
  });

  it('still finds nodes by #id: selectComponent, wx / page / component selector queries', async () => {
    await frame.click(byId('query'));
    await expect
      .poll(() => frame.textContent(byId('result')))
      .toBe('iso-instance wx:by-id:true page:class-target:true component:inner');
    await page.close();
  });
});
