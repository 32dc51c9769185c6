/**
 * `hover-class` as WeChat applies it: pressing a `view` (any node with the attribute), a
 * `button` or a `navigator` adds the class after `hover-start-time` and removes it
 * `hover-stay-time` after release; `hover-stop-propagation` keeps ancestors from being pressed
 * too; `none` turns it off. The class goes through glass-easel's class list, so it takes the
 * style scope of the template that wrote the node (page or component WXSS matches it). The DOM
 * node also gets `wx-hover="<class>"` for Wharf's default button/navigator pressed styles.
 */
import type * as glassEasel from 'glass-easel';
import { BUILTIN_PREFIX } from './builtins/index.ts';

interface HoverConfig {
  className: string;
  stop: boolean;
  startTime: number;
  stayTime: number;
}

// WeChat's defaults per builtin (view and other plain nodes: 50 / 400).
const BUILTIN_DEFAULTS: Record<string, HoverConfig> = {
  button: { className: 'button-hover', stop: false, startTime: 20, stayTime: 70 },
  navigator: { className: 'navigator-hover', stop: false, startTime: 50, stayTime: 600 },
};
const MOVE_TOLERANCE = 10;

type WxNode = Node & { __wxElement?: glassEasel.Element };
type Pressed = {
  element: glassEasel.Element;
  node: HTMLElement;
  config: HoverConfig;
  shown: boolean;
  timer?: number;
};

const flagOn = (value: unknown): boolean =>
  value !== undefined && value !== null && value !== false && value !== 'false';
const numberOr = (value: unknown, fallback: number): number => {
  const n = Number(value);
  return value === undefined || value === null || value === '' || Number.isNaN(n) ? fallback : n;
};

function configOf(element: glassEasel.Element): HoverConfig | undefined {
  const component = element as glassEasel.GeneralComponent & { data?: Record<string, unknown> };
  const is = (component as { is?: string }).is ?? '';
  if (typeof component.getShadowRoot === 'function') {
    if (!is.startsWith(BUILTIN_PREFIX)) return undefined;
    const defaults = BUILTIN_DEFAULTS[is.slice(BUILTIN_PREFIX.length)];
    const data = component.data ?? {};
    if (!defaults || flagOn(data.disabled)) return undefined;
    const className = String(data.hoverClass || defaults.className);
    return {
      className,
      stop: flagOn(data.hoverStopPropagation),
      startTime: numberOr(data.hoverStartTime, defaults.startTime),
      stayTime: numberOr(data.hoverStayTime, defaults.stayTime),
    };
  }
  const get = (name: string) =>
    (element as unknown as { getAttribute(n: string): unknown }).getAttribute?.(name);
  const className = get('hover-class');
  if (typeof className !== 'string' || className === '') return undefined;
  return {
    className,
    stop: flagOn(get('hover-stop-propagation')),
    startTime: numberOr(get('hover-start-time'), 50),
    stayTime: numberOr(get('hover-stay-time'), 400),
  };
}

function show(pressed: Pressed, on: boolean): void {
  pressed.shown = on;
  if (pressed.config.className === 'none') return;
  for (const c of pressed.config.className.split(/\s+/).filter(Boolean))
    pressed.element.classList?.toggle(c, on);
  if (on) pressed.node.setAttribute('wx-hover', pressed.config.className);
  else pressed.node.removeAttribute('wx-hover');
}

export function installHoverClass(root: HTMLElement = document.body): void {
  let pressed: Pressed[] = [];
  let origin: { x: number; y: number } | null = null;

  const release = (immediately: boolean) => {
    for (const p of pressed) {
      clearTimeout(p.timer);
      if (!p.shown) continue;
      if (immediately) show(p, false);
      else p.timer = window.setTimeout(() => show(p, false), p.config.stayTime);
    }
    pressed = [];
    origin = null;
  };

  const press = (target: EventTarget | null, x: number, y: number) => {
    release(true);
    origin = { x, y };
    for (let node = target as WxNode | null; node; node = node.parentNode as WxNode | null) {
      const element = node.__wxElement;
      if (!element || !(node instanceof HTMLElement)) continue;
      const config = configOf(element);
      if (!config) continue;
      const p: Pressed = { element, node, config, shown: false };
      p.timer = window.setTimeout(() => show(p, true), config.startTime);
      pressed.push(p);
      if (config.stop) break;
    }
  };

  const move = (x: number, y: number) => {
    if (origin && (Math.abs(origin.x - x) > MOVE_TOLERANCE || Math.abs(origin.y - y) > MOVE_TOLERANCE)) {
      release(true);
    }
  };

  root.addEventListener('mousedown', (e) => press(e.target, e.clientX, e.clientY), { capture: true });
  root.addEventListener('mousemove', (e) => move(e.clientX, e.clientY), { capture: true, passive: true });
  window.addEventListener('mouseup', () => release(false), { capture: true });
  root.addEventListener(
    'touchstart',
    (e) => press(e.target, e.touches[0]?.clientX ?? 0, e.touches[0]?.clientY ?? 0),
    { capture: true, passive: true },
  );
  root.addEventListener('touchmove', (e) => move(e.touches[0]?.clientX ?? 0, e.touches[0]?.clientY ?? 0), {
    capture: true,
    passive: true,
  });
  window.addEventListener('touchend', () => release(false), { capture: true });
  window.addEventListener('touchcancel', () => release(true), { capture: true });
}
