/**
 * `<page-meta>` and its `<navigation-bar>`: page settings written in WXML, as WeChat's
 * `wx.setNavigationBarTitle` / `setNavigationBarColor` / `setBackgroundColor` calls would
 * make them, for the page that holds the node (also while it is being built, so the first
 * paint already shows them). Both draw nothing themselves.
 */
import { convertRpx } from '../../build/wxss.ts';
import { type Caller, hostElement } from './host-element.ts';
import { type PageChromeHandle, platform } from './platform.ts';

type Def = Record<string, unknown>;

const TIMING: Record<string, string> = {
  linear: 'linear',
  easeIn: 'ease-in',
  easeOut: 'ease-out',
  easeInOut: 'ease-in-out',
};

const handleOf = (caller: Caller): PageChromeHandle | null => {
  const cached = caller.__page as PageChromeHandle | undefined;
  if (cached) return cached;
  const element = hostElement(caller);
  const handle = element?.isConnected ? platform.pageChrome(element) : null;
  if (handle) caller.__page = handle;
  return handle;
};

/** A bound attribute left empty is "not set": the page keeps what app.json / page JSON gave it. */
const given = (value: unknown): string | undefined =>
  value === undefined || value === null || value === '' ? undefined : String(value);

/** `'200rpx'` / `'120px'` / `'120'` as CSS pixels in this window. */
export function lengthPx(value: string): number {
  const text = value.trim();
  if (text.endsWith('rpx')) return (Number.parseFloat(text) * document.documentElement.clientWidth) / 750;
  return Number.parseFloat(text);
}

export const navigationBar: Def = {
  properties: {
    title: String,
    loading: Boolean,
    frontColor: String,
    backgroundColor: String,
    colorAnimationDuration: { type: Number, value: 0 },
    colorAnimationTimingFunc: { type: String, value: 'linear' },
  },
  observers: {
    'title, frontColor, backgroundColor, colorAnimationDuration, colorAnimationTimingFunc': function (
      this: Caller,
    ) {
      (this.__apply as () => void).call(this);
    },
    loading(this: Caller, loading: boolean) {
      const page = handleOf(this);
      if (!page) return;
      page.meta.loading = Boolean(loading);
      page.setLoading(Boolean(loading));
    },
  },
  lifetimes: {
    attached(this: Caller) {
      (this.__apply as () => void).call(this);
      const page = handleOf(this);
      if (page && this.data.loading) {
        page.meta.loading = true;
        page.setLoading(true);
      }
    },
  },
  methods: {
    __apply(this: Caller) {
      const page = handleOf(this);
      if (!page) return;
      const title = given(this.data.title);
      if (title !== undefined) page.window.navigationBarTitleText = title;
      const front = given(this.data.frontColor)?.toLowerCase();
      // WeChat takes only these two.
      if (front === '#000000' || front === '#ffffff')
        page.window.navigationBarTextStyle = front === '#000000' ? 'black' : 'white';
      const background = given(this.data.backgroundColor);
      if (background !== undefined) page.window.navigationBarBackgroundColor = background;
      const duration = Math.max(0, Number(this.data.colorAnimationDuration) || 0);
      page.meta.colorAnimation =
        duration > 0
          ? { duration, timing: TIMING[String(this.data.colorAnimationTimingFunc)] ?? 'linear' }
          : undefined;
      page.refresh();
    },
  },
};

export const pageMeta: Def = {
  properties: {
    backgroundTextStyle: String,
    backgroundColor: String,
    backgroundColorTop: String,
    backgroundColorBottom: String,
    rootBackgroundColor: String,
    scrollTop: { type: String, value: '' },
    scrollDuration: { type: Number, value: 300 },
    pageStyle: { type: String, value: '' },
    pageFontSize: { type: String, value: '' },
    rootFontSize: { type: String, value: '' },
    pageOrientation: { type: String, value: '' },
  },
  observers: {
    'backgroundTextStyle, backgroundColor, rootBackgroundColor, rootFontSize': function (this: Caller) {
      (this.__applyWindow as () => void).call(this);
    },
    'pageStyle, pageFontSize': function (this: Caller) {
      (this.__applyPageStyle as () => void).call(this);
    },
    scrollTop(this: Caller) {
      if (this.__attached) (this.__scroll as () => void).call(this);
    },
  },
  lifetimes: {
    attached(this: Caller) {
      this.__attached = true;
      (this.__applyWindow as () => void).call(this);
      (this.__applyPageStyle as () => void).call(this);
      const onScroll = () => {
        if (handleOf(this)?.isCurrent()) this.triggerEvent('scroll', { scrollTop: window.scrollY });
      };
      const onResize = () => {
        if (!handleOf(this)?.isCurrent()) return;
        const size = { windowWidth: document.documentElement.clientWidth, windowHeight: window.innerHeight };
        this.triggerEvent('resize', { size });
      };
      window.addEventListener('scroll', onScroll);
      window.addEventListener('resize', onResize);
      this.__unlisten = () => {
        window.removeEventListener('scroll', onScroll);
        window.removeEventListener('resize', onResize);
      };
      // A scroll-top given from the start applies once the page is on screen.
      if (given(this.data.scrollTop) !== undefined) (this.__scroll as () => void).call(this);
    },
    detached(this: Caller) {
      this.__attached = false;
      (this.__unlisten as (() => void) | undefined)?.();
      cancelAnimationFrame(this.__scrolling as number);
    },
  },
  methods: {
    __applyWindow(this: Caller) {
      const page = handleOf(this);
      if (!page) return;
      const textStyle = given(this.data.backgroundTextStyle);
      if (textStyle === 'dark' || textStyle === 'light') page.window.backgroundTextStyle = textStyle;
      const background = given(this.data.backgroundColor);
      if (background !== undefined) page.window.backgroundColor = background;
      page.meta.rootBackgroundColor = given(this.data.rootBackgroundColor);
      const rootFontSize = given(this.data.rootFontSize);
      // 'system' is the user's WeChat font size setting; a browser has none, so the default stays.
      page.meta.rootFontSize =
        rootFontSize === 'system' ? undefined : rootFontSize && convertRpx(rootFontSize);
      page.refresh();
    },
    __applyPageStyle(this: Caller) {
      const page = handleOf(this);
      if (!page) return;
      const fontSize = given(this.data.pageFontSize);
      const style = [
        given(this.data.pageStyle),
        fontSize && fontSize !== 'system' ? `font-size:${fontSize}` : '',
      ]
        .filter(Boolean)
        .join(';');
      page.pageElement.style.cssText = convertRpx(style);
    },
    /** Scrolls the page to scroll-top over scroll-duration ms, then sends scrolldone. */
    __scroll(this: Caller) {
      const text = given(this.data.scrollTop);
      if (text === undefined) return;
      const target = lengthPx(text);
      if (!Number.isFinite(target)) return;
      cancelAnimationFrame(this.__scrolling as number);
      const start = () => {
        const page = handleOf(this);
        if (!page) return;
        // The window scrolls for the page on screen only: wait until this one is.
        if (!page.isCurrent()) {
          this.__scrolling = requestAnimationFrame(start);
          return;
        }
        const from = window.scrollY;
        const duration = Math.max(0, Number(this.data.scrollDuration) || 0);
        const began = performance.now();
        const step = (now: number) => {
          const t = duration === 0 ? 1 : Math.min(1, (now - began) / duration);
          window.scrollTo(0, from + (target - from) * t);
          if (t < 1) this.__scrolling = requestAnimationFrame(step);
          // One frame on, after the browser has sent the last scroll event.
          else this.__scrolling = requestAnimationFrame(() => this.triggerEvent('scrolldone', {}));
        };
        this.__scrolling = requestAnimationFrame(step);
      };
      start();
    },
  },
};
