/**
 * Storage values cross the bridge and sit in the host as strings. WeChat keeps the value's
 * type (a Date comes back a Date), so the type travels with the value.
 */
export function encodeStorageValue(value: unknown): string {
  if (value instanceof Date) return JSON.stringify({ t: 'date', v: value.getTime() });
  if (value === undefined) return JSON.stringify({ t: 'undefined' });
  return JSON.stringify({ t: 'json', v: value });
}

export function decodeStorageValue(text: string): unknown {
  const parsed = JSON.parse(text) as { t: string; v?: unknown };
  if (parsed.t === 'date') return new Date(parsed.v as number);
  if (parsed.t === 'undefined') return undefined;
  return parsed.v;
}

/** Bytes an entry counts against the 10 MB cap: key plus encoded value, UTF-16 as browsers store it. */
export function entrySize(key: string, encoded: string): number {
  return (key.length + encoded.length) * 2;
}

export const STORAGE_LIMIT_BYTES = 10 * 1024 * 1024;
