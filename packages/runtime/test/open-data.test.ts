/**
 * `<open-data>` in Chromium: each type from the host's `getUserInfo` service (the harness's
 * stub answers a profile with a nickname, gender 1 and country CN, the other fields empty).
 */
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byId, fixtureFiles, type Harness, openMiniProgram, startHarness } from './harness.ts';

let harness: Harness;
let page: Page;
let frame: Frame;

beforeAll(async () => {
  harness = await startHarness();
  const { packageBase } = await harness.publish('open-data', await fixtureFiles('open-data'));
  ({ page, frame } = await openMiniProgram(harness, packageBase));
});
afterAll(() => harness?.close());

const text = (id: string) => frame.$eval(byId(id), (e) => e.textContent);

describe('open-data', () => {
  it('shows the host’s user profile by type and lang, with default-text, default-avatar and error for empty values', async () => {
    await expect.poll(() => text('nick')).toBe('测试用户');
    expect(await text('gender-zh')).toBe('男');
    expect(await text('gender-en')).toBe('Male');
    expect(await text('country')).toBe('CN');
    expect(await text('language')).toBe('zh_CN');
    // Empty: default-text, or nothing.
    expect(await text('city')).toBe('未知城市');
    expect(await text('province')).toBe('');
    // No avatar from the host: default-avatar, a package image filling the element.
    const avatar = await frame.$eval(`${byId('avatar')} img`, (img) => {
      const image = img as HTMLImageElement;
      return { src: image.src, width: image.getBoundingClientRect().width, loaded: image.naturalWidth > 0 };
    });
    expect(avatar).toMatchObject({ src: expect.stringMatching(/\/grey\.png$/), width: 40 });
    await expect
      .poll(() => frame.$eval(`${byId('avatar')} img`, (i) => (i as HTMLImageElement).naturalWidth > 0))
      .toBe(true);
    // No host service names groups.
    expect(await text('group')).toBe('本群');
    const errors = JSON.parse((await text('errors')) || '[]') as string[];
    expect(errors.sort()).toEqual(['avatar', 'city', 'group', 'province']);

    // The host was asked as wx.getUserInfo asks (anonymous: no consent sheet), once per language.
    const asked = await page.evaluate(() =>
      (window as never as { __calls: Array<{ name: string; request: unknown }> }).__calls
        .filter((c) => c.name === 'getUserInfo')
        .map((c) => c.request),
    );
    expect(asked).toEqual(
      expect.arrayContaining([
        { desc: '', lang: 'en', api: 'getUserInfo' },
        { desc: '', lang: 'zh_CN', api: 'getUserInfo' },
      ]),
    );
    expect(asked).toHaveLength(2);
  });
});
