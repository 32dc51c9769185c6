/**
 * What the DOM shows of a WXML node, so WXSS selectors match as they do in WeChat's webview:
 * - ids as written in WXML. glass-easel's adapter prefixes every DOM id with a random
 *   per-instance hash (`4715395d--detail`), so `#detail` in WXSS never matched. Lookups
 *   (`selectComponent('#x')`, selector queries, `scroll-into-view`) walk glass-easel's own
 *   tree, not DOM ids, so they are unaffected.
 * - `data-*` attributes for the node's dataset, so attribute selectors such as
 *   `[data-kind="a"]` match (glass-easel keeps the dataset off the DOM in this backend).
 * - `wx-button` for `<button>` (see shared/dom-tags.ts).
 */
import * as glassEasel from 'glass-easel';
import { DOM_TAG_NAMES } from '../shared/dom-tags.ts';

/** glass-easel creates every node through `backend.document`: builtins with HTML namesakes get their `wx-` tag. */
export function renameDomTags(backend: glassEasel.CurrentWindowBackendContext): void {
  const real = document;
  (
    backend as unknown as {
      document: Pick<Document, 'createElement' | 'createTextNode' | 'createDocumentFragment'>;
    }
  ).document = {
    createElement: (tag: string) => real.createElement(DOM_TAG_NAMES[tag] ?? tag),
    createTextNode: (text: string) => real.createTextNode(text),
    createDocumentFragment: () => real.createDocumentFragment(),
  } as never;
}

export function installDomAttributes(): void {
  // Every component instance gets an empty id prefix: the setter swallows the adapter's hash.
  // Prefixed properties (`reflectIdPrefix`, e.g. a label's `for`) read the same empty prefix,
  // so they keep pointing at the ids written here.
  Object.defineProperty(glassEasel.Component.prototype, '_$idPrefix', {
    configurable: true,
    get: () => '',
    set: () => {},
  });

  const setDataset = glassEasel.Element.prototype.setDataset;
  glassEasel.Element.prototype.setDataset = function (
    this: glassEasel.Element,
    name: string,
    value: unknown,
  ) {
    setDataset.call(this, name, value);
    const node = (this as unknown as { $$?: unknown }).$$;
    if (!(node instanceof HTMLElement)) return;
    const attribute = `data-${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    if (value === undefined || value === null || value === false) node.removeAttribute(attribute);
    else node.setAttribute(attribute, typeof value === 'object' ? JSON.stringify(value) : String(value));
  };
}
