import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byId, fixtureFiles, type Harness, openMiniProgram, startHarness } from './harness.ts';

let harness: Harness;
let packageBase: string;
let diagnostics: unknown[];

beforeAll(async () => {
  harness = await startHarness();
  ({ packageBase, diagnostics } = await harness.publish('components', await fixtureFiles('components')));
});
afterAll(() => harness?.close());

describe('custom components', () => {
  it('runs properties, observers, behaviors, triggerEvent, slots, externalClasses, relations, npm and WXS', async () => {
    expect(diagnostics).toEqual([]);
    const { frame, page } = await openMiniProgram(harness, packageBase);
    const value = `${byId('counter')} [id="value"]`;
    expect(await frame.textContent(value)).toBe('计数：5 [10]');
    expect(await frame.textContent(byId('slot-header'))).toBe('头部插槽');
    expect(await frame.textContent(byId('slot-default'))).toBe('默认插槽');
    // The header slot renders inside the component's .header wrapper.
    expect(await frame.$eval(byId('slot-header'), (el) => el.parentElement?.className ?? '')).toContain(
      'header',
    );
    expect(await frame.$eval(value, (el) => getComputedStyle(el).fontWeight)).toBe('700');
    await frame.click(value);
    await frame.click(value);
    await expect.poll(() => frame.textContent(byId('changes'))).toBe('6,7,');
    expect(await frame.textContent(value)).toBe('计数：7 [14]');
    expect(await frame.textContent(`${byId('counter')} [id="log"]`)).toBe('2');
    expect(await frame.textContent(`${byId('list')} [id="size"]`)).toBe('2');
    await frame.click(byId('add-item'));
    await expect.poll(() => frame.textContent(`${byId('list')} [id="size"]`)).toBe('3');
    expect(await frame.textContent(`${byId('badge')} [class$="--badge"]`)).toBe('新！');
    expect(await frame.$eval(`${byId('badge')} [class$="--badge"]`, (el) => getComputedStyle(el).color)).toBe(
      'rgb(200, 0, 0)',
    );
    await page.close();
  });
});
