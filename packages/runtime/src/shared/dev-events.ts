/**
 * What a frame mounted by a developer tool (`wharf dev`) tells it besides the normal bridge
 * traffic: every `wx.*` call and its result, the app's own `console.*`, and the current
 * page (its data, its rendered tree, the page stack). Sent only when the host asked for it
 * at mount (`InitPayload.dev`); a production frame never builds any of it.
 *
 * Values are cloned in the frame into plain JSON (see `frame/dev/safe-clone.ts`): what JSON
 * cannot hold is a tagged object `{ "~wharf": kind, … }` (a function, a cut cycle, a cut
 * branch, undefined, a Date, an Error, an instance of a class).
 */

export const TAG = '~wharf';

/** A JSON value; the tagged objects above are JSON too. */
export type Cloned = null | boolean | number | string | Cloned[] | { [key: string]: Cloned };

export interface PageRef {
  route: string;
  query: Record<string, string>;
}

/** One node of the WXML panel: an element with its attributes, or a text. */
export type WxmlNode =
  | { tag: string; attrs: Array<[string, string]>; children: WxmlNode[] }
  | { text: string };

export type ConsoleLevel = 'log' | 'info' | 'warn' | 'error' | 'debug';
export type CallOutcome = 'success' | 'fail' | 'return' | 'throw';

export type DevEvent =
  | { kind: 'call'; id: number; api: string; args: Cloned[]; unsupported: boolean }
  | { kind: 'result'; id: number; api: string; outcome: CallOutcome; value: Cloned; ms: number }
  | { kind: 'console'; level: ConsoleLevel; args: Cloned[] }
  /** Events the frame dropped because it sent too many in one second. */
  | { kind: 'dropped'; count: number }
  | { kind: 'page'; stack: PageRef[]; data: Cloned; wxml: WxmlNode[] };

/** What the host asks of a frame it mounts for a developer tool. */
export interface DevInit {
  /** Pages to open above the launch page, in order (the stack before a reload). */
  restore: PageRef[];
}

/** A dev event larger than this (as JSON) is refused by the host; the frame's clone budgets stay far below. */
export const MAX_DEV_EVENT_CHARS = 1_000_000;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => Number.isInteger(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const LEVELS: readonly string[] = ['log', 'info', 'warn', 'error', 'debug'];
const OUTCOMES: readonly string[] = ['success', 'fail', 'return', 'throw'];

export function isPageRef(v: unknown): v is PageRef {
  return isObject(v) && isString(v.route) && isObject(v.query) && Object.values(v.query).every(isString);
}

/**
 * Checks the envelope of a dev event from the frame (the frame runs the app's code, so it
 * can send anything). Values inside stay opaque JSON: the panels only ever print them as text.
 */
export function parseDevEvent(v: unknown): DevEvent | null {
  if (!isObject(v)) return null;
  let size: number;
  try {
    size = JSON.stringify(v).length;
  } catch {
    return null;
  }
  if (size > MAX_DEV_EVENT_CHARS) return null;
  switch (v.kind) {
    case 'call':
      return isInt(v.id) && isString(v.api) && Array.isArray(v.args) && typeof v.unsupported === 'boolean'
        ? (v as DevEvent)
        : null;
    case 'result':
      return isInt(v.id) &&
        isString(v.api) &&
        OUTCOMES.includes(v.outcome as string) &&
        typeof v.ms === 'number'
        ? (v as DevEvent)
        : null;
    case 'console':
      return LEVELS.includes(v.level as string) && Array.isArray(v.args) ? (v as DevEvent) : null;
    case 'dropped':
      return isInt(v.count) ? (v as DevEvent) : null;
    case 'page':
      return Array.isArray(v.stack) && v.stack.every(isPageRef) && Array.isArray(v.wxml)
        ? (v as DevEvent)
        : null;
    default:
      return null;
  }
}
