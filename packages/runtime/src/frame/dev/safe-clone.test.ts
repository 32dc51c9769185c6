import { describe, expect, it } from 'vitest';
import { formatBlock, formatValue } from '../../dev/format-value.ts';
import { MAX_DEV_EVENT_CHARS, parseDevEvent } from '../../shared/dev-events.ts';
import { safeClone } from './safe-clone.ts';

const show = (value: unknown) => formatValue(safeClone(value));

describe('dev panel values', () => {
  it('shows functions as ƒ, cuts cycles, and keeps what JSON cannot hold', () => {
    const loop: Record<string, unknown> = { name: 'loop' };
    loop.self = loop;
    loop.list = [loop, 1];
    expect(show({ success() {}, fail: () => {}, loop })).toBe(
      '{success: ƒ success, fail: ƒ fail, loop: {name: "loop", self: [Circular], list: [[Circular], 1]}}',
    );
    // The same object twice, not nested in itself, is no cycle.
    const shared = { a: 1 };
    expect(show([shared, shared])).toBe('[{a: 1}, {a: 1}]');
    expect(show([undefined, Number.NaN, 10n, new Date(0), new TypeError('bad')])).toBe(
      '[undefined, NaN, 10n, Date(1970-01-01T00:00:00.000Z), TypeError: bad]',
    );
    class Point {
      x = 1;
    }
    expect(show(new Point())).toBe('Point {x: 1}');
    expect(show(new ArrayBuffer(8))).toBe('ArrayBuffer(8)');
  });

  it('bounds depth, keys, items, string length and the total', () => {
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < 50; i++) {
      deep.next = {};
      deep = deep.next as Record<string, unknown>;
    }
    expect(show(root)).toBe('{next: {next: {next: {next: {next: {next: Object {…}}}}}}}');
    expect(show(Array.from({ length: 1000 }, (_, i) => i))).toMatch(/, 59, …940\]$/);
    const wide = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, i]));
    expect(show(wide)).toMatch(/k59: 59, …40\}$/);
    expect(show('x'.repeat(5000))).toBe(JSON.stringify(`${'x'.repeat(2000)}…(5000)`));
    const huge = Array.from({ length: 60 }, () => Array.from({ length: 60 }, () => ({ a: 1, b: 2 })));
    expect(JSON.stringify(safeClone(huge)).length).toBeLessThan(30_000);
  });

  it('survives getters that throw', () => {
    const hostile = Object.defineProperty({}, 'boom', {
      enumerable: true,
      get() {
        throw new Error('no');
      },
    });
    expect(show(hostile)).toBe('{boom: Error: no}');
  });

  it('prints the AppData panel indented', () => {
    expect(formatBlock(safeClone({ message: 'hi', list: [1] }))).toBe(
      '{\n  message: "hi",\n  list: [\n    1\n  ]\n}',
    );
  });

  it('refuses dev events of the wrong shape or size', () => {
    expect(
      parseDevEvent({ kind: 'call', id: 1, api: 'request', args: [], unsupported: false }),
    ).not.toBeNull();
    expect(parseDevEvent({ kind: 'call', id: '1', api: 'request', args: [], unsupported: false })).toBeNull();
    expect(
      parseDevEvent({ kind: 'page', stack: [{ route: 'a', query: { x: 1 } }], data: null, wxml: [] }),
    ).toBeNull();
    expect(parseDevEvent({ kind: 'console', level: 'trace', args: [] })).toBeNull();
    expect(
      parseDevEvent({ kind: 'console', level: 'log', args: ['x'.repeat(MAX_DEV_EVENT_CHARS)] }),
    ).toBeNull();
    expect(parseDevEvent({ kind: 'other' })).toBeNull();
  });
});
