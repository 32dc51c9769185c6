import jpeg from 'jpeg-js';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { WharfError } from '../../errors/wharf-error.ts';

export interface DecodeLimits {
  maxBytes: number;
  maxPixels: number;
}

// jsqr is CommonJS whose types describe an ES default export; its exports carry `default` too.
type JsQR = typeof jsQRModule.default;
const jsQR: JsQR = (jsQRModule as unknown as { default: JsQR }).default;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const invalid = (reason: string, reasonZh: string) =>
  new WharfError('qr_image_invalid', { reason, reasonZh });
const tooLarge = (reason: string, reasonZh: string) =>
  new WharfError('qr_image_too_large', { reason, reasonZh });

/** RGBA over white: transparent codes (`is_hyaline`) read as dark-on-light, as a camera sees them. */
function overWhite(data: Uint8Array): Uint8ClampedArray {
  const out = new Uint8ClampedArray(data.length);
  for (let i = 0; i < data.length; i += 4) {
    const alpha = data[i + 3]! / 255;
    out[i] = data[i]! * alpha + 255 * (1 - alpha);
    out[i + 1] = data[i + 1]! * alpha + 255 * (1 - alpha);
    out[i + 2] = data[i + 2]! * alpha + 255 * (1 - alpha);
    out[i + 3] = 255;
  }
  return out;
}

/** Reads a PNG or JPEG and returns the text of the QR code in it. Refusals, never a crash. */
export function decodeQrImage(bytes: Uint8Array, limits: DecodeLimits): string {
  if (bytes.length === 0) throw invalid('the image is empty', '图片为空');
  if (bytes.length > limits.maxBytes) {
    throw tooLarge(
      `${bytes.length} bytes, at most ${limits.maxBytes}`,
      `${bytes.length} 字节，最多 ${limits.maxBytes}`,
    );
  }
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  let image: { width: number; height: number; data: Uint8Array };
  if (buffer.subarray(0, 8).equals(PNG_SIGNATURE)) {
    // The header states the size; refuse a decompression bomb before inflating anything.
    if (buffer.length < 24 || buffer.toString('latin1', 12, 16) !== 'IHDR')
      throw invalid('corrupt PNG header', 'PNG 文件头损坏');
    const width = buffer.readUInt32BE(16);
    const height = buffer.readUInt32BE(20);
    if (width === 0 || height === 0) throw invalid('the PNG has no pixels', 'PNG 没有像素');
    if (width * height > limits.maxPixels) {
      throw tooLarge(
        `${width}×${height} pixels, at most ${limits.maxPixels}`,
        `${width}×${height} 像素，最多 ${limits.maxPixels}`,
      );
    }
    try {
      image = PNG.sync.read(buffer);
    } catch (error) {
      throw invalid(`corrupt PNG (${error instanceof Error ? error.message : 'unreadable'})`, 'PNG 文件损坏');
    }
  } else if (buffer[0] === 0xff && buffer[1] === 0xd8 && buffer[2] === 0xff) {
    try {
      image = jpeg.decode(buffer, {
        useTArray: true,
        formatAsRGBA: true,
        maxResolutionInMP: limits.maxPixels / 1_000_000,
        maxMemoryUsageInMB: Math.ceil((limits.maxPixels * 4 * 2) / 1_000_000),
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : 'unreadable';
      if (/maxResolutionInMP|maxMemoryUsageInMB|memory/i.test(message)) {
        throw tooLarge(`over ${limits.maxPixels} pixels`, `超过 ${limits.maxPixels} 像素`);
      }
      throw invalid(`corrupt JPEG (${message})`, 'JPEG 文件损坏');
    }
  } else {
    throw invalid('not a PNG or JPEG image', '不是 PNG 或 JPEG 图片');
  }
  const found = jsQR(overWhite(image.data), image.width, image.height);
  if (!found || found.data === '') throw new WharfError('qr_code_not_found');
  return found.data;
}
