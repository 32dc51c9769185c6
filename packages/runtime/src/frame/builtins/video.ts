/** `<video>`: an HTML video element with WeChat's properties and event details. */
import { type Caller, hostElement } from './host-element.ts';
import { platform } from './platform.ts';

type Def = Record<string, unknown>;
const OBJECT_FIT: Record<string, string> = { contain: 'contain', fill: 'fill', cover: 'cover' };

export const video: Def = {
  properties: {
    src: String,
    controls: { type: Boolean, value: true },
    autoplay: Boolean,
    loop: Boolean,
    muted: Boolean,
    initialTime: Number,
    poster: String,
    objectFit: { type: String, value: 'contain' },
    duration: Number,
  },
  observers: {
    'src, controls, autoplay, loop, muted, poster, objectFit': function (this: Caller) {
      const element = hostElement(this) as HTMLVideoElement;
      if (!element) return;
      const owner = this._$.ownerShadowRoot?.getHostNode().is ?? '';
      const src = String(this.data.src ?? '');
      const url = src ? platform.resolveAsset(src, owner) : '';
      if (element.getAttribute('src') !== url) {
        if (url) element.src = url;
        else element.removeAttribute('src');
      }
      element.controls = Boolean(this.data.controls);
      element.autoplay = Boolean(this.data.autoplay);
      element.loop = Boolean(this.data.loop);
      element.muted = Boolean(this.data.muted);
      const poster = String(this.data.poster ?? '');
      element.poster = poster ? platform.resolveAsset(poster, owner) : '';
      element.style.objectFit = OBJECT_FIT[String(this.data.objectFit)] ?? 'contain';
    },
  },
  lifetimes: {
    attached(this: Caller) {
      const element = hostElement(this) as HTMLVideoElement;
      element.playsInline = true;
      const times = () => ({ currentTime: element.currentTime, duration: element.duration || 0 });
      element.addEventListener('loadedmetadata', () => {
        if (Number(this.data.initialTime) > 0) element.currentTime = Number(this.data.initialTime);
        this.triggerEvent('loadedmetadata', {
          width: element.videoWidth,
          height: element.videoHeight,
          duration: element.duration || 0,
        });
      });
      element.addEventListener('play', () => this.triggerEvent('play', {}));
      element.addEventListener('pause', () => this.triggerEvent('pause', {}));
      element.addEventListener('ended', () => this.triggerEvent('ended', {}));
      element.addEventListener('timeupdate', () => this.triggerEvent('timeupdate', times()));
      element.addEventListener('seeked', () =>
        this.triggerEvent('seekcomplete', { position: element.currentTime }),
      );
      element.addEventListener('waiting', () => this.triggerEvent('waiting', {}));
      element.addEventListener('error', () =>
        this.triggerEvent('error', { errMsg: `MEDIA_ERR ${element.error?.code ?? 0}` }),
      );
    },
  },
};
