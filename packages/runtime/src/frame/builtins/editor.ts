/**
 * `<editor>`: WeChat's rich-text editor, on Quill as WeChat's own is. Quill lives in the
 * runtime asset `editor.js`, loaded when the first editor attaches, so pages without one pay
 * nothing. `bindready` fires once the editor can be typed in; its `EditorContext` comes from
 * `wx.createSelectorQuery().select('#id').context(cb)` (node-contexts.ts).
 */
import type Quill from 'quill';
import { createEditorContext, editorContents, weChatFormats } from '../editor/editor-context.ts';
import { EDITOR_GLOBAL, type EditorEngine } from '../editor/engine.ts';
import { type Caller, hostElement } from './host-element.ts';
import { clearNodeContext, setNodeContext } from './node-contexts.ts';
import { platform } from './platform.ts';

type Def = Record<string, unknown>;

let engine: Promise<EditorEngine> | undefined;

function loadEngine(): Promise<EditorEngine> {
  engine ??= new Promise<EditorEngine>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = new URL('editor.js', location.href).href;
    script.onload = () => {
      const loaded = (window as unknown as Record<string, EditorEngine | undefined>)[EDITOR_GLOBAL];
      if (loaded) resolve(loaded);
      else reject(new Error('editor.js did not start'));
    };
    script.onerror = () => reject(new Error('editor.js could not be loaded'));
    document.head.appendChild(script);
  });
  engine.catch(() => {
    engine = undefined;
  });
  return engine;
}

const editors = new WeakMap<Caller, { quill: Promise<Quill> }>();

export const editor: Def = {
  properties: {
    readOnly: Boolean,
    placeholder: String,
    showImgSize: Boolean,
    showImgToolbar: Boolean,
    showImgResize: Boolean,
  },
  observers: {
    'readOnly, placeholder': function (this: Caller) {
      void editors.get(this)?.quill.then((quill) => {
        quill.enable(!this.data.readOnly);
        quill.root.dataset.placeholder = String(this.data.placeholder ?? '');
      });
    },
  },
  lifetimes: {
    attached(this: Caller) {
      const element = hostElement(this);
      const container = document.createElement('div');
      container.className = 'wx-editor-container';
      element.replaceChildren(container);
      const owner = this._$.ownerShadowRoot?.getHostNode().is ?? '';
      const resolveImage = (src: string) => platform.resolveAsset(src, owner);
      const quill = loadEngine().then((e) =>
        e.create(container, {
          placeholder: String(this.data.placeholder ?? ''),
          readOnly: Boolean(this.data.readOnly),
          resolveImage,
        }),
      );
      editors.set(this, { quill });
      setNodeContext(
        element,
        createEditorContext(
          () => quill,
          (formats) => this.triggerEvent('statuschange', formats),
        ),
      );
      quill.then(
        (q) => {
          q.on('text-change', () => this.triggerEvent('input', editorContents(q)));
          q.on('selection-change', (range, old) => {
            // The toolbar of WeChat's editor demo follows the cursor through this event.
            if (range) this.triggerEvent('statuschange', weChatFormats(q.getFormat(range)));
            if (range && !old) this.triggerEvent('focus', editorContents(q));
            else if (!range && old) this.triggerEvent('blur', editorContents(q));
          });
          this.triggerEvent('ready', {});
        },
        (error: unknown) => platform.reportError(error),
      );
    },
    detached(this: Caller) {
      clearNodeContext(hostElement(this));
      editors.delete(this);
    },
  },
};
