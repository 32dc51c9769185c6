/**
 * Prints a value cloned in the frame (`frame/dev/safe-clone.ts`) the way a browser console
 * would: `{url: "…", success: ƒ success}`. The frame runs the app's code and may send any
 * JSON, so nothing here trusts a shape; the result is only ever set as text.
 */
import { TAG } from '../shared/dev-events.ts';

type Json = unknown;

const isObject = (v: Json): v is Record<string, Json> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** One line, for the console. Top-level strings print bare when `bare` (as `console.log('x')` does). */
export function formatValue(value: Json, bare = false): string {
  if (bare && typeof value === 'string') return value;
  return format(value, null, 0);
}

/** Indented, for the AppData and storage panels. */
export function formatBlock(value: Json): string {
  return format(value, '  ', 0);
}

function format(value: Json, indent: string | null, depth: number): string {
  if (depth > 64) return '…';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (Array.isArray(value))
    return wrap(
      '[',
      value.map((v) => format(v, indent, depth + 1)),
      ']',
      indent,
      depth,
    );
  if (!isObject(value)) return String(value);
  if (typeof value[TAG] === 'string') return formatTagged(value, indent, depth);
  return wrap('{', fields(value, indent, depth), '}', indent, depth);
}

function fields(object: Record<string, Json>, indent: string | null, depth: number): string[] {
  return Object.entries(object).map(([key, v]) =>
    key === '…'
      ? format(v, indent, depth + 1)
      : `${/^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key)}: ${format(v, indent, depth + 1)}`,
  );
}

function wrap(open: string, items: string[], close: string, indent: string | null, depth: number): string {
  if (items.length === 0) return `${open}${close}`;
  if (indent === null) return `${open}${items.join(', ')}${close}`;
  const pad = indent.repeat(depth + 1);
  return `${open}\n${items.map((item) => `${pad}${item}`).join(',\n')}\n${indent.repeat(depth)}${close}`;
}

function formatTagged(value: Record<string, Json>, indent: string | null, depth: number): string {
  const text = (key: string) => (value[key] === undefined ? '' : String(value[key]));
  switch (value[TAG]) {
    case 'function':
      return `ƒ ${text('name')}`.trimEnd();
    case 'circular':
      return '[Circular]';
    case 'undefined':
      return 'undefined';
    case 'number':
      return text('value');
    case 'bigint':
      return `${text('value')}n`;
    case 'symbol':
      return `Symbol(${text('value')})`;
    case 'date':
      return `Date(${text('value')})`;
    case 'error':
      return `${text('name')}: ${text('message')}`;
    case 'more':
      return value.count === undefined ? `${text('class') || 'Object'} {…}` : `…${text('count')}`;
    case 'instance': {
      const name = text('class') || 'Object';
      if (value.size !== undefined) return `${name}(${text('size')})`;
      const inner = value.fields;
      return isObject(inner)
        ? `${name} ${wrap('{', fields(inner, indent, depth), '}', indent, depth)}`
        : name;
    }
    default:
      return wrap('{', fields(value, indent, depth), '}', indent, depth);
  }
}
