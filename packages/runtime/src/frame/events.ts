/**
 * The event sink glass-easel needs before anything reacts to input. Only WeChat's generic
 * touch events pass straight through; component events (input, change, submit, scroll…)
 * are raised by the builtin components themselves with WeChat's `detail` shapes.
 * `longpress` (350 ms without moving, as WeChat) is synthesised here.
 */
import * as glassEasel from 'glass-easel';

const GENERIC_EVENTS = new Set([
  'touchstart',
  'touchmove',
  'touchend',
  'touchcancel',
  'tap',
  'longpress',
  'longtap',
  'transitionend',
  'animationstart',
  'animationiteration',
  'animationend',
]);

const LONGPRESS_MS = 350;
const MOVE_TOLERANCE = 10;

type WxNode = { __wxElement?: glassEasel.Element; parentNode: WxNode | null };

// glass-easel's EventBubbleStatus is a const enum: Normal = 0.
const NORMAL = 0 as glassEasel.EventBubbleStatus;

function dispatch(
  target: glassEasel.Element,
  type: string,
  detail: unknown,
  originalEvent?: Event,
): glassEasel.EventBubbleStatus {
  const event = new glassEasel.Event(type, detail, {
    originalEvent,
    bubbles: true,
    composed: true,
    capturePhase: true,
  });
  glassEasel.Event.dispatchEvent(target, event);
  return event.getEventBubbleStatus();
}

const CANCELABLE_TOUCH = new Set(['touchstart', 'touchmove']);

/**
 * glass-easel delegates touch listeners to `document.body`, where Chrome makes touchstart and
 * touchmove listeners passive by default: their `preventDefault()` (a `catchtouchmove`, a WXS
 * handler returning false) would be ignored and the page would still scroll. The delegated
 * listeners are registered non-passive instead, as WeChat's are.
 */
function registerTouchListenersNonPassive(backend: glassEasel.CurrentWindowBackendContext): void {
  const setListenerStats = backend.setListenerStats;
  backend.setListenerStats = function (this: glassEasel.CurrentWindowBackendContext, ...args) {
    const body = document.body;
    const add = body.addEventListener;
    body.addEventListener = function (
      this: HTMLElement,
      type: string,
      listener: EventListenerOrEventListenerObject,
      options?: boolean | AddEventListenerOptions,
    ) {
      const normalized = typeof options === 'object' ? options : { capture: options === true };
      return add.call(
        this,
        type,
        listener,
        CANCELABLE_TOUCH.has(type) ? { ...normalized, passive: false } : options,
      );
    };
    try {
      return setListenerStats.apply(this, args);
    } finally {
      // The patch was an own property; deleting it restores the inherited method.
      delete (body as { addEventListener?: unknown }).addEventListener;
    }
  };
}

export function installEventSink(backend: glassEasel.CurrentWindowBackendContext): void {
  registerTouchListenersNonPassive(backend);
  let suppressTap = false;
  backend.onEvent((target, type, detail, options) => {
    if (!GENERIC_EVENTS.has(type)) return NORMAL;
    if (type === 'tap' && suppressTap) {
      suppressTap = false;
      return NORMAL;
    }
    return dispatch(target, type, detail, options.originalEvent as Event | undefined);
  });

  let timer: ReturnType<typeof setTimeout> | undefined;
  let origin: { x: number; y: number } | null = null;
  const start = (event: Event, x: number, y: number) => {
    clearTimeout(timer);
    suppressTap = false;
    origin = { x, y };
    let node = event.target as WxNode | null;
    while (node && !node.__wxElement) node = node.parentNode;
    const element = node?.__wxElement;
    if (!element) return;
    timer = setTimeout(() => {
      suppressTap = true;
      dispatch(element, 'longpress', { x, y }, event);
      dispatch(element, 'longtap', { x, y }, event);
    }, LONGPRESS_MS);
  };
  const move = (x: number, y: number) => {
    if (origin && (Math.abs(origin.x - x) > MOVE_TOLERANCE || Math.abs(origin.y - y) > MOVE_TOLERANCE)) {
      clearTimeout(timer);
    }
  };
  const end = () => {
    clearTimeout(timer);
    origin = null;
  };
  document.body.addEventListener('mousedown', (e) => start(e, e.clientX, e.clientY), { capture: true });
  document.body.addEventListener('mousemove', (e) => move(e.clientX, e.clientY), { capture: true });
  document.body.addEventListener('mouseup', end, { capture: true });
  document.body.addEventListener(
    'touchstart',
    (e) => start(e, e.touches[0]?.clientX ?? 0, e.touches[0]?.clientY ?? 0),
    { capture: true },
  );
  document.body.addEventListener(
    'touchmove',
    (e) => move(e.touches[0]?.clientX ?? 0, e.touches[0]?.clientY ?? 0),
    {
      capture: true,
    },
  );
  document.body.addEventListener('touchend', end, { capture: true });
}
