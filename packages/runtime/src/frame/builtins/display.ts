/** Display and layout builtins: image, icon, progress, rich-text, navigator, scroll-view, swiper. */
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

const progress: Def = {
  properties: {
    percent: { type: Number, value: 0 },
    showInfo: Boolean,
    strokeWidth: { type: Number, value: 6 },
    color: String,
    activeColor: { type: String, value: '#09BB07' },
    backgroundColor: { type: String, value: '#EBEBEB' },
    active: Boolean,
  },
  observers: {
    percent(this: Caller, percent: number) {
      const element = hostElement(this) as HTMLProgressElement;
      if (!element) return;
      element.max = 100;
      element.value = Math.max(0, Math.min(100, Number(percent) || 0));
      element.setAttribute('aria-valuenow', String(element.value));
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
  },
  lifetimes: {
    attached(this: Caller) {
      on(this, 'tap', () => {
        platform.navigate(
          String(this.data.openType || 'navigate'),
          String(this.data.url ?? ''),
          Number(this.data.delta) || 1,
        );
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
  },
  data: { dots: [], trackStyle: '' },
  observers: {
    'current, vertical, duration': function (this: Caller) {
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
    __layout(this: Caller) {
      const count = (this.__count as () => number).call(this);
      const current = Math.max(0, Math.min(Number(this.data.current) || 0, Math.max(0, count - 1)));
      const axis = this.data.vertical ? 'Y' : 'X';
      this.setData({
        dots: Array.from({ length: count }, (_, i) => i),
        trackStyle: `transform:translate${axis}(${-current * 100}%);transition:transform ${Number(this.data.duration)}ms`,
      });
    },
    __go(this: Caller, step: number, source: string) {
      const count = (this.__count as () => number).call(this);
      if (count === 0) return;
      let next = (Number(this.data.current) || 0) + step;
      if (next >= count) next = this.data.circular || source === 'autoplay' ? 0 : count - 1;
      if (next < 0) next = this.data.circular ? count - 1 : 0;
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
  ['icon', icon, 'icon'],
  ['progress', progress, ''],
  ['rich-text', richText, ''],
  ['navigator', navigator, 'slot'],
  ['scroll-view', scrollView, 'slot'],
  ['swiper', swiper, 'swiper'],
  ['swiper-item', { properties: { itemId: String } }, 'slot'],
];
