import { type Browser, chromium, type Page } from 'playwright-core';
import { cameraFile, signUpInClient } from '../../client/test/client-world.ts';

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
