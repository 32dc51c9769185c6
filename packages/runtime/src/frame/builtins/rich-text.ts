/**
 * `<rich-text nodes>`: an HTML string or WeChat's node array, rendered with an allow-list of
 * tags and attributes (no scripts, no event handler attributes, no `javascript:` URLs),
 * as WeChat does.
 */
const ALLOWED_TAGS = new Set(
  'a abbr address article aside b bdi bdo big blockquote br caption center cite code col colgroup dd del div dl dt em fieldset font footer h1 h2 h3 h4 h5 h6 header hr i img ins label legend li mark nav ol p pre q rt ruby s section small span strong sub sup table tbody td tfoot th thead tr tt u ul'.split(
    ' ',
  ),
);
const ALLOWED_ATTRIBUTES = new Set([
  'class',
  'style',
  'src',
  'alt',
  'width',
  'height',
  'colspan',
  'rowspan',
  'align',
  'title',
  'href',
  'start',
  'type',
]);

interface RichNode {
  name?: string;
  type?: string;
  text?: string;
  attrs?: Record<string, string>;
  children?: RichNode[];
}

function safeAttribute(name: string, value: string): boolean {
  if (!ALLOWED_ATTRIBUTES.has(name.toLowerCase())) return false;
  if ((name === 'src' || name === 'href') && /^\s*javascript:/i.test(value)) return false;
  return true;
}

function fromNodes(nodes: RichNode[], into: Node): void {
  for (const node of nodes) {
    if (node.type === 'text') {
      into.appendChild(document.createTextNode(node.text ?? ''));
      continue;
    }
    const name = (node.name ?? '').toLowerCase();
    if (!ALLOWED_TAGS.has(name)) continue;
    const element = document.createElement(name);
    for (const [key, value] of Object.entries(node.attrs ?? {})) {
      // An attribute bound to nothing is left out, as WeChat does (not written as "undefined").
      if (value === undefined || value === null) continue;
      if (safeAttribute(key, String(value))) element.setAttribute(key, String(value));
    }
    fromNodes(node.children ?? [], element);
    into.appendChild(element);
  }
}

function cleanTree(source: Node, into: Node): void {
  for (const child of Array.from(source.childNodes)) {
    if (child.nodeType === Node.TEXT_NODE) {
      into.appendChild(document.createTextNode(child.textContent ?? ''));
    } else if (child.nodeType === Node.ELEMENT_NODE) {
      const element = child as Element;
      const name = element.tagName.toLowerCase();
      if (!ALLOWED_TAGS.has(name)) {
        if (name !== 'script' && name !== 'style') cleanTree(element, into);
        continue;
      }
      const copy = document.createElement(name);
      for (const attribute of Array.from(element.attributes)) {
        if (safeAttribute(attribute.name, attribute.value))
          copy.setAttribute(attribute.name, attribute.value);
      }
      cleanTree(element, copy);
      into.appendChild(copy);
    }
  }
}

export function sanitizeRichText(nodes: unknown): DocumentFragment {
  const fragment = document.createDocumentFragment();
  if (typeof nodes === 'string') {
    const parsed = new DOMParser().parseFromString(`<body>${nodes}</body>`, 'text/html');
    cleanTree(parsed.body, fragment);
  } else if (Array.isArray(nodes)) fromNodes(nodes as RichNode[], fragment);
  return fragment;
}
