import { WharfError } from '../../errors/wharf-error.ts';

/** The keys of a template's `{{key.DATA}}` placeholders, in order of first appearance. */
export function placeholderKeys(content: string): string[] {
  const keys: string[] = [];
  for (const match of content.matchAll(/\{\{\s*([A-Za-z0-9_]+)\.DATA\s*\}\}/g)) {
    const key = match[1] as string;
    if (!keys.includes(key)) keys.push(key);
  }
  return keys;
}

export interface RenderedField {
  key: string;
  value: string;
  color?: string;
}

/** WeChat caps a field's value (200 characters for the old keyword templates). */
export const VALUE_MAX = 200;
const COLOR = /^#[0-9A-Fa-f]{6}$/;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks `data` against the template: every placeholder key present with a string `value`
 * (at most VALUE_MAX characters) and an optional `#rrggbb` `color`; 47001 when `data` is not an
 * object, 47003 naming the field otherwise. Keys the template does not use are ignored, as WeChat
 * does. Answers the fields in the template's order.
 */
export function validateData(content: string, data: unknown): RenderedField[] {
  if (!isObject(data)) throw new WharfError('oa_template_data_format', { reason: 'data must be an object' });
  return placeholderKeys(content).map((key) => {
    const entry = data[key];
    if (!isObject(entry)) {
      throw new WharfError('oa_template_data_invalid', { field: `data.${key}`, reason: 'missing' });
    }
    const { value, color } = entry;
    if (typeof value !== 'string') {
      throw new WharfError('oa_template_data_invalid', {
        field: `data.${key}.value`,
        reason: 'value must be a string',
      });
    }
    if ([...value].length > VALUE_MAX) {
      throw new WharfError('oa_template_data_invalid', {
        field: `data.${key}.value`,
        reason: `longer than ${VALUE_MAX} characters`,
      });
    }
    if (
      color !== undefined &&
      color !== null &&
      color !== '' &&
      !(typeof color === 'string' && COLOR.test(color))
    ) {
      throw new WharfError('oa_template_data_invalid', {
        field: `data.${key}.color`,
        reason: 'color must be #rrggbb',
      });
    }
    return typeof color === 'string' && color !== '' ? { key, value, color } : { key, value };
  });
}

/** The content with each placeholder replaced by its value: what the client shows as plain text. */
export function renderText(content: string, fields: readonly RenderedField[]): string {
  const values = new Map(fields.map((f) => [f.key, f.value]));
  return content.replace(
    /\{\{\s*([A-Za-z0-9_]+)\.DATA\s*\}\}/g,
    (_all, key: string) => values.get(key) ?? '',
  );
}
