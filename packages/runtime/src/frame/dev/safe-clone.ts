/**
 * Copies any value the app hands to `wx.*` or `console.*` into JSON a panel can print:
 * functions become `ƒ name`, cycles are cut, and depth, keys, items, string length and the
 * total number of values are bounded, so a huge or hostile argument costs a bounded amount.
 */
import { type Cloned, TAG } from '../../shared/dev-events.ts';

export interface CloneLimits {
  depth: number;
  /** Values copied in all (the rest become a "more" marker). */
  nodes: number;
  keys: number;
  items: number;
  chars: number;
}

export const ARG_LIMITS: CloneLimits = { depth: 6, nodes: 600, keys: 60, items: 60, chars: 2_000 };
export const DATA_LIMITS: CloneLimits = { depth: 12, nodes: 8_000, keys: 400, items: 400, chars: 20_000 };

const tagged = (kind: string, fields: Record<string, Cloned> = {}): Cloned => ({ [TAG]: kind, ...fields });

export function safeClone(value: unknown, limits: CloneLimits = ARG_LIMITS): Cloned {
  let budget = limits.nodes;
  const path = new Set<object>();

  const copy = (v: unknown, depth: number): Cloned => {
    budget -= 1;
    switch (typeof v) {
      case 'string':
        return v.length > limits.chars ? `${v.slice(0, limits.chars)}…(${v.length})` : v;
      case 'number':
        return Number.isFinite(v) ? v : tagged('number', { value: String(v) });
      case 'boolean':
        return v;
      case 'undefined':
        return tagged('undefined');
      case 'bigint':
        return tagged('bigint', { value: String(v) });
      case 'symbol':
        return tagged('symbol', { value: String(v.description ?? '') });
      case 'function':
        return tagged('function', { name: functionName(v) });
    }
    if (v === null) return null;
    const object = v as object;
    if (path.has(object)) return tagged('circular');
    if (v instanceof Date)
      return tagged('date', { value: Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString() });
    if (v instanceof Error) return tagged('error', { name: v.name, message: String(v.message) });
    if (v instanceof ArrayBuffer) return tagged('instance', { class: 'ArrayBuffer', size: v.byteLength });
    if (ArrayBuffer.isView(v)) return tagged('instance', { class: v.constructor.name, size: v.byteLength });
    if (typeof Node !== 'undefined' && v instanceof Node) return tagged('instance', { class: v.nodeName });
    if (depth >= limits.depth || budget <= 0) return tagged('more', { class: className(object) });
    path.add(object);
    try {
      if (Array.isArray(v)) {
        const items: Cloned[] = [];
        for (let i = 0; i < v.length; i++) {
          if (i >= limits.items || budget <= 0) {
            items.push(tagged('more', { count: v.length - i }));
            break;
          }
          items.push(copy(read(v, i), depth + 1));
        }
        return items;
      }
      const fields: Record<string, Cloned> = {};
      const keys = ownKeys(object);
      for (const [i, key] of keys.entries()) {
        if (i >= limits.keys || budget <= 0) {
          fields['…'] = tagged('more', { count: keys.length - i });
          break;
        }
        fields[key] = copy(read(object, key), depth + 1);
      }
      const name = className(object);
      return name === 'Object' ? fields : tagged('instance', { class: name, fields });
    } finally {
      path.delete(object);
    }
  };
  return copy(value, 0);
}

/** A getter that throws or a revoked proxy must not break the app's call. */
function read(object: object, key: string | number): unknown {
  try {
    return (object as Record<string | number, unknown>)[key];
  } catch (error) {
    return error instanceof Error ? error : String(error);
  }
}

function ownKeys(object: object): string[] {
  try {
    return Object.keys(object);
  } catch {
    return [];
  }
}

function className(object: object): string {
  try {
    const proto = Object.getPrototypeOf(object);
    if (proto === null || proto === Object.prototype) return 'Object';
    const name = proto?.constructor?.name;
    return typeof name === 'string' && name ? name : 'Object';
  } catch {
    return 'Object';
  }
}

function functionName(fn: unknown): string {
  try {
    return String((fn as { name?: unknown }).name ?? '');
  } catch {
    return '';
  }
}
