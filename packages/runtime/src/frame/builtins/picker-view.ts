/**
 * `<picker-view>` / `<picker-view-column>`: each column is a vertical scroller whose items snap
 * to the centre line (CSS scroll snapping); when scrolling settles, the picker sends `change`
 * with every column's index, as WeChat does; with `immediate-change`, when the finger lifts
 * instead: the column is sent to the item nearest the centre line (no fling past it) and
 * `change` names it at once. `value` scrolls the columns without an event.
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
      // immediate-change: where the lifted finger sent a column; its scrolling there is the same pick.
      let settle: { column: HTMLElement; top: number } | null = null;
      // scroll and scrollend do not bubble: listen while capturing, for this picker's columns only.
      host.addEventListener(
        'scroll',
        (event) => {
          if (!columnsOf(host).includes(event.target as HTMLElement) || this.__applying) return;
          if (!picking && !settle) {
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
          if (finger) return;
          if (settle) {
            if (Math.abs(settle.column.scrollTop - settle.top) > 1) return;
            settle.column.style.scrollSnapType = '';
            settle = null;
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
      // immediate-change: the finger scrolls the column itself (no native fling carrying it past
      // the item under the centre line when it lifts), and the lift decides the value.
      let finger: { column: HTMLElement; y: number; top: number } | null = null;
      const columnAt = (event: Event) => columnsOf(host).find((c) => c.contains(event.target as Node));
      host.addEventListener('touchstart', (event) => {
        const column = columnAt(event);
        const touch = event.touches[0];
        if (!this.data.immediateChange || !column || !touch || event.touches.length > 1) return;
        settle = null;
        // Snapping would pull every assigned scrollTop to an item.
        column.style.scrollSnapType = 'none';
        finger = { column, y: touch.clientY, top: column.scrollTop };
      });
      host.addEventListener(
        'touchmove',
        (event) => {
          const touch = event.touches[0];
          if (!finger || !touch) return;
          event.preventDefault();
          finger.column.scrollTop = finger.top - (touch.clientY - finger.y);
        },
        { passive: false },
      );
      const lifted = () => {
        if (!finger) return;
        const { column } = finger;
        finger = null;
        const index = indexOf(column);
        settle = { column, top: index * itemHeight(column) };
        column.scrollTo({ top: settle.top, behavior: 'smooth' });
        const value = columnsOf(host).map((c) => (c === column ? index : indexOf(c)));
        if (value.join() === (this.__current as number[] | undefined)?.join()) return;
        this.__current = value;
        this.triggerEvent('change', { value });
      };
      host.addEventListener('touchend', lifted);
      host.addEventListener('touchcancel', lifted);
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
