import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { signUpInClient } from '../../client/test/client-world.ts';

/**
 * A Y4M file for Chromium's fake camera showing `png` on white, as a phone held over a printed
 * code sees it (the same reading as packages/client/test/client-scanner.test.ts).
 */
function cameraFile(png: Buffer, name: string): string {
  const image = PNG.sync.read(png);
  const width = 640;
  const height = 480;
  const luma = Buffer.alloc(width * height, 235);
  const left = Math.floor((width - image.width) / 2);
  const top = Math.floor((height - image.height) / 2);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const i = (y * image.width + x) * 4;
      const a = image.data[i + 3]! / 255;
      const grey = 0.299 * image.data[i]! + 0.587 * image.data[i + 1]! + 0.114 * image.data[i + 2]!;
      luma[(top + y) * width + left + x] = Math.round(16 + (grey * a + 255 * (1 - a)) * (219 / 255));
    }
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const file = join(tmpdir(), `wharf-console-camera-${process.pid}-${name}.y4m`);
  writeFileSync(
    file,
    Buffer.concat([
      Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\nFRAME\n`),
      luma,
      chroma,
    ]),
  );
  return file;
}

/**
 * A phone of its own (a Chromium whose camera sees `png`), signed up in the client, with the
 * scanner open: the caller polls what the mini program was launched with.
 */
export async function scanWithClient(
  url: string,
  png: Buffer,
  user: string,
): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${cameraFile(png, user)}`,
    ],
  });
  const context = await browser.newContext({ viewport: { width: 390, height: 780 }, deviceScaleFactor: 2 });
  await context.grantPermissions(['camera'], { origin: url });
  const page = await context.newPage();
  await signUpInClient(page, url, user, `扫码${user}`);
  await page.getByRole('button', { name: '发现' }).click();
  await page.getByRole('button', { name: '扫一扫' }).click();
  return { browser, page };
}
