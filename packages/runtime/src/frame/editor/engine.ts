/** What `editor.js` (editor/quill-bundle.ts) hands the frame once loaded. */
import type Quill from 'quill';

export const EDITOR_GLOBAL = '__wharfEditorEngine';

export interface EditorEngine {
  create(
    container: HTMLElement,
    options: { placeholder: string; readOnly: boolean; resolveImage: (src: string) => string },
  ): Quill;
}
