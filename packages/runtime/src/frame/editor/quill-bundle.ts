/**
 * The rich-text engine behind `<editor>`, bundled apart as the runtime asset `editor.js` and
 * loaded only when a page first shows an editor (builtins/editor.ts). WeChat's editor is
 * Quill too, so its `delta` is Quill's Delta; this adds what WeChat's format list has beyond
 * Quill's own formats: `ins`, a divider, images that keep their temp path (`data-local`), and
 * the CSS properties `format()` accepts as inline or block styles.
 */
import Quill from 'quill';
import coreCss from 'quill/dist/quill.core.css';
import { EDITOR_GLOBAL, type EditorEngine } from './engine.ts';

type Parchment = typeof import('parchment');
const parchment = Quill.import('parchment') as Parchment;
const Inline = Quill.import('blots/inline') as typeof import('parchment').InlineBlot;
const BlockEmbed = Quill.import('blots/block/embed') as typeof import('parchment').EmbedBlot;
const QuillImage = Quill.import('formats/image') as typeof import('parchment').EmbedBlot & {
  sanitize(url: string): string;
};

class Ins extends Inline {
  static override blotName = 'ins';
  static override tagName = 'INS';
}

class Divider extends BlockEmbed {
  static override blotName = 'divider';
  static override tagName = 'HR';
}

const IMAGE_ATTRIBUTES = ['alt', 'width', 'height', 'class', 'data-local', 'data-custom'];
let resolveImage = (src: string) => src;

class Image extends QuillImage {
  static override create(value: unknown) {
    // biome-ignore lint/complexity/noThisInStatic: Quill's own create, through the subclass.
    const node = super.create(value) as HTMLElement;
    if (typeof value === 'string') {
      const url = resolveImage(value);
      node.setAttribute('src', url);
      if (url !== value && value.startsWith('wxfile://')) node.setAttribute('data-local', value);
    }
    return node;
  }
  static override formats(node: HTMLElement) {
    const formats: Record<string, string> = {};
    for (const name of IMAGE_ATTRIBUTES) {
      const value = node.getAttribute(name);
      if (value !== null) formats[name] = value;
    }
    return formats;
  }
  // Blob URLs are what the frame shows temp files with (wx/temp-files.ts).
  static override sanitize(url: string) {
    return /^(https?:|data:|blob:|\/)/i.test(url) ? url : '//:0';
  }
  // A temp image keeps its path in the delta, so setContents of a saved delta shows it again.
  static override value(node: HTMLElement) {
    return node.getAttribute('data-local') ?? node.getAttribute('src') ?? '';
  }
  override format(name: string, value: unknown) {
    if (!IMAGE_ATTRIBUTES.includes(name)) return super.format(name, value);
    const node = this.domNode as HTMLElement;
    if (value) node.setAttribute(name, String(value));
    else node.removeAttribute(name);
  }
}

/** WeChat's CSS format names, as inline (text) or block (paragraph) styles. */
const STYLES: Record<string, [string, 'inline' | 'block']> = {
  margin: ['margin', 'block'],
  marginTop: ['margin-top', 'block'],
  marginBottom: ['margin-bottom', 'block'],
  marginLeft: ['margin-left', 'block'],
  marginRight: ['margin-right', 'block'],
  padding: ['padding', 'block'],
  paddingTop: ['padding-top', 'block'],
  paddingBottom: ['padding-bottom', 'block'],
  paddingLeft: ['padding-left', 'block'],
  paddingRight: ['padding-right', 'block'],
  lineHeight: ['line-height', 'block'],
  textIndent: ['text-indent', 'block'],
  font: ['font', 'inline'],
  fontSize: ['font-size', 'inline'],
  fontStyle: ['font-style', 'inline'],
  fontVariant: ['font-variant', 'inline'],
  fontWeight: ['font-weight', 'inline'],
  fontFamily: ['font-family', 'inline'],
  letterSpacing: ['letter-spacing', 'inline'],
  textDecoration: ['text-decoration', 'inline'],
};

const registered: Record<string, object> = {
  'formats/ins': Ins,
  'formats/divider': Divider,
  'formats/image': Image,
};
for (const [name, [property, scope]] of Object.entries(STYLES)) {
  registered[`formats/${name}`] = new parchment.StyleAttributor(name, property, {
    scope: scope === 'block' ? parchment.Scope.BLOCK : parchment.Scope.INLINE,
  });
}
// Quill types the map by its own blot classes; these are the same classes, subclassed.
Quill.register(registered as never, true);

const style = document.createElement('style');
style.textContent = coreCss;
document.head.appendChild(style);

const engine: EditorEngine = {
  create(container, options) {
    resolveImage = options.resolveImage;
    return new Quill(container, {
      placeholder: options.placeholder,
      readOnly: options.readOnly,
      modules: { toolbar: false, history: { delay: 0, maxStack: 100, userOnly: false } },
    });
  },
};
(window as unknown as Record<string, unknown>)[EDITOR_GLOBAL] = engine;
