/** WeChat SDKs send the same field as a string, number or boolean; these read them leniently. */
export function asString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** `true`, `1`, `"1"` and `"true"` all mean yes, as different SDKs send them. */
export function asBoolean(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 'true';
}
