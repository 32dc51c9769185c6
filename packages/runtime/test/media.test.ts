/**
 * `<video>` with `wx.createVideoContext`, and `wx.createInnerAudioContext`, playing a
 * one-second WAV tone from the package (an audio-only file: the test machine has no video
 * encoder; the video element plays it all the same).
 */
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byId, fixtureFiles, type Harness, openMiniProgram, startHarness } from './harness.ts';

let harness: Harness;
let page: Page;
let frame: Frame;

beforeAll(async () => {
  harness = await startHarness();
  const { packageBase } = await harness.publish('media', await fixtureFiles('media'));
  ({ page, frame } = await openMiniProgram(harness, packageBase));
});
afterAll(() => harness?.close());

const log = async () => JSON.parse((await frame.textContent(byId('log'))) || '[]');
const of = async (type: string) =>
  (await log()).filter((e: { type: string }) => e.type === type).map((e: { detail: unknown }) => e.detail);

describe('media', () => {
  it('plays, pauses and seeks a <video> through wx.createVideoContext, with WeChat event details', async () => {
    await expect.poll(() => of('video')).toEqual([{ duration: 1 }]);
    expect(await frame.$eval(byId('clip'), (v) => (v as HTMLVideoElement).controls)).toBe(false);
    await frame.click(byId('video-play'));
    await expect.poll(() => of('video')).toEqual([{ duration: 1 }, 'play']);
    await frame.click(byId('video-pause'));
    await expect.poll(() => of('video')).toEqual([{ duration: 1 }, 'play', 'pause']);
    await frame.click(byId('video-seek'));
    await expect.poll(async () => (await of('video')).at(-1)).toEqual({ seek: 0.5 });
    expect(await frame.$eval(byId('clip'), (v) => (v as HTMLVideoElement).currentTime)).toBe(0.5);
  });

  it('plays a package sound with wx.createInnerAudioContext to its end', async () => {
    await frame.click(byId('audio-play'));
    await expect.poll(() => of('audio'), { timeout: 5000 }).toEqual(['play', { ended: 1, paused: true }]);
    expect(await page.evaluate(() => (window as never as { __logs: unknown[] }).__logs)).toEqual([]);
  });

  it('plays the <audio> component through wx.createAudioContext, with its events', async () => {
    await frame.click(byId('song-play'));
    await expect.poll(() => of('song')).toEqual(['play']);
    await frame.click(byId('song-pause'));
    await expect.poll(() => of('song')).toEqual(['play', 'pause']);
    await frame.click(byId('song-seek'));
    expect(await frame.$eval(byId('song'), (a) => (a as HTMLAudioElement).currentTime)).toBe(0.25);
    await frame.click(byId('song-play'));
    await expect
      .poll(() => of('song'), { timeout: 5000 })
      .toEqual(['play', 'pause', 'play', 'pause', 'ended']);
    expect(
      await frame.evaluate(
        () =>
          (
            globalThis as never as {
              __wharf: { getCurrentPages(): Array<{ instance: { data: { songDuration: number } } }> };
            }
          ).__wharf.getCurrentPages()[0]!.instance.data.songDuration,
      ),
    ).toBe(1);
  });

  it('draws WeChat’s card for controls (poster, name, author, time) and plays and pauses from its button', async () => {
    const card = `${byId('song')} + .wxb--audio-card`;
    const look = await frame.$eval(card, (c) => {
      const part = (name: string) => c.querySelector(`.wxb--audio-${name}`) as HTMLElement;
      const box = c.getBoundingClientRect();
      const poster = part('poster').getBoundingClientRect();
      return {
        size: [box.height, poster.width, poster.height],
        poster: getComputedStyle(part('poster')).backgroundImage,
        name: [part('name').textContent, getComputedStyle(part('name')).fontSize],
        author: [part('author').textContent, getComputedStyle(part('author')).color],
        time: part('time').textContent,
        browserControls: (c.previousElementSibling as HTMLAudioElement).controls,
        audioShown: getComputedStyle(c.previousElementSibling!).display,
      };
    });
    expect(look).toEqual({
      size: [67, 65, 65],
      poster: expect.stringMatching(/^url\(".*\/cover\.png"\)$/),
      name: ['提示音', '14px'],
      author: ['Wharf', 'rgb(136, 136, 136)'],
      time: '00:01', // played to its end by the test above
      browserControls: false,
      audioShown: 'none',
    });
    // The poster is a real image the browser loads.
    const url = look.poster.slice(5, -2);
    const loaded = await frame.evaluate(
      (u) =>
        new Promise<number>((done) => {
          const image = new Image();
          image.onload = () => done(image.naturalWidth);
          image.onerror = () => done(-1);
          image.src = u;
        }),
      url,
    );
    expect(loaded).toBeGreaterThan(0);

    const before = (await of('song')).length;
    await frame.click(`${card} .wxb--audio-button`);
    await expect.poll(async () => (await of('song')).slice(before)).toEqual(['play']);
    expect(await frame.$eval(`${card} .wxb--audio-button`, (b) => b.hasAttribute('data-playing'))).toBe(true);
    await frame.click(`${card} .wxb--audio-button`);
    await expect.poll(async () => (await of('song')).slice(before)).toEqual(['play', 'pause']);
    expect(await frame.$eval(`${card} .wxb--audio-button`, (b) => b.hasAttribute('data-playing'))).toBe(
      false,
    );

    // Without controls, nothing shows.
    expect(await frame.$$(`${byId('quiet')} + .wxb--audio-card`)).toHaveLength(0);
    expect(await frame.$eval(byId('quiet'), (a) => getComputedStyle(a).display)).toBe('none');
  });
});
