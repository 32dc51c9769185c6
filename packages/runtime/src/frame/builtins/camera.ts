/**
 * `<camera>`: the camera itself runs in the host, drawn over this component's box
 * (host/camera.ts says why: an opaque-origin frame gets no `getUserMedia`). The component
 * keeps the host told where it is, shown or not, and turns the host's answers into
 * `bindinitdone` / `binderror`. `wx.createCameraContext()` drives it (wx/camera-context.ts).
 */
import { fromBase64, toBase64 } from '../../shared/bytes.ts';
import { type Caller, hostElement } from './host-element.ts';
import { platform } from './platform.ts';

type Def = Record<string, unknown>;

export interface CameraState {
  id: string;
  caller: Caller;
  ready: boolean;
}

const cameras = new WeakMap<Element, CameraState & { watching: number; last: string }>();
let nextId = 1;

type JsQr = (
  data: Uint8ClampedArray,
  width: number,
  height: number,
) => { data: string; binaryData: number[] } | null;
let scanner: Promise<JsQr> | undefined;

function loadScanner(): Promise<JsQr> {
  scanner ??= new Promise<JsQr>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = new URL('scanner.js', location.href).href;
    script.onload = () => {
      const loaded = (window as unknown as { __wharfScanner?: JsQr }).__wharfScanner;
      if (loaded) resolve(loaded);
      else reject(new Error('scanner.js did not start'));
    };
    script.onerror = () => reject(new Error('scanner.js could not be loaded'));
    document.head.appendChild(script);
  });
  scanner.catch(() => {
    scanner = undefined;
  });
  return scanner;
}

/**
 * `mode="scanCode"`: QR codes read from the host's frames with jsQR (loaded for such a camera
 * only), a frame at a time; the same code is reported again only after it left the picture.
 */
async function scan(element: HTMLElement, state: CameraState): Promise<void> {
  const decode = await loadScanner();
  let last = '';
  while (cameras.get(element) === state && state.ready) {
    try {
      const frame = await platform.callHost<{ width: number; height: number; base64: string }>(
        'cameraFrame',
        {
          id: state.id,
          width: 640,
        },
      );
      const code = decode(new Uint8ClampedArray(fromBase64(frame.base64).buffer), frame.width, frame.height);
      if (code && code.data !== last && cameras.get(element) === state)
        state.caller.triggerEvent('scancode', {
          type: 'QR_CODE',
          result: code.data,
          charSet: 'utf-8',
          rawData: toBase64(new Uint8Array(code.binaryData)),
        });
      last = code?.data ?? '';
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function cameraOf(element: Element): CameraState | undefined {
  return cameras.get(element);
}

/** The host's reason without its API name: `cameraOpen:fail auth deny` → `auth deny`. */
export const hostReason = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).replace(/^(wx\.)?\w+:fail /, '');

function open(element: HTMLElement, state: CameraState): void {
  state.ready = false;
  const { caller } = state;
  platform
    .callHost<{ maxZoom: number }>('cameraOpen', {
      id: state.id,
      rect: rectOf(element),
      devicePosition: String(caller.data.devicePosition),
      resolution: String(caller.data.resolution),
      flash: String(caller.data.flash),
    })
    .then(
      ({ maxZoom }) => {
        if (cameras.get(element) !== state) return;
        state.ready = true;
        caller.triggerEvent('initdone', { maxZoom });
        // `mode` counts at start only, as in WeChat.
        if (caller.data.mode === 'scanCode') scan(element, state).catch(platform.reportError);
      },
      (error: unknown) => {
        if (cameras.get(element) !== state || hostReason(error) === 'camera closed') return;
        caller.triggerEvent('error', { errMsg: `insertCamera:fail ${hostReason(error)}` });
      },
    );
}

function rectOf(element: HTMLElement) {
  const { left, top, width, height } = element.getBoundingClientRect();
  return { left, top, width, height };
}

/** Follows the box every frame (scrolling, layout, page switches) and tells the host of changes only. */
function watch(element: HTMLElement, state: CameraState & { watching: number; last: string }): void {
  const tick = () => {
    if (cameras.get(element) !== state) return;
    const rect = rectOf(element);
    const visible =
      element.isConnected && element.offsetParent !== null && document.visibilityState === 'visible';
    const key = JSON.stringify([rect, visible]);
    if (key !== state.last) {
      state.last = key;
      platform.callHost('cameraMove', { id: state.id, rect, visible }).catch(() => {});
    }
    state.watching = requestAnimationFrame(tick);
  };
  state.watching = requestAnimationFrame(tick);
}

export const camera: Def = {
  properties: {
    mode: { type: String, value: 'normal' },
    resolution: { type: String, value: 'medium' },
    devicePosition: { type: String, value: 'back' },
    flash: { type: String, value: 'auto' },
    frameSize: { type: String, value: 'medium' },
  },
  observers: {
    'devicePosition, flash': function (this: Caller) {
      const element = hostElement(this);
      const state = cameras.get(element);
      if (state?.ready) open(element, state);
    },
  },
  lifetimes: {
    attached(this: Caller) {
      const element = hostElement(this);
      const state = { id: `camera-${nextId++}`, caller: this, ready: false, watching: 0, last: '' };
      cameras.set(element, state);
      open(element, state);
      watch(element, state);
    },
    detached(this: Caller) {
      const element = hostElement(this);
      const state = cameras.get(element);
      if (!state) return;
      cancelAnimationFrame(state.watching);
      cameras.delete(element);
      platform.callHost('cameraClose', { id: state.id }).catch(() => {});
    },
  },
};
