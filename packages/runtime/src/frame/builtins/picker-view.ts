/**
 * `<picker-view>` / `<picker-view-column>`: each column is a vertical scroller whose items snap
 * to the centre line (CSS scroll snapping); when scrolling settles, the picker sends `change`
 * with every column's index, as WeChat does. `value` scrolls the columns without an event.
 * The item height is the first item's own height (WeChat's items are as tall as the indicator).
 */
import { type Caller, hostElement } from './host-element.ts';

type Def = Record<string, unknown>;
const DEFAULT_ITEM_HEIGHT = 34;

const columnsOf = (host: HTMLElement): HTMLElement[] =>
  [...host.querySelectorAll<HTMLElement>('picker-view-column')].filter(
    (c) => c.closest('picker-view') === host,
  );

function itemHeight(column: HTMLElement): number {
  const first = column.firstElementChild as HTMLElement | null;
  return first?.offsetHeight || DEFAULT_ITEM_HEIGHT;
}

function indexOf(column: HTMLElement): number {
  const count = column.childElementCount;
  const index = Math.round(column.scrollTop / itemHeight(column));
  return Math.max(0, Math.min(index, Math.max(0, count - 1)));
}

export const pickerView: Def = {
  properties: {
    value: { type: Array, value: [] },
    indicatorStyle: String,
    maskStyle: String,
    immediateChange: Boolean,
  },
  // Classes of the owner's WXSS, as WeChat applies them to the indicator and the mask.
  externalClasses: ['indicator-class', 'mask-class'],
  observers: {
    value(this: Caller) {
      (this.__apply as () => void).call(this);
    },
  },
  lifetimes: {
    attached(this: Caller) {
      const host = hostElement(this);
      let picking = false;
      // scroll and scrollend do not bubble: listen while capturing, for this picker's columns only.
      host.addEventListener(
        'scroll',
        (event) => {
          if (!columnsOf(host).includes(event.target as HTMLElement) || this.__applying) return;
          if (!picking) {
            picking = true;
            this.triggerEvent('pickstart', {});
          }
        },
        true,
      );
      host.addEventListener(
        'scrollend',
        (event) => {
          if (!columnsOf(host).includes(event.target as HTMLElement)) return;
          if (this.__applying) {
            this.__applying = false;
            return;
          }
          picking = false;
          const value = columnsOf(host).map(indexOf);
          this.triggerEvent('pickend', {});
          if (value.join() === (this.__current as number[] | undefined)?.join()) return;
          this.__current = value;
          this.triggerEvent('change', { value });
        },
        true,
      );
      // Items rendered by the owner's wx:for arrive after this lifetime.
      setTimeout(() => (this.__apply as () => void).call(this), 0);
    },
  },
  methods: {
    __apply(this: Caller) {
      const host = hostElement(this);
      if (!host) return;
      const value = (Array.isArray(this.data.value) ? this.data.value : []) as number[];
      const current: number[] = [];
      for (const [i, column] of columnsOf(host).entries()) {
        const height = itemHeight(column);
        // Padding lets the first and last items reach the centre line.
        const pad = `${Math.max(0, (column.clientHeight - height) / 2)}px`;
        column.style.paddingTop = pad;
        column.style.paddingBottom = pad;
        const index = Math.max(0, Math.min(Number(value[i]) || 0, Math.max(0, column.childElementCount - 1)));
        current.push(index);
        if (Math.abs(column.scrollTop - index * height) > 1) {
          this.__applying = true;
          column.scrollTop = index * height;
        }
      }
      this.__current = current;
    },
  },
};
