/**
 * Skyline's layout containers as WeChat's webview compatibility layer lays them out:
 * `<list-view>` (a block), `<grid-view>` (`aligned`: rows as high as their highest item;
 * `masonry`: each item goes to the shortest column), `<sticky-section>` / `<sticky-header>`
 * (CSS sticky headers, pushed up by the next section unless `push-pinned-header` is false).
 * Everything is rendered (Skyline renders on demand; the webview layer does not either).
 */
import { type Caller, hostElement } from './host-element.ts';

type Def = Record<string, unknown>;

const padding = { type: Array, value: [0, 0, 0, 0] };
const paddingCss = (value: unknown): string => {
  const [top = 0, right = 0, bottom = 0, left = 0] = Array.isArray(value) ? value.map(Number) : [];
  return `${top}px ${right}px ${bottom}px ${left}px`;
};
const applyPadding = function (this: Caller) {
  const element = hostElement(this);
  if (element) element.style.padding = paddingCss(this.data.padding);
};

export const listView: Def = { properties: { padding }, observers: { padding: applyPadding } };

export const stickySection: Def = {
  properties: { padding, pushPinnedHeader: { type: Boolean, value: true } },
  observers: {
    padding: applyPadding,
    pushPinnedHeader(this: Caller, push: boolean) {
      // Without its own box the section no longer bounds its header: headers stay pinned and overlap.
      hostElement(this)?.toggleAttribute('wx-overlap', !push);
    },
  },
};

export const stickyHeader: Def = {
  properties: { padding, offsetTop: { type: Number, value: 0 }, allowOverlapping: Boolean },
  observers: {
    padding: applyPadding,
    offsetTop(this: Caller, offset: number) {
      const element = hostElement(this);
      if (element) element.style.top = `${Number(offset) || 0}px`;
    },
  },
  lifetimes: {
    attached(this: Caller) {
      const element = hostElement(this);
      let stuck = false;
      const check = () => {
        const scroller = scrollParent(element);
        const line =
          (scroller ? scroller.getBoundingClientRect().top : 0) + (Number(this.data.offsetTop) || 0);
        const top = element.getBoundingClientRect().top;
        // Where the header would be without sticking: after its previous sibling, or its parent's top.
        const before = element.previousElementSibling?.getBoundingClientRect().bottom;
        const natural = before ?? element.parentElement?.getBoundingClientRect().top ?? top;
        const now = Math.abs(top - line) < 1 && natural < line - 0.5;
        if (now === stuck) return;
        stuck = now;
        this.triggerEvent('stickontopchange', { isStickOnTop: now });
      };
      document.addEventListener('scroll', check, { capture: true, passive: true });
      this.__unlisten = () => document.removeEventListener('scroll', check, { capture: true });
    },
    detached(this: Caller) {
      (this.__unlisten as (() => void) | undefined)?.();
    },
  },
};

function scrollParent(element: HTMLElement): HTMLElement | null {
  for (let node = element.parentElement; node; node = node.parentElement) {
    const { overflowY } = getComputedStyle(node);
    if (overflowY === 'auto' || overflowY === 'scroll') return node;
  }
  return null;
}

export const gridView: Def = {
  properties: {
    type: { type: String, value: 'aligned' },
    crossAxisCount: { type: Number, value: 2 },
    maxCrossAxisExtent: { type: Number, value: 0 },
    mainAxisGap: { type: Number, value: 0 },
    crossAxisGap: { type: Number, value: 0 },
    padding,
  },
  observers: {
    'type, crossAxisCount, maxCrossAxisExtent, mainAxisGap, crossAxisGap, padding': function (this: Caller) {
      (this.__layout as () => void).call(this);
    },
  },
  lifetimes: {
    attached(this: Caller) {
      const element = hostElement(this);
      const layout = () => (this.__layout as () => void).call(this);
      // Sizes of the grid and of its items (masonry), and items added or removed.
      const sizes = new ResizeObserver(layout);
      const observeItems = () => {
        sizes.disconnect();
        sizes.observe(element);
        for (const child of element.children) sizes.observe(child);
      };
      const items = new MutationObserver(() => {
        observeItems();
        layout();
      });
      items.observe(element, { childList: true });
      observeItems();
      this.__stop = () => {
        sizes.disconnect();
        items.disconnect();
      };
      layout();
    },
    detached(this: Caller) {
      (this.__stop as (() => void) | undefined)?.();
    },
  },
  methods: {
    __layout(this: Caller) {
      const element = hostElement(this);
      if (!element?.isConnected) return;
      const pad = Array.isArray(this.data.padding) ? this.data.padding.map(Number) : [0, 0, 0, 0];
      const [top = 0, right = 0, bottom = 0, left = 0] = pad;
      element.style.padding = paddingCss(pad);
      const crossGap = Math.max(0, Number(this.data.crossAxisGap) || 0);
      const mainGap = Math.max(0, Number(this.data.mainAxisGap) || 0);
      const usable = element.clientWidth - left - right;
      const extent = Number(this.data.maxCrossAxisExtent) || 0;
      // As Flutter's max-extent grids (Skyline's model): as many columns as needed to keep each under the extent.
      const count = Math.max(
        1,
        extent > 0
          ? Math.ceil(usable / (extent + crossGap))
          : Math.floor(Number(this.data.crossAxisCount) || 2),
      );
      const children = [...element.children] as HTMLElement[];
      if (this.data.type !== 'masonry') {
        element.removeAttribute('wx-masonry');
        element.style.height = '';
        element.style.gridTemplateColumns = `repeat(${count}, minmax(0, 1fr))`;
        element.style.columnGap = `${crossGap}px`;
        element.style.rowGap = `${mainGap}px`;
        for (const child of children)
          for (const p of ['position', 'left', 'top', 'width']) child.style.removeProperty(p);
        return;
      }
      element.setAttribute('wx-masonry', '');
      const width = (usable - crossGap * (count - 1)) / count;
      const columns = new Array<number>(count).fill(top);
      for (const child of children) {
        const column = columns.indexOf(Math.min(...columns));
        child.style.position = 'absolute';
        child.style.width = `${width}px`;
        child.style.left = `${left + column * (width + crossGap)}px`;
        child.style.top = `${columns[column]}px`;
        columns[column]! += child.offsetHeight + mainGap;
      }
      const tallest = Math.max(...columns) - (children.length > 0 ? mainGap : 0);
      element.style.height = `${tallest + bottom}px`;
    },
  },
};
