/**
 * `<text decode>` and `<text space="ensp|emsp|nbsp">`: glass-easel writes text as it is, so
 * the frame rewrites the text nodes of such `text` elements whenever they change (first render
 * and every `setData`), before the browser paints. The entities are the ones WeChat lists for
 * `decode`; static entities in WXML are already decoded by glass-easel's compiler.
 */
const ENTITIES: Record<string, string> = {
  '&nbsp;': '\u00a0',
  '&lt;': '<',
  '&gt;': '>',
  '&amp;': '&',
  '&apos;': "'",
  '&ensp;': '\u2002',
  '&emsp;': '\u2003',
};
const SPACES: Record<string, string> = { ensp: '\u2002', emsp: '\u2003', nbsp: '\u00a0' };

const on = (element: Element, name: string): boolean => {
  const value = element.getAttribute(name);
  return value !== null && value !== 'false';
};

/** What a text node inside `text` shows, or undefined when the element asks for nothing. */
export function textShown(data: string, decode: boolean, space: string | null): string {
  let out = data;
  // One pass, so `&amp;lt;` becomes `&lt;`, not `<`.
  if (decode) out = out.replace(/&(?:nbsp|lt|gt|amp|apos|ensp|emsp);/g, (e) => ENTITIES[e] ?? e);
  const spaceChar = space === null ? undefined : SPACES[space];
  if (spaceChar) out = out.replace(/ /g, spaceChar);
  return out;
}

export function installTextContent(root: Node = document.body): void {
  // The value Wharf wrote last, so its own writes are not rewritten again.
  const written = new WeakMap<Text, string>();
  const rewrite = (node: Text) => {
    if (written.get(node) === node.data) return;
    const text = node.parentElement?.closest('text');
    if (!text) return;
    const decode = on(text, 'decode');
    const space = text.getAttribute('space');
    if (!decode && space === null) return;
    const shown = textShown(node.data, decode, space);
    written.set(node, shown);
    if (shown !== node.data) node.data = shown;
  };
  const visit = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) rewrite(node as Text);
    else if (node instanceof Element && (node.localName === 'text' || node.querySelector('text'))) {
      const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
      for (let t = walker.nextNode(); t; t = walker.nextNode()) rewrite(t as Text);
    }
  };
  new MutationObserver((mutations) => {
    for (const m of mutations) {
      if (m.type === 'characterData') visit(m.target);
      else for (const added of m.addedNodes) visit(added);
    }
  }).observe(root, { subtree: true, childList: true, characterData: true });
}
