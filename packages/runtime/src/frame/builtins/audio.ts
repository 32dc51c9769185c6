/**
 * `<audio>` (WeChat's deprecated but still shipped audio component): an HTML audio element
 * with WeChat's properties and event details, driven by `wx.createAudioContext(id)`.
 * With `controls`, WeChat's card is drawn beside the (hidden) element: the poster with a
 * play / pause button on it, the name, the author and the current time; without, nothing shows.
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
    'controls, poster, name, author': function (this: Caller) {
      (this.__card as Card | undefined)?.update();
    },
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
    },
  },
  lifetimes: {
    attached(this: Caller) {
      const element = hostElement(this) as HTMLAudioElement;
      element.preload = 'auto';
      const card = new Card(this, element);
      this.__card = card;
      card.update();
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
    detached(this: Caller) {
      (this.__card as Card | undefined)?.remove();
    },
  },
};

const clock = (seconds: number) => {
  const s = Math.floor(Number.isFinite(seconds) ? seconds : 0);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};

/**
 * WeChat's audio card: a node of the runtime's own after the `<audio>` host (an audio
 * element renders no children), following the element's state.
 */
class Card {
  private readonly root = document.createElement('div');
  private readonly poster = document.createElement('div');
  private readonly button = document.createElement('div');
  private readonly name = document.createElement('div');
  private readonly author = document.createElement('div');
  private readonly time = document.createElement('div');

  constructor(
    private readonly caller: Caller,
    private readonly element: HTMLAudioElement,
  ) {
    this.root.className = 'wxb--audio-card';
    this.poster.className = 'wxb--audio-poster';
    this.button.className = 'wxb--audio-button';
    this.button.setAttribute('role', 'button');
    this.name.className = 'wxb--audio-name';
    this.author.className = 'wxb--audio-author';
    this.time.className = 'wxb--audio-time';
    const info = document.createElement('div');
    info.className = 'wxb--audio-info';
    info.append(this.name, this.author);
    this.poster.append(this.button);
    this.root.append(this.poster, this.time, info);
    this.button.addEventListener('click', () => {
      if (element.paused) element.play().catch(() => {});
      else element.pause();
    });
    const state = () => {
      this.button.toggleAttribute('data-playing', !element.paused);
      this.time.textContent = clock(element.currentTime);
    };
    for (const type of ['play', 'pause', 'ended', 'timeupdate', 'emptied'])
      element.addEventListener(type, state);
    state();
  }

  update() {
    const { data } = this.caller;
    if (!data.controls) {
      this.root.remove();
      return;
    }
    if (!this.root.isConnected) this.element.after(this.root);
    const owner = this.caller._$.ownerShadowRoot?.getHostNode().is ?? '';
    const poster = String(data.poster ?? '');
    this.poster.style.backgroundImage = poster ? `url("${platform.resolveAsset(poster, owner)}")` : '';
    this.name.textContent = String(data.name ?? '');
    this.author.textContent = String(data.author ?? '');
  }

  remove() {
    this.root.remove();
  }
}

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
