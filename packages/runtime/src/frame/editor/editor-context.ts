/**
 * WeChat's `EditorContext` over a Quill instance: format names and values as WeChat's
 * `format(name, value)` documents them, mapped onto Quill's (`backgroundColor` → `background`,
 * `header: 'H2'` → 2, `list: 'check'` → `unchecked`), and back for `bindstatuschange`.
 */
import type Quill from 'quill';
import { ApiFailure, asyncApi } from '../wx/async-api.ts';

type Formats = Record<string, unknown>;

function toQuill(name: string, value: unknown): [string, unknown] {
  if (name === 'backgroundColor') return ['background', value];
  if (name === 'header') {
    const level = /^h?([1-6])$/i.exec(String(value ?? ''))?.[1];
    return ['header', level ? Number(level) : false];
  }
  if (name === 'list' && value === 'check') return ['list', 'unchecked'];
  return [name, value];
}

/** The formats at the cursor, named as WeChat names them. */
export function weChatFormats(formats: Formats): Formats {
  const out: Formats = {};
  for (const [name, value] of Object.entries(formats)) {
    if (name === 'background') out.backgroundColor = value;
    else if (name === 'list' && (value === 'checked' || value === 'unchecked')) out.list = 'check';
    else out[name] = value;
  }
  return out;
}

export function editorContents(quill: Quill): { html: string; text: string; delta: unknown } {
  return {
    html: quill.root.innerHTML,
    text: quill.getText(),
    delta: JSON.parse(JSON.stringify(quill.getContents())),
  };
}

export function createEditorContext(
  quill: () => Promise<Quill>,
  onStatusChange: (formats: Formats) => void,
): Record<string, unknown> {
  const statusChanged = (q: Quill) => onStatusChange(weChatFormats(q.getFormat()));
  const api = (name: string, run: (q: Quill, args: Record<string, unknown>) => unknown) =>
    asyncApi(name, async (args) => (await run(await quill(), args)) as Record<string, unknown> | undefined);
  // The selection, or the end of the text when the editor never had a cursor.
  const at = (q: Quill) => q.getSelection(true) ?? { index: q.getLength() - 1, length: 0 };

  return {
    // A format already set on the selection is switched off by setting it again (WeChat's rule).
    format(name: string, value?: unknown) {
      void quill().then((q) => {
        if (typeof name !== 'string' || !name) return;
        const [quillName, quillValue] = toQuill(name, value ?? true);
        const current = q.getFormat(q.getSelection(true) ?? undefined)[quillName];
        const same = current === quillValue || (quillValue === true && current !== undefined);
        q.format(quillName, same ? false : quillValue, 'user');
        statusChanged(q);
      });
    },
    insertText: api('insertText', (q, args) => {
      const range = at(q);
      q.deleteText(range.index, range.length, 'user');
      const text = String(args.text ?? '');
      q.insertText(range.index, text, 'user');
      q.setSelection(range.index + text.length, 0, 'user');
    }),
    insertDivider: api('insertDivider', (q) => {
      const range = at(q);
      const before = q.getLength();
      // A block embed inside a line first ends the line: the cursor goes past what was added.
      q.insertEmbed(range.index, 'divider', true, 'user');
      q.setSelection(range.index + q.getLength() - before, 0, 'user');
    }),
    insertImage: api('insertImage', (q, args) => {
      const src = String(args.src ?? '');
      if (!src) throw new ApiFailure('parameter error: src is required');
      const range = at(q);
      const formats: Formats = {};
      if (args.width) formats.width = String(args.width);
      if (args.height) formats.height = String(args.height);
      if (args.alt) formats.alt = String(args.alt);
      if (args.extClass) formats.class = String(args.extClass);
      if (args.data && typeof args.data === 'object')
        formats['data-custom'] = new URLSearchParams(
          Object.entries(args.data as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
        ).toString();
      q.deleteText(range.index, range.length, 'user');
      q.insertEmbed(range.index, 'image', src, 'user');
      q.formatText(range.index, 1, formats, 'user');
      q.setSelection(range.index + 1, 0, 'user');
    }),
    // WeChat: when both are given, only the delta counts.
    setContents: api('setContents', (q, args) => {
      if (args.delta && typeof args.delta === 'object') q.setContents(args.delta as never, 'user');
      else if (typeof args.html === 'string') q.setContents(q.clipboard.convert({ html: args.html }), 'user');
      else throw new ApiFailure('parameter error: html or delta is required');
    }),
    getContents: api('getContents', (q) => editorContents(q)),
    getSelectionText: api('getSelectionText', (q) => {
      const range = q.hasFocus() ? q.getSelection() : null;
      return { text: range && range.length > 0 ? q.getText(range.index, range.length) : '' };
    }),
    getSelection: api('getSelection', (q) => {
      const range = q.getSelection();
      return range ? { index: range.index, length: range.length } : { index: 0, length: 0 };
    }),
    setSelection: api('setSelection', (q, args) => {
      q.setSelection(Number(args.index) || 0, Number(args.length) || 0, 'user');
    }),
    deleteText: api('deleteText', (q, args) => {
      q.deleteText(Number(args.index) || 0, Number(args.length) || 0, 'user');
    }),
    clear: api('clear', (q) => {
      q.setText('', 'user');
    }),
    removeFormat: api('removeFormat', (q) => {
      const range = at(q);
      q.removeFormat(range.index, range.length, 'user');
      statusChanged(q);
    }),
    undo: api('undo', (q) => {
      q.history.undo();
    }),
    redo: api('redo', (q) => {
      q.history.redo();
    }),
    getHistoryState: api('getHistoryState', (q) => {
      const stack = (q.history as unknown as { stack: { undo: unknown[]; redo: unknown[] } }).stack;
      return { undo: stack.undo.length > 0, redo: stack.redo.length > 0 };
    }),
    blur: api('blur', (q) => {
      q.blur();
    }),
    scrollIntoView: api('scrollIntoView', (q) => {
      q.scrollSelectionIntoView();
    }),
  };
}
