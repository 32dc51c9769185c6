/**
 * Local files: chooseImage / chooseMedia from the browser's file picker (Playwright answers
 * the chooser), uploadFile and downloadFile through the host with its domain check, and
 * `wx.request` with `responseType: 'arraybuffer'`.
 */
import { fileURLToPath } from 'node:url';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byId, fixtureFiles, type Harness, openMiniProgram, startHarness } from './harness.ts';

const PNG = fileURLToPath(new URL('../fixtures/files/images/harbour.png', import.meta.url));

let harness: Harness;
let page: Page;
let frame: Frame;

beforeAll(async () => {
  harness = await startHarness();
  const { packageBase } = await harness.publish('files', await fixtureFiles('files'));
  ({ page, frame } = await openMiniProgram(harness, packageBase, {
    launch: { scene: 1001, query: { api: encodeURIComponent(harness.runtimeOrigin) } },
    requestDomains: [harness.runtimeOrigin],
  }));
});
afterAll(() => harness?.close());

const log = async () => JSON.parse((await frame.textContent(byId('log'))) || '[]');
const last = async (type: string) =>
  (await log()).filter((e: { type: string }) => e.type === type).at(-1)?.detail;

async function choose(button: string, files: string[]): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await frame.click(byId(button));
  await (await chooser).setFiles(files);
}

describe('files', () => {
  it('chooses an image from the file picker as a wxfile:// path that <image> shows', async () => {
    await choose('choose', [PNG]);
    await expect.poll(() => last('choose')).toEqual({ count: 1, wxfile: true, size: 115 });
    await expect.poll(() => last('chosen-image')).toEqual({ width: 60, height: 30 });
  });

  it('fails chooseImage with cancel when the picker is dismissed', async () => {
    const chooser = page.waitForEvent('filechooser');
    await frame.click(byId('choose'));
    await (await chooser).setFiles([]);
    await expect.poll(() => last('choose')).toBe('chooseImage:fail cancel');
  });

  it('chooses several images with chooseMedia', async () => {
    await choose('media', [PNG, PNG]);
    await expect
      .poll(() => last('media'))
      .toEqual({
        type: 'image',
        files: [
          ['image', 115],
          ['image', 115],
        ],
      });
  });

  it('uploads the chosen file through the host as multipart form data, with its fields', async () => {
    await frame.click(byId('upload'));
    await expect.poll(() => last('upload')).toEqual({ statusCode: 200, method: 'POST' });
    expect(await last('upload-progress')).toBe(100);
    const request = harness.apiRequests.find((r) => r.url === '/api/upload');
    expect(request?.method).toBe('POST');
    expect(request?.body).toMatch(/name="user"\r\n\r\nu1\r\n/);
    expect(request?.body).toMatch(
      /name="photo"; filename="\w+\.png"\r\nContent-Type: image\/png\r\n\r\n\uFFFDPNG/,
    );
  });

  it('refuses uploads to a domain that is not configured', async () => {
    await frame.click(byId('outside'));
    await expect.poll(() => last('outside')).toBe('uploadFile:fail url not in domain list');
  });

  it('downloads a file through the host to a temporary path that <image> shows; a 404 still succeeds', async () => {
    await frame.click(byId('download'));
    await expect.poll(() => last('download')).toEqual({ statusCode: 200, wxfile: true });
    await expect
      .poll(() => frame.$eval(byId('downloaded'), (el) => Math.round(el.getBoundingClientRect().height)))
      .toBe(50);
    await frame.click(byId('missing'));
    await expect.poll(() => last('missing')).toEqual({ statusCode: 404 });
  });

  it("answers wx.request with responseType 'arraybuffer' with the body's bytes", async () => {
    await frame.click(byId('binary'));
    await expect
      .poll(() => last('binary'))
      .toEqual({ arrayBuffer: true, length: 115, magic: 'PNG', statusCode: 200 });
  });
});
