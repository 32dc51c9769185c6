/**
 * `<picker mode="region">`: province → city → district (→ street for `level="sub-district"`),
 * chosen column by column in the picker sheet. The table is not in frame.js: its scripts
 * (runtime assets beside frame.html, see build/region-assets.ts) load when a region picker first opens.
 */
import { REGIONS_CALLBACK, type RegionTable, type StreetTable } from '../../shared/regions.ts';
import type { Dialogs } from './dialogs.ts';

export interface RegionRequest {
  value: string[];
  customItem: string;
  level: string;
}

/** What `bindchange` carries: names and statistics codes, one per column. */
export interface RegionChoice {
  value: string[];
  code: string[];
}

const DEPTH: Record<string, number> = { province: 1, city: 2, region: 3, 'sub-district': 4 };

const waiting = new Map<string, (data: unknown) => void>();
const loaded = new Map<string, Promise<unknown>>();

function loadTable<T>(key: string): Promise<T> {
  let promise = loaded.get(key);
  if (!promise) {
    (window as unknown as Record<string, unknown>)[REGIONS_CALLBACK] = (name: string, data: unknown) =>
      waiting.get(name)?.(data);
    promise = new Promise((resolve, reject) => {
      waiting.set(key, resolve);
      const script = document.createElement('script');
      script.src = new URL(`regions/${key}.js`, location.href).href;
      script.onerror = () => {
        loaded.delete(key);
        reject(new Error(`picker:fail region table ${key} could not be loaded`));
      };
      document.head.appendChild(script);
    }).finally(() => waiting.delete(key));
    loaded.set(key, promise);
  }
  return promise as Promise<T>;
}

type Entry = [name: string, code: string, children?: Entry[]];

export async function pickRegion(dialogs: Dialogs, request: RegionRequest): Promise<RegionChoice | null> {
  const depth = DEPTH[request.level] ?? 3;
  const custom = request.customItem;
  let column: Entry[] = (await loadTable<RegionTable>('divisions')) as Entry[];
  const choice: RegionChoice = { value: [], code: [] };
  for (let level = 0; level < depth; level++) {
    if (level === 3) {
      // Streets come per province, keyed by the chosen district's code.
      const streets = await loadTable<StreetTable>(`streets-${choice.code[0]!.slice(0, 2)}`);
      column = streets[choice.code[2]!] ?? [];
    }
    const items: Entry[] = custom ? [[custom, ''], ...column] : column;
    const selected = items.findIndex(([name]) => name === request.value[level]);
    const index = await dialogs.sheet(
      items.map(([name]) => name),
      '#000000',
      choice.value.join(' ') || undefined,
      'wx-picker wx-region-picker',
      selected,
    );
    if (index === null) return null;
    const [name, code, children] = items[index]!;
    choice.value.push(name);
    choice.code.push(code);
    // WeChat: once the custom item is chosen, the columns after it hold only the custom item.
    if (custom && index === 0) {
      while (choice.value.length < depth) {
        choice.value.push(custom);
        choice.code.push('');
      }
      break;
    }
    column = children ?? [];
  }
  return choice;
}
