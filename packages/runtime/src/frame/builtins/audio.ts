/**
 * `<audio>` (WeChat's deprecated but still shipped audio component): an HTML audio element
 * with WeChat's properties and event details, driven by `wx.createAudioContext(id)`.
 * `controls` shows the browser's own controls; WeChat's card with `poster`, `name` and
 * `author` is not drawn.
 */
import { type Caller, hostElement } from './host-element.ts';
import { platform } from './platform.ts';

type Def = Record<string, unknown>;

export const audio: Def = {
  properties: {
    src: String,
    loop: Boolean,
    controls: Boolean,
    poster: String,
    name: { type: String, value: '未知音频' },
    author: { type: String, value: '未知作者' },
  },
  observers: {
    'src, loop, controls': function (this: Caller) {
      const element = hostElement(this) as HTMLAudioElement;
      if (!element) return;
      const owner = this._$.ownerShadowRoot?.getHostNode().is ?? '';
      const src = String(this.data.src ?? '');
      const url = src ? platform.resolveAsset(src, owner) : '';
      if (element.getAttribute('src') !== url) {
        if (url) element.src = url;
        else element.removeAttribute('src');
      }
      element.loop = Boolean(this.data.loop);
      element.controls = Boolean(this.data.controls);
    },
  },
  lifetimes: {
    attached(this: Caller) {
      const element = hostElement(this) as HTMLAudioElement;
      element.preload = 'auto';
      element.addEventListener('play', () => this.triggerEvent('play', {}));
      element.addEventListener('pause', () => this.triggerEvent('pause', {}));
      element.addEventListener('ended', () => this.triggerEvent('ended', {}));
      element.addEventListener('timeupdate', () =>
        this.triggerEvent('timeupdate', {
          currentTime: element.currentTime,
          duration: element.duration || 0,
        }),
      );
      // WeChat's codes: 1 aborted, 2 network, 3 decode, 4 source not supported (as MediaError's).
      element.addEventListener('error', () =>
        this.triggerEvent('error', { errMsg: element.error?.code ?? 0 }),
      );
    },
  },
};

/** `wx.createAudioContext(id)`: setSrc, play, pause, seek on an `<audio>` of the page. */
export function createAudioContext(
  find: () => HTMLAudioElement | undefined,
  resolve: (src: string) => string,
): Record<string, unknown> {
  const run = (fn: (a: HTMLAudioElement) => unknown) => {
    const element = find();
    if (element) fn(element);
  };
  return {
    setSrc: (src: string) => run((a) => (a.src = resolve(String(src)))),
    play: () => run((a) => a.play().catch(() => {})),
    pause: () => run((a) => a.pause()),
    seek: (position: number) => run((a) => (a.currentTime = Number(position) || 0)),
  };
}
