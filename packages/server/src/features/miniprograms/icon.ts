import { decodeDataUrl } from './data-url.ts';

const MAX_ICON_BYTES = 200 * 1024;

/** Accepts a PNG or JPEG as a base64 data URL and checks that the bytes really are one. */
export function validateIcon(dataUrl: string): string {
  decodeDataUrl(dataUrl, ['image/png', 'image/jpeg'], MAX_ICON_BYTES, 'icon');
  return dataUrl;
}
