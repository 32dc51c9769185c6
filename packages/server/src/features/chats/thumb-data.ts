import { WharfError } from '../../errors/wharf-error.ts';

/** WeChat's limit on a share's `thumbData`. */
export const THUMB_LIMIT = 128 * 1024;

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** An app's `thumbData` (base64 of the image bytes): a PNG or JPEG of at most 128 KB, or a clear refusal. */
export function thumbData(base64: string): { bytes: Buffer; contentType: string } {
  const refuse = (reason: string) =>
    new WharfError('chat_thumb_invalid', { limit: THUMB_LIMIT, reason, field: 'thumbData' });
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) throw refuse('not base64');
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length > THUMB_LIMIT) throw refuse(`${bytes.length} bytes`);
  if (bytes.subarray(0, 8).equals(PNG)) return { bytes, contentType: 'image/png' };
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff)
    return { bytes, contentType: 'image/jpeg' };
  throw refuse('not a PNG or JPEG');
}
