/**
 * `<camera>` and `wx.createCameraContext()` in Chromium's fake camera (the flags the client's
 * scanner tests use): the host runs the camera over the component's box, photos and recordings
 * become wxfile:// temp files that `<image>` / `<video>` load, and a refused camera sends binderror.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byId, fixtureFiles, type Harness, openMiniProgram, startHarness } from './harness.ts';

const FAKE_CAMERA = ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'];

let harness: Harness;
let page: Page;
let frame: Frame;

beforeAll(async () => {
  harness = await startHarness({ chromiumArgs: FAKE_CAMERA });
  const { packageBase } = await harness.publish('camera', await fixtureFiles('camera'));
  ({ page, frame } = await openMiniProgram(harness, packageBase));
});
afterAll(() => harness?.close());

const logOf = (f: Frame) => async () => JSON.parse((await f.textContent(byId('log'))) || '[]');
const of = async (type: string, f: Frame = frame) =>
  (await logOf(f)())
    .filter((e: { type: string }) => e.type === type)
    .map((e: { detail: unknown }) => e.detail);

describe('camera', () => {
  it('runs the camera in the host over the component’s box and sends bindinitdone with maxZoom', async () => {
    await expect.poll(() => of('initdone'), { timeout: 10_000 }).toEqual([{ maxZoom: 1 }]);
    const box = await (await frame.$(byId('camera')))!.boundingBox();
    const video = await page.$eval('video[data-wharf-camera]', (v) => {
      const element = v as HTMLVideoElement;
      const { x, y, width, height } = element.getBoundingClientRect();
      return {
        x,
        y,
        width,
        height,
        frames: [element.videoWidth, element.videoHeight],
        playing: !element.paused,
      };
    });
    expect(video).toEqual({ ...box, frames: [640, 480], playing: true });
    expect(await of('error')).toEqual([]);
  });

  it('takes a photo as a wxfile:// JPEG that <image> shows', async () => {
    await frame.click(byId('photo'));
    await expect.poll(async () => (await of('photo')).length).toBe(1);
    expect((await of('photo'))[0]).toMatch(/^wxfile:\/\/tmp_.+\.jpg$/);
    await expect.poll(() => of('shot')).toEqual([{ width: 640, height: 480 }]);
  });

  it('records with startRecord and stopRecord: a video <video> loads and its cover <image> shows', async () => {
    await frame.click(byId('record'));
    await expect.poll(() => of('recording')).toEqual([true]);
    await frame.waitForTimeout(800);
    await frame.click(byId('stop'));
    await expect.poll(async () => (await of('video')).length).toBe(1);
    const { video, thumb } = ((await of('video')) as Array<{ video: string; thumb: string }>)[0]!;
    expect(video).toMatch(/^wxfile:\/\/tmp_.+\.webm$/);
    expect(thumb).toMatch(/^wxfile:\/\/tmp_.+\.jpg$/);
    await expect.poll(() => of('thumb')).toEqual([{ width: 640, height: 480 }]);
    await expect.poll(() => of('clip'), { timeout: 10_000 }).toEqual([{ width: 640, height: 480 }]);
    await frame.click(byId('stop'));
    await expect.poll(async () => (await of('video')).at(-1)).toBe('stopRecord:fail is not recording');
  });

  it('clamps setZoom to the camera’s range and hands RGBA frames to onCameraFrame at the frame-size width', async () => {
    await frame.click(byId('zoom'));
    await expect.poll(() => of('zoom')).toEqual([1]);
    await frame.click(byId('frames'));
    await expect.poll(() => of('frame')).toEqual([{ width: 240, height: 180, bytes: 240 * 180 * 4 }]);
  });

  it('restarts on the front camera when device-position changes, mirrored as a selfie', async () => {
    await frame.click(byId('flip'));
    await expect.poll(async () => (await of('initdone')).length, { timeout: 10_000 }).toBe(2);
    expect(await page.$eval('video[data-wharf-camera]', (v) => (v as HTMLElement).style.transform)).toBe(
      'scaleX(-1)',
    );
    expect(await page.$$('video[data-wharf-camera]')).toHaveLength(1);
  });
});

describe('camera refused', () => {
  let denied: Harness;
  let deniedFrame: Frame;
  beforeAll(async () => {
    denied = await startHarness({
      chromiumArgs: ['--use-fake-device-for-media-stream', '--deny-permission-prompts'],
    });
    const { packageBase } = await denied.publish('camera', await fixtureFiles('camera'));
    ({ frame: deniedFrame } = await openMiniProgram(denied, packageBase));
  });
  afterAll(() => denied?.close());

  it('sends binderror with auth deny when the user refuses the camera, and takePhoto fails', async () => {
    await expect
      .poll(() => of('error', deniedFrame), { timeout: 10_000 })
      .toEqual(['insertCamera:fail auth deny']);
    expect(await of('initdone', deniedFrame)).toEqual([]);
    expect(await deniedFrame.page().$$('video[data-wharf-camera]')).toHaveLength(0);
    await deniedFrame.click(byId('photo'));
    await expect.poll(() => of('photo', deniedFrame)).toEqual(['takePhoto:fail camera is not ready']);
  });
});

/** A still 640×480 Y4M picture with `text` as a QR code in its middle, for Chromium's fake camera. */
function qrCameraFile(text: string): string {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const width = 640;
  const height = 480;
  const scale = 8;
  const size = (modules.size + 8) * scale; // a quiet zone of 4 modules each side
  const luma = Buffer.alloc(width * height, 235);
  const left = (width - size) / 2;
  const top = (height - size) / 2;
  for (let y = 0; y < modules.size; y++)
    for (let x = 0; x < modules.size; x++) {
      if (!modules.get(x, y)) continue;
      for (let dy = 0; dy < scale; dy++)
        luma.fill(
          16,
          (top + (y + 4) * scale + dy) * width + left + (x + 4) * scale,
          (top + (y + 4) * scale + dy) * width + left + (x + 5) * scale,
        );
    }
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const file = join(tmpdir(), `wharf-runtime-camera-${process.pid}.y4m`);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\nFRAME\n`);
  writeFileSync(file, Buffer.concat([header, luma, chroma]));
  return file;
}

describe('camera scanCode', () => {
  let scanning: Harness;
  beforeAll(async () => {
    scanning = await startHarness({
      chromiumArgs: [
        ...FAKE_CAMERA,
        `--use-file-for-fake-video-capture=${qrCameraFile('https://example.com/p?id=42')}`,
      ],
    });
  });
  afterAll(() => scanning?.close());

  it('reads a QR code in the picture with mode="scanCode" and sends bindscancode once per code', async () => {
    const { packageBase } = await scanning.publish('camera', await fixtureFiles('camera'));
    const { frame: scanFrame } = await openMiniProgram(scanning, packageBase, {
      launch: { scene: 1001, path: 'pages/scan/scan' },
    });
    await expect.poll(() => of('scancode', scanFrame), { timeout: 10_000 }).toHaveLength(1);
    expect((await of('scancode', scanFrame))[0]).toEqual({
      type: 'QR_CODE',
      result: 'https://example.com/p?id=42',
      charSet: 'utf-8',
      rawData: Buffer.from('https://example.com/p?id=42').toString('base64'),
    });
    // The code stays in the picture: it is not reported again.
    await scanFrame.waitForTimeout(700);
    expect(await of('scancode', scanFrame)).toHaveLength(1);
    expect(await of('initdone', scanFrame)).toEqual([true]);
  });
});
