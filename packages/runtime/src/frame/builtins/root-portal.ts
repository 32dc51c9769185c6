/**
 * `<root-portal enable>`: its subtree leaves the page's flow and is drawn over everything, as
 * WeChat moves it to the page's root. Here the node stays where it is in the tree (so the
 * owner's scoped classes and glass-easel's updates still reach it) and is put in the browser's
 * top layer as a manual popover: no ancestor's overflow, transform or z-index clips it.
 * The layer covers the window and lets taps through to the page except on its children.
 */
import { type Caller, hostElement } from './host-element.ts';

type Def = Record<string, unknown>;

export const rootPortal: Def = {
  properties: { enable: { type: Boolean, value: true } },
  observers: {
    enable(this: Caller) {
      if (this.__attached) (this.__place as () => void).call(this);
    },
  },
  lifetimes: {
    attached(this: Caller) {
      this.__attached = true;
      (this.__place as () => void).call(this);
    },
    detached(this: Caller) {
      this.__attached = false;
    },
  },
  pageLifetimes: {
    // A page shown again after being covered: the browser took its popovers out of the top layer.
    show(this: Caller) {
      if (this.__attached) (this.__place as () => void).call(this);
    },
  },
  methods: {
    __place(this: Caller) {
      const element = hostElement(this);
      if (this.data.enable) {
        if (!element.hasAttribute('popover')) element.setAttribute('popover', 'manual');
        if (element.isConnected && !element.matches(':popover-open')) element.showPopover();
      } else if (element.hasAttribute('popover')) {
        if (element.matches(':popover-open')) element.hidePopover();
        element.removeAttribute('popover');
      }
    },
  },
};
