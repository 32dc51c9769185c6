/**
 * What the frame's window tells a mini program: size changes (`wx.onWindowResize`, the page's
 * `onResize` and components' `pageLifetimes.resize`, as WeChat sends them when a window turns
 * or is resized) and the system theme (`wx.onThemeChange`, from `prefers-color-scheme`).
 */
import type { PageStack } from '../page-stack.ts';

type Listener<T> = (result: T) => void;
interface Size {
  size: { windowWidth: number; windowHeight: number };
}

/** A listener list with WeChat's on/off pair (off without a function removes them all). */
function listenerSet<T>() {
  const listeners = new Set<Listener<T>>();
  return {
    listeners,
    on: (fn: Listener<T>) => void (typeof fn === 'function' && listeners.add(fn)),
    off: (fn?: Listener<T>) => void (fn ? listeners.delete(fn) : listeners.clear()),
  };
}

export function installWindowEvents(wx: Record<string, unknown>, pages: () => PageStack): void {
  const resize = listenerSet<Size>();
  wx.onWindowResize = resize.on;
  wx.offWindowResize = resize.off;
  let last = `${window.innerWidth}x${window.innerHeight}`;
  let scheduled = false;
  // A drag sends many resize events: one report per frame, and none when the size is back.
  window.addEventListener('resize', () => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      const size = { windowWidth: window.innerWidth, windowHeight: window.innerHeight };
      const key = `${size.windowWidth}x${size.windowHeight}`;
      if (key === last) return;
      last = key;
      for (const listener of resize.listeners) listener({ size: { ...size } });
      const stack = pages();
      const page = stack.current;
      if (!page || page.failed) return;
      stack.call(page, 'onResize', { size: { ...size } });
      page.root?.getComponent().triggerPageLifetime('resize', [{ size: { ...size } }]);
    });
  });

  const theme = listenerSet<{ theme: 'dark' | 'light' }>();
  wx.onThemeChange = theme.on;
  wx.offThemeChange = theme.off;
  const dark = window.matchMedia?.('(prefers-color-scheme: dark)');
  dark?.addEventListener('change', (event) => {
    for (const listener of theme.listeners) listener({ theme: event.matches ? 'dark' : 'light' });
  });
}
