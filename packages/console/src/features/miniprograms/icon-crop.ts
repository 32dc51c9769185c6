/** The icon the server takes: a square PNG/JPEG data URL of at most 200 KB (icon.ts on the server). */
export const ICON_SIZE = 144;
export const MAX_ICON_BYTES = 200 * 1024;
/** A photo larger than this is refused before it is decoded. */
export const MAX_SOURCE_BYTES = 5 * 1024 * 1024;

export type IconProblem = 'tooLarge' | 'notImage' | 'stillTooLarge';

/** Crops the middle square of an image file and scales it to 144 × 144. */
export async function cropIcon(file: File): Promise<{ dataUrl: string } | { problem: IconProblem }> {
  if (file.size > MAX_SOURCE_BYTES) return { problem: 'tooLarge' };
  if (file.type !== 'image/png' && file.type !== 'image/jpeg') return { problem: 'notImage' };
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    return { problem: 'notImage' };
  }
  const side = Math.min(bitmap.width, bitmap.height);
  const canvas = document.createElement('canvas');
  canvas.width = ICON_SIZE;
  canvas.height = ICON_SIZE;
  const context = canvas.getContext('2d');
  if (!context) return { problem: 'notImage' };
  context.drawImage(
    bitmap,
    (bitmap.width - side) / 2,
    (bitmap.height - side) / 2,
    side,
    side,
    0,
    0,
    ICON_SIZE,
    ICON_SIZE,
  );
  bitmap.close();
  for (const attempt of [() => canvas.toDataURL('image/png'), () => canvas.toDataURL('image/jpeg', 0.85)]) {
    const dataUrl = attempt();
    // base64 carries 3 bytes in 4 characters.
    if (((dataUrl.length - dataUrl.indexOf(',') - 1) * 3) / 4 <= MAX_ICON_BYTES) return { dataUrl };
  }
  return { problem: 'stillTooLarge' };
}

/** A qualification document as the server takes it: PNG, JPEG or PDF, as a data URL. */
export function readDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}
