import { preloadMiniProgramRuntime } from '@wharf/runtime/host';
import { api } from '../../lib/api';

let asked = false;

/**
 * Boots a runtime frame before the user taps anything, as WeChat keeps a webview preloaded: the
 * first open of a mini program then skips the frame's process, document and `frame.js` and
 * starts at the app's own files. The spare has never run app code and serves one open; the
 * runtime prepares the next. A failure costs nothing: opening then starts the frame itself.
 */
export function preloadRuntime(): void {
  if (asked) return;
  asked = true;
  void api.GET('/api/v1/runtime').then(
    ({ data }) => {
      if (!data) return;
      void preloadMiniProgramRuntime(data.runtimeBase).then((ready) => {
        // Visible to tests and the bench: a spare frame waits for the first open.
        if (ready) document.documentElement.dataset.runtimePreloaded = 'true';
      });
    },
    () => undefined,
  );
}
