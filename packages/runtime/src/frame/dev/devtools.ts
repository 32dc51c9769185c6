/**
 * The frame's half of `wharf dev`'s panels, installed only when the host mounted the frame
 * with `dev` (a production frame never runs this file): records every `wx.*` call and its
 * outcome, the app's `console.*` output, and the current page's data, rendered tree and the
 * page stack after each change. Everything leaves over the bridge as `dev` messages.
 */
import * as glassEasel from 'glass-easel';
import type { CallOutcome, ConsoleLevel, DevEvent, PageRef } from '../../shared/dev-events.ts';
import type { HostBridge } from '../bridge.ts';
import type { PageStack } from '../page-stack.ts';
import { UNSUPPORTED_APIS } from '../wx/unsupported-names.ts';
import { isQuiet } from './quiet.ts';
import { DATA_LIMITS, safeClone } from './safe-clone.ts';
import { wxmlTree } from './wxml-tree.ts';

/** A page that logs in a loop must not drown the dev page: past this many events a second, they are counted. */
const EVENTS_PER_SECOND = 400;
/** Data changes arriving together make one page report. */
const PAGE_SETTLE_MS = 30;

export interface Devtools {
  /** The page stack changed or a page may have new data: report it soon. */
  pageChanged(): void;
  /**
   * The launch page and the restored pages above it are open. Pages are reported only from
   * then on: a stack caught halfway through a restore would make the next reload lose its top.
   */
  opened(): void;
}

export function installDevtools(
  bridge: HostBridge,
  wx: Record<string, unknown>,
  pages: () => PageStack | undefined,
): Devtools {
  let windowStart = 0;
  let sent = 0;
  let dropped = 0;
  const emit = (event: DevEvent) => {
    const now = performance.now();
    if (now - windowStart > 1000) {
      if (dropped > 0) bridge.send({ type: 'dev', event: { kind: 'dropped', count: dropped } });
      windowStart = now;
      sent = 0;
      dropped = 0;
    }
    if (sent >= EVENTS_PER_SECOND) {
      dropped += 1;
      return;
    }
    sent += 1;
    bridge.send({ type: 'dev', event });
  };

  instrumentWx(wx, emit);
  captureConsole(emit);

  let scheduled = false;
  let opened = false;
  const report = () => {
    scheduled = false;
    if (!opened) return;
    const stack = pages();
    if (!stack) return;
    const refs: PageRef[] = stack.pages.map((p) => ({ route: p.route, query: { ...p.query } }));
    const current = stack.current?.root?.getComponent();
    emit({
      kind: 'page',
      stack: refs,
      data: current ? safeClone(current.data, DATA_LIMITS) : null,
      wxml: current ? wxmlTree(current) : [],
    });
  };
  const pageChanged = () => {
    if (scheduled) return;
    scheduled = true;
    setTimeout(report, PAGE_SETTLE_MS);
  };
  // Every data change of every component passes here (setData, property updates).
  const prototype = glassEasel.DataGroup.prototype as unknown as {
    applyDataUpdates: (...a: unknown[]) => void;
  };
  const apply = prototype.applyDataUpdates;
  prototype.applyDataUpdates = function (this: unknown, ...args: unknown[]) {
    apply.apply(this, args);
    pageChanged();
  };
  return {
    pageChanged,
    opened() {
      opened = true;
      pageChanged();
    },
  };
}

/** Wraps each `wx` function: the call with its arguments, then its success / fail, return or throw. */
function instrumentWx(wx: Record<string, unknown>, emit: (event: DevEvent) => void): void {
  const unsupported = new Set<string>(UNSUPPORTED_APIS);
  let nextId = 1;
  for (const [api, original] of Object.entries(wx)) {
    if (typeof original !== 'function') continue;
    const fn = original as (...args: unknown[]) => unknown;
    wx[api] = function (this: unknown, ...args: unknown[]) {
      const id = nextId++;
      const started = performance.now();
      const done = (outcome: CallOutcome, value: unknown) =>
        emit({
          kind: 'result',
          id,
          api,
          outcome,
          value: safeClone(value),
          ms: Math.round(performance.now() - started),
        });
      emit({ kind: 'call', id, api, args: args.map((a) => safeClone(a)), unsupported: unsupported.has(api) });
      const options = args[0];
      if (hasCallbacks(options)) {
        // The app's callbacks still run, in the same order; the panel hears the outcome first.
        args[0] = {
          ...options,
          success(result: unknown) {
            done('success', result);
            if (typeof options.success === 'function') return options.success(result);
          },
          fail(result: unknown) {
            done('fail', result);
            if (typeof options.fail === 'function') return options.fail(result);
          },
        };
      }
      let result: unknown;
      try {
        result = fn.apply(this, args);
      } catch (error) {
        done('throw', error);
        throw error;
      }
      if (hasCallbacks(options)) return result;
      if (result instanceof Promise) {
        // The app gets a promise that settles the same way (and is reported unhandled the same way).
        return result.then(
          (value) => {
            done('success', value);
            return value;
          },
          (error) => {
            done('fail', error);
            throw error;
          },
        );
      }
      done('return', result);
      return result;
    };
  }
}

type CallbackOptions = Record<string, unknown> & { success?: unknown; fail?: unknown; complete?: unknown };

function hasCallbacks(value: unknown): value is CallbackOptions & {
  success?: (r: unknown) => unknown;
  fail?: (r: unknown) => unknown;
} {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const options = value as CallbackOptions;
  return (
    typeof options.success === 'function' ||
    typeof options.fail === 'function' ||
    typeof options.complete === 'function'
  );
}

function captureConsole(emit: (event: DevEvent) => void): void {
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as ConsoleLevel[]) {
    const original = console[level].bind(console);
    console[level] = (...args: unknown[]) => {
      original(...args);
      if (!isQuiet()) emit({ kind: 'console', level, args: args.map((a) => safeClone(a)) });
    };
  }
}
