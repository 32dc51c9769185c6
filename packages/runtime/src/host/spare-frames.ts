/**
 * Preloaded runtime frames. Opening a mini program in a fresh frame pays for a new renderer
 * process (the frame is on another site), the frame document and `frame.js` before any of the
 * app's own work starts: most of the open time. A spare frame has done all that already and
 * waits for `init`; mounting moves it into place with `moveBefore`, which keeps an iframe's
 * document alive (a plain `appendChild` would reload it). WeChat does the same: it keeps a
 * webview preloaded for the next page.
 *
 * A spare has never run app code, and each one is used once, so preloading shares nothing
 * between mini programs.
 */
import { isReadyMessage, WARM_LIMIT } from '../shared/protocol.ts';

const SANDBOX = 'allow-scripts';

/** Frames whose runtime has announced itself (`ready`) and waits for `init`. */
const readyFrames = new WeakSet<Window>();
const readyWaiters = new WeakMap<Window, () => void>();
let listening = false;

function listen(): void {
  if (listening) return;
  listening = true;
  window.addEventListener('message', (event) => {
    if (!isReadyMessage(event.data) || !event.source) return;
    const source = event.source as Window;
    readyFrames.add(source);
    readyWaiters.get(source)?.();
    readyWaiters.delete(source);
  });
}

/** True once the frame's runtime has sent `ready` (so `init` can go at once). */
export function frameIsReady(iframe: HTMLIFrameElement): boolean {
  return iframe.contentWindow !== null && readyFrames.has(iframe.contentWindow);
}

export function createFrame(runtimeBase: string): HTMLIFrameElement {
  listen();
  const iframe = document.createElement('iframe');
  // No allow-same-origin: the frame gets an opaque origin, so no cookies, storage or DOM of ours.
  iframe.setAttribute('sandbox', SANDBOX);
  iframe.setAttribute('referrerpolicy', 'no-referrer');
  iframe.className = 'wharf-mini-program';
  iframe.style.cssText = 'border:0;width:100%;height:100%;display:block;background:#fff';
  iframe.src = `${runtimeBase}/frame.html`;
  return iframe;
}

const spares = new Map<string, { iframe: HTMLIFrameElement; ready: Promise<boolean> }>();
/** Runtime bases that asked for preloading: a used spare is replaced. */
const keepSpare = new Set<string>();
let holder: HTMLElement | undefined;

const canMove = (): boolean =>
  typeof (Element.prototype as { moveBefore?: unknown }).moveBefore === 'function';

function spareHolder(): HTMLElement {
  if (!holder?.isConnected) {
    holder = document.createElement('div');
    holder.setAttribute('aria-hidden', 'true');
    holder.dataset.wharfSpareFrames = '';
    // Laid out at a phone's size but off screen, so the frame boots as it will be shown.
    holder.style.cssText =
      'position:fixed;left:-10000px;top:0;width:375px;height:667px;overflow:hidden;visibility:hidden;pointer-events:none';
    document.body.appendChild(holder);
  }
  return holder;
}

/**
 * Boots a runtime frame for `runtimeBase` ahead of time, so the next `mountMiniProgram` with
 * that base starts at the app's own work. Call it when a mini program is likely to be opened
 * soon (the client calls it at start); after each use another spare is prepared.
 * Resolves true once the spare waits for its app; false where the browser cannot move an
 * iframe without reloading it (then nothing is preloaded and mounting works as before).
 */
export function preloadMiniProgramRuntime(runtimeBase: string): Promise<boolean> {
  const base = runtimeBase.replace(/\/$/, '');
  if (!canMove() || !document.body) return Promise.resolve(false);
  keepSpare.add(base);
  const existing = spares.get(base);
  if (existing) return existing.ready;
  const iframe = createFrame(base);
  iframe.tabIndex = -1;
  spareHolder().appendChild(iframe);
  const frameWindow = iframe.contentWindow;
  const ready = new Promise<boolean>((resolve) => {
    if (!frameWindow) return resolve(false);
    readyWaiters.set(frameWindow, () => resolve(true));
  });
  spares.set(base, { iframe, ready });
  return ready;
}

/**
 * Hands the spare frame for `runtimeBase` the package files a likely open will load first; it
 * preloads them (nothing runs), so that open skips their download. Without a spare, nothing.
 */
export function warmSpareFrame(runtimeBase: string, urls: readonly string[]): void {
  const base = runtimeBase.replace(/\/$/, '');
  const spare = spares.get(base);
  if (!spare || urls.length === 0) return;
  void spare.ready.then((ready) => {
    // Only the frame still waiting for its app: an adopted one has its own files to fetch.
    if (ready && spares.get(base) === spare)
      spare.iframe.contentWindow?.postMessage(
        { wharf: 1, type: 'warm', urls: urls.slice(0, WARM_LIMIT) },
        '*',
      );
  });
}

/** Moves the preloaded frame for `runtimeBase` into `container`, or returns undefined. */
export function adoptSpareFrame(runtimeBase: string, container: HTMLElement): HTMLIFrameElement | undefined {
  const iframe = spares.get(runtimeBase)?.iframe;
  if (!iframe || !container.isConnected || !iframe.isConnected) return undefined;
  spares.delete(runtimeBase);
  (container as HTMLElement & { moveBefore(node: Node, child: Node | null): void }).moveBefore(iframe, null);
  iframe.removeAttribute('tabindex');
  return iframe;
}

/**
 * After an adopted spare has been used, prepare the next one (if preloading was asked for), once
 * the page is idle: adding a frame costs the page's main thread some 20 ms, which would otherwise
 * fall between the open's paint and whatever the host does on it.
 */
export function replenishSpare(runtimeBase: string): void {
  if (!keepSpare.has(runtimeBase)) return;
  const boot = () => void preloadMiniProgramRuntime(runtimeBase);
  if (typeof requestIdleCallback === 'function') requestIdleCallback(boot, { timeout: 1000 });
  else setTimeout(boot, 50);
}
