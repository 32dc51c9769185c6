/**
 * `wx.createInnerAudioContext()` over an HTML audio element, and `wx.createVideoContext(id)`
 * driving a `<video>` builtin. Sources resolve like `<image src>` (package, wxfile://, http).
 */
import { platform } from '../builtins/platform.ts';

const EVENTS: Record<string, string> = {
  Canplay: 'canplay',
  Play: 'play',
  Pause: 'pause',
  Ended: 'ended',
  TimeUpdate: 'timeupdate',
  Error: 'error',
  Waiting: 'waiting',
  Seeking: 'seeking',
  Seeked: 'seeked',
};

export function createInnerAudioContext(owner: () => string): Record<string, unknown> {
  const audio = new Audio();
  let src = '';
  let startTime = 0;
  const listeners = new Map<string, Map<(r?: unknown) => void, EventListener>>();
  const stopListeners = new Set<() => void>();
  const context: Record<string, unknown> = {
    play: () => {
      if (startTime && audio.currentTime === 0) audio.currentTime = startTime;
      audio.play().catch(() => {});
    },
    pause: () => audio.pause(),
    stop: () => {
      audio.pause();
      audio.currentTime = 0;
      for (const fn of stopListeners) fn();
    },
    seek: (position: number) => {
      audio.currentTime = Number(position) || 0;
    },
    destroy: () => {
      audio.pause();
      audio.removeAttribute('src');
      audio.load();
    },
    onStop: (fn: () => void) => void stopListeners.add(fn),
    offStop: (fn?: () => void) => void (fn ? stopListeners.delete(fn) : stopListeners.clear()),
  };
  for (const [name, type] of Object.entries(EVENTS)) {
    context[`on${name}`] = (fn: (r?: unknown) => void) => {
      const listener: EventListener = () =>
        fn(type === 'error' ? { errMsg: 'audio error', errCode: audio.error?.code ?? -1 } : undefined);
      if (!listeners.has(type)) listeners.set(type, new Map());
      listeners.get(type)!.set(fn, listener);
      audio.addEventListener(type, listener);
    };
    context[`off${name}`] = (fn?: (r?: unknown) => void) => {
      const registered = listeners.get(type);
      for (const [key, listener] of registered ?? []) {
        if (fn && key !== fn) continue;
        audio.removeEventListener(type, listener);
        registered!.delete(key);
      }
    };
  }
  const property = (name: string, get: () => unknown, set?: (v: unknown) => void) =>
    Object.defineProperty(context, name, { get, set, enumerable: true });
  property(
    'src',
    () => src,
    (value) => {
      src = String(value ?? '');
      audio.src = src ? platform.resolveAsset(src, owner()) : '';
    },
  );
  property(
    'startTime',
    () => startTime,
    (value) => {
      startTime = Number(value) || 0;
    },
  );
  property(
    'autoplay',
    () => audio.autoplay,
    (value) => {
      audio.autoplay = Boolean(value);
    },
  );
  property(
    'loop',
    () => audio.loop,
    (value) => {
      audio.loop = Boolean(value);
    },
  );
  property(
    'volume',
    () => audio.volume,
    (value) => {
      audio.volume = Math.min(1, Math.max(0, Number(value)));
    },
  );
  property(
    'playbackRate',
    () => audio.playbackRate,
    (value) => {
      audio.playbackRate = Number(value) || 1;
    },
  );
  property(
    'obeyMuteSwitch',
    () => true,
    () => {},
  );
  property('duration', () => (Number.isFinite(audio.duration) ? audio.duration : 0));
  property('currentTime', () => audio.currentTime);
  property('paused', () => audio.paused);
  property('buffered', () => (audio.buffered.length ? audio.buffered.end(audio.buffered.length - 1) : 0));
  return context;
}

export function createVideoContext(video: () => HTMLVideoElement | undefined): Record<string, unknown> {
  const run = (fn: (v: HTMLVideoElement) => unknown) => () => {
    const element = video();
    if (element) fn(element);
  };
  return {
    play: run((v) => v.play().catch(() => {})),
    pause: run((v) => v.pause()),
    stop: run((v) => {
      v.pause();
      v.currentTime = 0;
    }),
    seek: (position: number) => run((v) => (v.currentTime = Number(position) || 0))(),
    playbackRate: (rate: number) => run((v) => (v.playbackRate = Number(rate) || 1))(),
    requestFullScreen: run((v) => v.requestFullscreen?.().catch(() => {})),
    exitFullScreen: () => document.exitFullscreen?.().catch(() => {}),
    showStatusBar: () => {},
    hideStatusBar: () => {},
    sendDanmu: () => {},
  };
}
