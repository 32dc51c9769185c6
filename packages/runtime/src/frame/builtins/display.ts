/** Display and layout builtins: image, icon, progress, rich-text, navigator, scroll-view, swiper. */

import { convertRpx } from '../../build/wxss.ts';
import { type Caller, composedComponents, flag, hostElement } from './host-element.ts';
import { platform } from './platform.ts';
import { sanitizeRichText } from './rich-text.ts';

type Def = Record<string, unknown>;
const on = (caller: Caller, type: string, listener: (event: { detail: unknown }) => unknown) =>
  caller._$.addListener(type, listener as never);

const ownerPath = (caller: Caller): string => caller._$.ownerShadowRoot?.getHostNode().is ?? '';

const IMAGE_MODES: Record<string, string> = {
  scaleToFill: 'background-size:100% 100%',
  aspectFit: 'background-size:contain;background-position:center',
  aspectFill: 'background-size:cover;background-position:center',
  widthFix: 'background-size:100% 100%',
  heightFix: 'background-size:100% 100%',
  top: 'background-position:top center',
  bottom: 'background-position:bottom center',
  center: 'background-position:center',
  left: 'background-position:center left',
  right: 'background-position:center right',
  'top left': 'background-position:top left',
  'top right': 'background-position:top right',
  'bottom left': 'background-position:bottom left',
  'bottom right': 'background-position:bottom right',
};

const image: Def = {
  properties: {
    src: String,
    mode: { type: String, value: 'scaleToFill' },
    lazyLoad: Boolean,
    webp: Boolean,
    showMenuByLongpress: Boolean,
    fadeIn: Boolean,
  },
  data: { contentStyle: '' },
  observers: {
    'src, mode': function (this: Caller) {
      const src = String(this.data.src ?? '');
      const mode = String(this.data.mode || 'scaleToFill');
      const element = hostElement(this);
      if (element) element.setAttribute('wx-mode', mode);
      if (!src) {
        this.setData({ contentStyle: '' });
        return;
      }
      const url = platform.resolveAsset(src, ownerPath(this));
      const base = `background-image:url("${url.replace(/"/g, '%22')}");background-repeat:no-repeat;${IMAGE_MODES[mode] ?? IMAGE_MODES.scaleToFill}`;
      this.setData({ contentStyle: base });
      const probe = new Image();
      probe.onload = () => {
        const { naturalWidth: width, naturalHeight: height } = probe;
        if (mode === 'widthFix' && width > 0)
          this.setData({ contentStyle: `${base};padding-top:${(height / width) * 100}%` });
        if (mode === 'heightFix' && height > 0) {
          const box = hostElement(this)?.getBoundingClientRect();
          if (box) hostElement(this).style.width = `${(box.height * width) / height}px`;
        }
        this.triggerEvent('load', { width, height });
      };
      probe.onerror = () => this.triggerEvent('error', { errMsg: `GET ${src} 404 (Not Found)` });
      probe.src = url;
    },
  },
};

const ICON_GLYPHS: Record<string, string> = {
  success: '✓',
  success_no_circle: '✓',
  info: 'i',
  warn: '!',
  waiting: '…',
  cancel: '✕',
  download: '↓',
  search: '⌕',
  clear: '✕',
};

const icon: Def = {
  properties: { type: String, size: { type: null, value: 23 }, color: String },
  data: { glyph: '' },
  observers: {
    type(this: Caller, type: string) {
      this.setData({ glyph: ICON_GLYPHS[type] ?? '' });
    },
  },
};

/**
 * WeChat's bar: `stroke-width`, colours, `border-radius`, `show-info` (the percentage beside it,
 * in `font-size`); `active` animates from 0 (`active-mode` backwards) or from the last value
 * (forwards) at `duration` ms per percent, then sends `activeend`.
 */
const progress: Def = {
  properties: {
    percent: { type: Number, value: 0 },
    showInfo: Boolean,
    borderRadius: { type: null, value: 0 },
    fontSize: { type: null, value: 16 },
    strokeWidth: { type: null, value: 6 },
    color: String,
    activeColor: { type: String, value: '#09BB07' },
    backgroundColor: { type: String, value: '#EBEBEB' },
    active: Boolean,
    activeMode: { type: String, value: 'backwards' },
    duration: { type: Number, value: 30 },
  },
  data: { shown: 0, percentText: '0', transition: 'none' },
  observers: {
    percent(this: Caller, percent: number) {
      const target = Math.max(0, Math.min(100, Number(percent) || 0));
      const element = hostElement(this);
      element?.setAttribute('aria-valuenow', String(target));
      clearTimeout(this.__activeEnd as number);
      if (!this.data.active) {
        this.setData({ shown: target, percentText: String(target), transition: 'none' });
        return;
      }
      const from = this.data.activeMode === 'forwards' ? Number(this.data.shown) : 0;
      const ms = Math.abs(target - from) * Math.max(0, Number(this.data.duration));
      // Start from `from` without a transition, then run to the target on the next frame.
      this.setData({ shown: from, percentText: String(target), transition: 'none' });
      requestAnimationFrame(() =>
        requestAnimationFrame(() => {
          this.setData({ shown: target, transition: `width ${ms}ms linear` });
          this.__activeEnd = setTimeout(() => this.triggerEvent('activeend', { curPercent: target }), ms);
        }),
      );
    },
  },
  lifetimes: {
    attached(this: Caller) {
      const element = hostElement(this);
      element.setAttribute('role', 'progressbar');
      element.setAttribute('aria-valuemin', '0');
      element.setAttribute('aria-valuemax', '100');
      element.setAttribute('aria-valuenow', String(this.data.shown));
    },
    detached(this: Caller) {
      clearTimeout(this.__activeEnd as number);
    },
  },
};

const richText: Def = {
  properties: { nodes: { type: null, value: '' }, space: String },
  observers: {
    nodes(this: Caller, nodes: unknown) {
      const element = hostElement(this);
      if (!element) return;
      element.replaceChildren(sanitizeRichText(nodes));
    },
  },
};

/**
 * `target="miniProgram"`: open-type navigate opens `app-id` (as wx.navigateToMiniProgram),
 * navigateBack returns to the mini program that opened this one, exit closes this one; each
 * reports success or fail, then complete, with the API's errMsg.
 */
function toMiniProgram(navigator: Caller): void {
  const data = navigator.data as Record<string, unknown>;
  const openType = String(data.openType || 'navigate');
  const [api, args]: [string, Record<string, unknown>] =
    openType === 'navigateBack'
      ? ['navigateBackMiniProgram', { extraData: data.extraData ?? {} }]
      : openType === 'exit'
        ? ['exitMiniProgram', {}]
        : [
            'navigateToMiniProgram',
            {
              appId: String(data.appId ?? ''),
              path: String(data.path ?? ''),
              extraData: data.extraData ?? {},
              envVersion: String(data.version || 'release'),
            },
          ];
  const settle = (name: 'success' | 'fail', errMsg: string) => {
    navigator.triggerEvent(name, { errMsg });
    navigator.triggerEvent('complete', { errMsg });
  };
  // The bridge copies the arguments as JSON (extra-data comes as glass-easel data).
  platform.callHost(api, args).then(
    () => settle('success', `${api}:ok`),
    (error: Error) => settle('fail', error.message),
  );
}

const navigator: Def = {
  properties: {
    url: String,
    openType: { type: String, value: 'navigate' },
    delta: { type: Number, value: 1 },
    hoverClass: { type: String, value: 'navigator-hover' },
    hoverStopPropagation: Boolean,
    hoverStartTime: { type: Number, value: 50 },
    hoverStayTime: { type: Number, value: 600 },
    target: String,
    appId: String,
    path: String,
    extraData: null,
    version: { type: String, value: 'release' },
  },
  lifetimes: {
    attached(this: Caller) {
      on(this, 'tap', () => {
        if (this.data.target === 'miniProgram') return void toMiniProgram(this);
        // A refused navigation is already logged by the page stack.
        platform
          .navigate(
            String(this.data.openType || 'navigate'),
            String(this.data.url ?? ''),
            Number(this.data.delta) || 1,
          )
          .catch(() => {});
      });
    },
  },
};

const scrollView: Def = {
  properties: {
    scrollX: Boolean,
    scrollY: Boolean,
    upperThreshold: { type: Number, value: 50 },
    lowerThreshold: { type: Number, value: 50 },
    scrollTop: null,
    scrollLeft: null,
    scrollIntoView: String,
    scrollWithAnimation: Boolean,
    enableFlex: Boolean,
    enhanced: Boolean,
    showScrollbar: Boolean,
    refresherEnabled: Boolean,
  },
  observers: {
    'scrollX, scrollY, enableFlex': function (this: Caller) {
      const element = hostElement(this);
      if (!element) return;
      flag(element, 'wx-scroll-x', Boolean(this.data.scrollX));
      flag(element, 'wx-scroll-y', Boolean(this.data.scrollY));
      flag(element, 'wx-flex', Boolean(this.data.enableFlex));
    },
    scrollTop(this: Caller, value: unknown) {
      const element = hostElement(this);
      if (element && value !== undefined && value !== null && value !== '') {
        element.scrollTo({
          top: Number.parseFloat(String(value)),
          behavior: this.data.scrollWithAnimation ? 'smooth' : 'auto',
        });
      }
    },
    scrollLeft(this: Caller, value: unknown) {
      const element = hostElement(this);
      if (element && value !== undefined && value !== null && value !== '') {
        element.scrollTo({
          left: Number.parseFloat(String(value)),
          behavior: this.data.scrollWithAnimation ? 'smooth' : 'auto',
        });
      }
    },
    scrollIntoView(this: Caller, id: string) {
      if (!id) return;
      const target = this._$.ownerShadowRoot?.querySelector(`#${id}`);
      const node = target?.getBackendElement() as unknown as HTMLElement | undefined;
      node?.scrollIntoView({
        behavior: this.data.scrollWithAnimation ? 'smooth' : 'auto',
        block: 'start',
        inline: 'start',
      });
    },
  },
  lifetimes: {
    attached(this: Caller) {
      const element = hostElement(this);
      let lastTop = 0;
      let lastLeft = 0;
      let atLower = false;
      let atUpper = true;
      element.addEventListener('scroll', () => {
        const { scrollTop, scrollLeft, scrollHeight, scrollWidth, clientHeight, clientWidth } = element;
        this.triggerEvent('scroll', {
          scrollTop,
          scrollLeft,
          scrollHeight,
          scrollWidth,
          deltaX: scrollLeft - lastLeft,
          deltaY: scrollTop - lastTop,
        });
        lastTop = scrollTop;
        lastLeft = scrollLeft;
        const vertical = Boolean(this.data.scrollY);
        const remaining = vertical
          ? scrollHeight - clientHeight - scrollTop
          : scrollWidth - clientWidth - scrollLeft;
        const offset = vertical ? scrollTop : scrollLeft;
        const lower = remaining <= Number(this.data.lowerThreshold);
        const upper = offset <= Number(this.data.upperThreshold);
        if (lower && !atLower)
          this.triggerEvent('scrolltolower', { direction: vertical ? 'bottom' : 'right' });
        if (upper && !atUpper) this.triggerEvent('scrolltoupper', { direction: vertical ? 'top' : 'left' });
        atLower = lower;
        atUpper = upper;
      });
    },
  },
};

/** A WXSS length from a swiper margin: a bare number is px, rpx follows the viewport. */
const cssLength = (value: unknown): string => {
  const text = String(value ?? '').trim() || '0px';
  return /^-?\d+(\.\d+)?$/.test(text) ? `${text}px` : convertRpx(text);
};

const swiper: Def = {
  properties: {
    indicatorDots: Boolean,
    indicatorColor: { type: String, value: 'rgba(0, 0, 0, .3)' },
    indicatorActiveColor: { type: String, value: '#000000' },
    autoplay: Boolean,
    current: { type: Number, value: 0 },
    interval: { type: Number, value: 5000 },
    duration: { type: Number, value: 500 },
    circular: Boolean,
    vertical: Boolean,
    previousMargin: { type: String, value: '0px' },
    nextMargin: { type: String, value: '0px' },
    displayMultipleItems: { type: Number, value: 1 },
  },
  data: { dots: [], trackStyle: '' },
  observers: {
    'current, vertical, duration, previousMargin, nextMargin, displayMultipleItems': function (this: Caller) {
      (this.__layout as () => void).call(this);
    },
    'autoplay, interval': function (this: Caller) {
      (this.__schedule as () => void).call(this);
    },
  },
  lifetimes: {
    attached(this: Caller) {
      const element = hostElement(this);
      flag(element, 'wx-vertical', Boolean(this.data.vertical));
      let start: { x: number; y: number } | null = null;
      const down = (x: number, y: number) => {
        start = { x, y };
      };
      const up = (x: number, y: number) => {
        if (!start) return;
        const delta = this.data.vertical ? y - start.y : x - start.x;
        start = null;
        if (Math.abs(delta) > 30)
          (this.__go as (step: number, source: string) => void).call(this, delta < 0 ? 1 : -1, 'touch');
      };
      element.addEventListener('mousedown', (e) => down(e.clientX, e.clientY));
      element.addEventListener('mouseup', (e) => up(e.clientX, e.clientY));
      element.addEventListener('touchstart', (e) =>
        down(e.touches[0]?.clientX ?? 0, e.touches[0]?.clientY ?? 0),
      );
      element.addEventListener('touchend', (e) =>
        up(e.changedTouches[0]?.clientX ?? 0, e.changedTouches[0]?.clientY ?? 0),
      );
      setTimeout(() => (this.__layout as () => void).call(this), 0);
      (this.__schedule as () => void).call(this);
    },
    detached(this: Caller) {
      clearInterval(this.__timer as number);
    },
  },
  methods: {
    __count(this: Caller): number {
      return composedComponents(this._$).filter((c) => c.is === 'wx-builtin/swiper-item').length;
    },
    /** Items shown at once (`display-multiple-items`); the last `current` leaves no gap at the end. */
    __shown(this: Caller): number {
      return Math.max(1, Math.floor(Number(this.data.displayMultipleItems) || 1));
    },
    __layout(this: Caller) {
      const count = (this.__count as () => number).call(this);
      const shown = (this.__shown as () => number).call(this);
      const current = Math.max(0, Math.min(Number(this.data.current) || 0, Math.max(0, count - shown)));
      const axis = this.data.vertical ? 'Y' : 'X';
      // Items share what the margins leave; the track starts after previous-margin.
      const previous = cssLength(this.data.previousMargin);
      const next = cssLength(this.data.nextMargin);
      const plain = shown === 1 && /^0(px)?$/.test(previous) && /^0(px)?$/.test(next);
      const item = `((100% - ${previous} - ${next}) / ${shown})`;
      hostElement(this)?.style.setProperty('--wx-swiper-item', plain ? '100%' : `calc${item}`);
      const offset = plain ? `${-current * 100}%` : `calc(${previous} - ${current} * ${item})`;
      this.setData({
        dots: Array.from({ length: count }, (_, i) => i),
        trackStyle: `transform:translate${axis}(${offset});transition:transform ${Number(this.data.duration)}ms`,
      });
    },
    __go(this: Caller, step: number, source: string) {
      const count = (this.__count as () => number).call(this);
      if (count === 0) return;
      const last = Math.max(0, count - (this.__shown as () => number).call(this));
      let next = (Number(this.data.current) || 0) + step;
      if (next > last) next = this.data.circular || source === 'autoplay' ? 0 : last;
      if (next < 0) next = this.data.circular ? last : 0;
      if (next === this.data.current) return;
      this.setData({ current: next });
      this.triggerEvent('change', { current: next, currentItemId: '', source });
      setTimeout(
        () => this.triggerEvent('animationfinish', { current: next, source }),
        Number(this.data.duration),
      );
    },
    __schedule(this: Caller) {
      clearInterval(this.__timer as number);
      if (this.data.autoplay) {
        this.__timer = setInterval(
          () => (this.__go as (s: number, source: string) => void).call(this, 1, 'autoplay'),
          Math.max(100, Number(this.data.interval)),
        );
      }
    },
  },
};

export const DISPLAY_COMPONENTS: Array<[string, Def, string]> = [
  ['image', image, 'image'],
  // Above native components on WeChat; here nothing is native, so it is an image.
  ['cover-image', image, 'image'],
  ['icon', icon, 'icon'],
  ['progress', progress, 'progress'],
  ['rich-text', richText, ''],
  ['navigator', navigator, 'slot'],
  ['scroll-view', scrollView, 'slot'],
  ['swiper', swiper, 'swiper'],
  ['swiper-item', { properties: { itemId: String } }, 'slot'],
];
