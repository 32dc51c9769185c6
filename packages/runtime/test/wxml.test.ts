import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byId, fixtureFiles, type Harness, openMiniProgram, startHarness } from './harness.ts';

let harness: Harness;
let page: Page;
let frame: Frame;

beforeAll(async () => {
  harness = await startHarness();
  const { packageBase } = await harness.publish('wxml', await fixtureFiles('wxml'));
  ({ page, frame } = await openMiniProgram(harness, packageBase));
});
afterAll(() => harness?.close());

const visible = (selector: string) => `.wx-page-host:not([hidden]) ${selector}`;

describe('WXML', () => {
  it('evaluates WeChat expressions, wx:if/elif/else, wx:for, templates, import, include and inline WXS', async () => {
    expect(await frame.textContent(byId('expr'))).toBe(
      '7 小 真 2 v 字符串3 4 ¥5.00 Array Boolean Number String',
    );
    expect((await frame.textContent(byId('branch')))?.trim()).toBe('一');
    await frame.click(byId('next-n'));
    await expect.poll(async () => (await frame.textContent(byId('branch')))?.trim()).toBe('二');
    await frame.click(byId('next-n'));
    await expect.poll(async () => (await frame.textContent(byId('branch')))?.trim()).toBe('多');
    expect(await frame.locator(visible('.person')).allTextContents()).toEqual(['0-甲', '1-乙']);
    expect(await frame.textContent(visible('.card'))).toBe('茶：24');
    expect(await frame.textContent(byId('footer'))).toBe('页脚 底部');
  });

  it('delivers taps with dataset and detail, bubbles bindtap and stops at catchtap, and synthesises longpress', async () => {
    await frame.click(visible('.person >> nth=1'));
    await expect.poll(() => frame.textContent(byId('picked'))).toBe('乙@1:tap:number');
    await frame.click(byId('bubbling'));
    await expect.poll(() => frame.textContent(byId('taps'))).toBe('CP');
    await frame.click(byId('catching'));
    await expect.poll(() => frame.textContent(byId('taps'))).toBe('CPC');
    await frame.click(byId('press'), { delay: 500 });
    await expect.poll(() => frame.textContent(byId('pressed'))).toBe('long:longpress;');
    await frame.click(byId('press'));
    await expect.poll(() => frame.textContent(byId('pressed'))).toBe('long:longpress;tap;');
  });

  it('updates one row of a 1,000-row keyed list without touching the others', async () => {
    await frame.click(byId('to-list'));
    await expect.poll(() => frame.textContent(byId('count'))).toBe('1000');
    const rows = visible('.row');
    expect(await frame.locator(rows).count()).toBe(1000);
    // Tag every row node, then watch for mutations anywhere but row 500's text.
    await frame.evaluate((selector) => {
      const nodes = [...document.querySelectorAll(selector)] as Array<HTMLElement & { __mark?: number }>;
      nodes.forEach((node, i) => {
        node.__mark = i;
      });
      const seen: string[] = [];
      new MutationObserver((records) => {
        for (const r of records) {
          const element = (
            r.target.nodeType === Node.TEXT_NODE ? r.target.parentElement : r.target
          ) as HTMLElement & { __mark?: number };
          seen.push(`${r.type}:row${element?.__mark ?? '?'}`);
        }
      }).observe(nodes[0]!.parentElement!, {
        subtree: true,
        childList: true,
        characterData: true,
        attributes: true,
      });
      (window as unknown as { __seen: string[] }).__seen = seen;
    }, rows);
    await frame.click(byId('rename'));
    await expect.poll(() => frame.textContent(visible('.row >> nth=500'))).toBe('已修改');
    const seen = await frame.evaluate(() => (window as unknown as { __seen: string[] }).__seen);
    expect(seen.filter((s) => !s.endsWith(':row500'))).toEqual([]);
    expect(seen.length).toBeGreaterThan(0);
    await frame.click(byId('remove-first'));
    await expect.poll(() => frame.locator(rows).count()).toBe(999);
    // Keyed diff: the node that showed row 1 is the same node, now first.
    const firstMark = await frame.$eval(rows, (el) => (el as HTMLElement & { __mark?: number }).__mark);
    expect(firstMark).toBe(1);
    await frame.click('.wx-navigation-back');
  });

  it('runs the builtin form components and collects them on submit', async () => {
    await frame.click(byId('to-form'));
    await frame.waitForSelector(byId('title'));
    await frame.fill(byId('title'), '周报');
    await frame.fill(byId('note'), '备注内容');
    await frame.click(byId('red'));
    await frame.click(visible('label >> text=蓝'));
    await frame.click(byId('size-l'));
    await frame.click(byId('agree'));
    await frame.click(byId('city'));
    await frame.click('.wx-sheet-item >> text=广州');
    await expect.poll(() => frame.textContent(byId('city-label'))).toBe('城市：广州');
    await frame.click(byId('submit'));
    const log = () => frame.textContent(byId('log'));
    await expect.poll(log).toContain('submit=');
    const text = (await log()) ?? '';
    expect(text).toContain('tags=red,blue;tags=red;');
    expect(text).toContain('size=l;');
    expect(text).toContain('agree=true;');
    expect(text).toContain('city=2;');
    expect(text).toContain(
      'submit={"title":"周报","note":"备注内容","tags":["red"],"size":"l","agree":true,"volume":30,"city":2},formId=string;',
    );
    await frame.click(byId('reset'));
    await expect.poll(log).toContain('reset;');
    expect(await frame.inputValue(byId('title'))).toBe('');
  });

  it('renders image (with load detail), icon, progress, sanitised rich-text, scroll-view and swiper', async () => {
    const log = () => frame.textContent(byId('log'));
    await expect.poll(log).toContain('image=2x1;');
    expect(await frame.$eval(byId('logo'), (el) => Math.round(el.getBoundingClientRect().height))).toBe(50);
    expect(await frame.getAttribute(`${byId('icon')} .wxb--icon`, 'class')).toContain('wxb--icon-success');
    expect(await frame.getAttribute(byId('progress'), 'aria-valuenow')).toBe('40');
    const rich = await frame.$eval(byId('rich'), (el) => el.innerHTML);
    expect(rich).toBe('<p class="x">段落<img></p>');
    await frame.$eval(byId('scroller'), (el) => el.scrollTo(0, 10_000));
    await expect.poll(log).toContain('lower;');
    await frame.locator(byId('swiper')).scrollIntoViewIfNeeded();
    // Bounding boxes of elements in frames are given in the top page's coordinates.
    const swiper = (await frame.locator(byId('swiper')).boundingBox())!;
    await page.mouse.move(swiper.x + 300, swiper.y + 50);
    await page.mouse.down();
    await page.mouse.move(swiper.x + 100, swiper.y + 50, { steps: 5 });
    await page.mouse.up();
    await expect.poll(log).toContain('swiper=1/touch;');
  });

  it('handles open-type buttons: getUserInfo asks the host, share hands the page content to the host', async () => {
    await frame.click(byId('user-info'));
    await expect.poll(() => frame.textContent(byId('log'))).toContain('userInfo=getUserInfo:ok:测试用户;');
    await frame.click(byId('share-button'));
    await expect
      .poll(() =>
        page.evaluate(() =>
          (window as never as { __calls: Array<{ name: string; request: unknown }> }).__calls.filter(
            (c) => c.name === 'share',
          ),
        ),
      )
      .toEqual([
        {
          name: 'share',
          ctx: { appid: 'wxfixture', userId: 'user-1' },
          request: {
            title: '按钮分享 button btn',
            path: 'pages/form/form?x=1',
            imageUrl: '',
            withShareTicket: false,
            from: 'button',
          },
        },
      ]);
  });
});
