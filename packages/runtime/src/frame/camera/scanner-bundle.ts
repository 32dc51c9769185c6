/**
 * jsQR for `<camera mode="scanCode">`, bundled apart as the runtime asset `scanner.js` and
 * loaded only when such a camera appears (builtins/camera.ts).
 */
import jsQR from 'jsqr';

(window as unknown as Record<string, unknown>).__wharfScanner = jsQR;
