import { WharfError } from '../../errors/wharf-error.ts';

const MAX_ICON_BYTES = 200 * 1024;

/** Accepts a PNG or JPEG as a base64 data URL and checks that the bytes really are one. */
export function validateIcon(dataUrl: string): string {
  const match = /^data:image\/(png|jpeg);base64,([A-Za-z0-9+/=]+)$/.exec(dataUrl);
  if (!match) {
    throw new WharfError('validation_failed', {
      field: 'icon',
      reason: 'expected a data:image/png or image/jpeg base64 URL',
    });
  }
  const bytes = Buffer.from(match[2] ?? '', 'base64');
  if (bytes.length > MAX_ICON_BYTES) {
    throw new WharfError('validation_failed', {
      field: 'icon',
      reason: `larger than ${MAX_ICON_BYTES} bytes`,
    });
  }
  const png = bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  if ((match[1] === 'png' && !png) || (match[1] === 'jpeg' && !jpeg)) {
    throw new WharfError('validation_failed', {
      field: 'icon',
      reason: 'the bytes are not the declared image type',
    });
  }
  return dataUrl;
}
