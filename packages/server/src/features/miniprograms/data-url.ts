import { WharfError } from '../../errors/wharf-error.ts';

const SIGNATURES: Record<string, (bytes: Buffer) => boolean> = {
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
};

/**
 * Decodes a base64 data URL of one of the allowed types and checks that the bytes really are
 * that type (a renamed file is refused), within a size limit.
 */
export function decodeDataUrl(dataUrl: string, types: string[], maxBytes: number, field: string): Buffer {
  const match = /^data:([a-z]+\/[a-z.+-]+);base64,([A-Za-z0-9+/=]+)$/.exec(dataUrl);
  const type = match?.[1] ?? '';
  if (!match || !types.includes(type)) {
    throw new WharfError('validation_failed', {
      field,
      reason: `expected a base64 data URL of ${types.join(', ')}`,
    });
  }
  const bytes = Buffer.from(match[2] ?? '', 'base64');
  if (bytes.length > maxBytes)
    throw new WharfError('validation_failed', { field, reason: `larger than ${maxBytes} bytes` });
  if (!SIGNATURES[type]?.(bytes)) {
    throw new WharfError('validation_failed', { field, reason: 'the bytes are not the declared type' });
  }
  return bytes;
}
