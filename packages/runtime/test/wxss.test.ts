import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byId, fixtureFiles, type Harness, openMiniProgram, startHarness } from './harness.ts';

let harness: Harness;
let packageBase: string;

beforeAll(async () => {
  harness = await startHarness();
  ({ packageBase } = await harness.publish('wxss', await fixtureFiles('wxss')));
});
afterAll(() => harness?.close());

const style = (frame: import('playwright-core').Frame, selector: string, property: string) =>
  frame.$eval(selector, (el, p) => getComputedStyle(el).getPropertyValue(p), property);

describe('WXSS', () => {
  it('converts rpx against the viewport, applies app.wxss and @import, and scopes page and component styles', async () => {
    const { frame, page } = await openMiniProgram(harness, packageBase);
    // 375rpx is half of a 375px-wide viewport.
    expect(await style(frame, byId('box'), 'width')).toBe('187.5px');
    expect(await style(frame, byId('title-a'), 'color')).toBe('rgb(255, 0, 0)');
    expect(await style(frame, byId('title-a'), 'padding-left')).toBe('5px');
    expect(await style(frame, byId('title-a'), 'font-size')).toBe('15px');
    expect(await style(frame, 'page[wx-route="pages/a/a"]', 'background-color')).toBe('rgb(250, 250, 250)');
    // The component's `.title` is its own: page A's red does not reach it, its underline does not leak out.
    const inner = `${byId('label')} [id="inner"]`;
    expect(await style(frame, inner, 'color')).toBe('rgb(0, 0, 0)');
    expect(await style(frame, inner, 'text-decoration-line')).toBe('underline');
    expect(await style(frame, byId('title-a'), 'text-decoration-line')).toBe('none');
    expect(await style(frame, byId('label'), 'margin-top')).toBe('7px');
    // rpx in inline styles, also after setData: 300rpx of a 375px viewport is 150px.
    expect(await style(frame, byId('inline'), 'width')).toBe('150px');
    expect(await style(frame, byId('inline'), 'height')).toBe('15px');
    expect(await style(frame, byId('inline'), 'margin-left')).toBe('-3.75px');
    await frame.click(byId('grow'));
    await expect.poll(() => style(frame, byId('inline'), 'width')).toBe('225px');
    await frame.click(byId('to-b'));
    await expect.poll(() => frame.isVisible(byId('title-b'))).toBe(true);
    expect(await style(frame, byId('title-b'), 'color')).toBe('rgb(0, 0, 255)');
    expect(await style(frame, byId('title-b'), 'font-size')).toBe('375px');
    // Page B's `.title` rule does not restyle page A, still in the stack.
    expect(await style(frame, '[id="title-a"]', 'color')).toBe('rgb(255, 0, 0)');
    expect(await style(frame, '[id="title-a"]', 'font-size')).toBe('15px');
    await page.close();
  });
});
