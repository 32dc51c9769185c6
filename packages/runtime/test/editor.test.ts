/**
 * `<editor>` on Quill (loaded only when a page shows an editor): typing, WeChat's event
 * details, and the EditorContext from `createSelectorQuery().select('#id').context()`,
 * with real Quill Deltas.
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
  const { packageBase } = await harness.publish('editor', await fixtureFiles('editor'));
  ({ page, frame } = await openMiniProgram(harness, packageBase));
});
afterAll(() => harness?.close());

const log = async () => JSON.parse((await frame.textContent(byId('log'))) || '[]');
const of = async (type: string) =>
  (await log()).filter((e: { type: string }) => e.type === type).map((e: { detail: unknown }) => e.detail);

type EditorPage = {
  data: Record<string, unknown>;
  lastInput?: Record<string, unknown>;
  editorCtx: Record<string, (...args: unknown[]) => Promise<Record<string, unknown>> | undefined>;
};

/** Calls an EditorContext method in the frame (no callbacks: it answers a Promise). */
const call = (method: string, ...args: unknown[]) =>
  frame.evaluate(
    ([method, args]) => {
      const pages = (
        globalThis as never as { __wharf: { getCurrentPages(): Array<{ instance: EditorPage }> } }
      ).__wharf.getCurrentPages();
      const result = pages.at(-1)!.instance.editorCtx[method as string]!(...(args as unknown[]));
      return result ? result.then((r) => JSON.parse(JSON.stringify(r))) : null;
    },
    [method, args] as const,
  );
const pageData = () =>
  frame.evaluate(() => {
    const pages = (
      globalThis as never as { __wharf: { getCurrentPages(): Array<{ instance: EditorPage }> } }
    ).__wharf.getCurrentPages();
    const instance = pages.at(-1)!.instance;
    return JSON.parse(
      JSON.stringify({ formats: instance.data.formats, lastInput: instance.lastInput ?? null }),
    );
  });

describe('editor', () => {
  it('loads Quill only when a page shows an <editor>, then fires bindready with an EditorContext', async () => {
    await frame.waitForSelector(byId('plain'));
    const editorScripts = () =>
      frame.evaluate(() => [...document.scripts].filter((s) => s.src.endsWith('/editor.js')).length);
    expect(await editorScripts()).toBe(0);
    await frame.click(byId('open'));
    await expect.poll(() => of('ready')).toEqual(['function']);
    expect(await editorScripts()).toBe(1);
    const editor = frame.locator(`${byId('editor')} .ql-editor`);
    expect(await editor.getAttribute('data-placeholder')).toBe('写点什么…');
    expect(await editor.getAttribute('class')).toContain('ql-blank');
  });

  it('types into the editor with bindfocus and bindinput as {html, text, delta}', async () => {
    await frame.click(`${byId('editor')} .ql-editor`);
    await page.keyboard.type('Hello 世界');
    await expect.poll(() => of('focus')).toEqual(['\n']);
    await expect
      .poll(async () => (await pageData()).lastInput)
      .toEqual({
        html: '<p>Hello 世界</p>',
        text: 'Hello 世界\n',
        delta: { ops: [{ insert: 'Hello 世界\n' }] },
      });
  });

  it('formats the selection from a toolbar tap, reports the formats with bindstatuschange, and toggles off', async () => {
    await page.keyboard.press('Control+A');
    await frame.click(byId('bold'));
    await expect.poll(async () => (await pageData()).formats).toEqual({ bold: true });
    expect(await frame.getAttribute(byId('bold'), 'class')).toContain('on');
    await frame.click(byId('h2'));
    await frame.click(byId('center'));
    await expect
      .poll(async () => (await pageData()).formats)
      .toEqual({ bold: true, header: 2, align: 'center' });
    const contents = await call('getContents');
    expect(contents).toEqual({
      errMsg: 'getContents:ok',
      html: '<h2 class="ql-align-center"><strong>Hello 世界</strong></h2>',
      text: 'Hello 世界\n',
      delta: {
        ops: [
          { insert: 'Hello 世界', attributes: { bold: true } },
          { insert: '\n', attributes: { align: 'center', header: 2 } },
        ],
      },
    });
    // Setting a format the selection has switches it off (WeChat's rule).
    await frame.click(byId('bold'));
    await expect.poll(async () => (await pageData()).formats).toEqual({ header: 2, align: 'center' });
    expect(await frame.isVisible(`${byId('editor')} h2.ql-align-center`)).toBe(true);
    expect(await frame.$(`${byId('editor')} strong`)).toBeNull();
  });

  it('formats with WeChat names: colours, lists, strike, underline, ins, script and CSS styles', async () => {
    await call('setContents', {
      delta: { ops: [{ insert: '一行\n' }] },
    });
    await call('setSelection', { index: 0, length: 2 });
    for (const [name, value] of [
      ['color', '#ff0000'],
      ['backgroundColor', '#00ff00'],
      ['strike'],
      ['underline'],
      ['ins'],
      ['script', 'super'],
      ['fontSize', '20px'],
      ['list', 'check'],
      ['lineHeight', '2'],
    ])
      await call('format', name, value);
    await expect
      .poll(async () => (await pageData()).formats)
      .toEqual({
        color: '#ff0000',
        backgroundColor: '#00ff00',
        strike: true,
        underline: true,
        ins: true,
        script: 'super',
        fontSize: '20px',
        list: 'check',
        lineHeight: '2',
      });
    const { delta } = (await call('getContents')) as { delta: unknown };
    expect(delta).toEqual({
      ops: [
        {
          insert: '一行',
          attributes: {
            color: '#ff0000',
            background: '#00ff00',
            strike: true,
            underline: true,
            ins: true,
            script: 'super',
            fontSize: '20px',
          },
        },
        { insert: '\n', attributes: { list: 'unchecked', lineHeight: '2' } },
      ],
    });
    const styles = await frame.$eval(`${byId('editor')} ins`, (node) => {
      const style = getComputedStyle(node.closest('span[style]') ?? node);
      return { color: style.color, fontSize: style.fontSize };
    });
    expect(styles).toEqual({ color: 'rgb(255, 0, 0)', fontSize: '20px' });
    await call('removeFormat');
    expect(((await call('getContents')) as { delta: unknown }).delta).toEqual({
      ops: [{ insert: '一行\n' }],
    });
  });

  it('inserts text, a divider and a chosen temp image (data-local), and reads the selection text', async () => {
    await call('clear');
    await call('insertText', { text: '开头' });
    await call('insertDivider');
    const chooser = page.waitForEvent('filechooser');
    await frame.click(byId('image'));
    await (await chooser).setFiles([PNG]);
    await expect.poll(() => of('insertImage')).toEqual(['insertImage:ok']);
    const image = frame.locator(`${byId('editor')} img`);
    await expect.poll(() => image.evaluate((i) => (i as HTMLImageElement).naturalWidth)).toBe(60);
    const local = await image.getAttribute('data-local');
    expect(local).toMatch(/^wxfile:\/\/tmp_.+\.png$/);
    const { html, delta } = (await call('getContents')) as { html: string; delta: { ops: unknown[] } };
    expect(html).toContain('<hr>');
    expect(html).toContain(`data-local="${local}"`);
    expect(delta.ops).toEqual([
      { insert: '开头\n' },
      { insert: { divider: true } },
      { insert: { image: local }, attributes: { alt: '港口', width: '60px', 'data-local': local } },
      { insert: '\n' },
    ]);
    // A saved delta shows its temp image again.
    await call('setContents', { delta });
    await expect.poll(() => image.evaluate((i) => (i as HTMLImageElement).naturalWidth)).toBe(60);
    await call('setSelection', { index: 0, length: 2 });
    expect(await call('getSelectionText')).toEqual({ errMsg: 'getSelectionText:ok', text: '开头' });
  });

  it('sets HTML contents, undoes and redoes, goes read-only and blurs with bindblur', async () => {
    await call('setContents', { html: '<p>第一段</p><p><em>第二段</em></p>' });
    expect(((await call('getContents')) as { delta: unknown }).delta).toEqual({
      ops: [{ insert: '第一段\n' }, { insert: '第二段', attributes: { italic: true } }, { insert: '\n' }],
    });
    await call('insertText', { text: '！' });
    expect(((await call('getContents')) as { text: string }).text).toContain('！');
    await call('undo');
    expect(((await call('getContents')) as { text: string }).text).toBe('第一段\n第二段\n');
    await call('redo');
    expect(((await call('getContents')) as { text: string }).text).toContain('！');
    expect(await call('getHistoryState')).toEqual({ errMsg: 'getHistoryState:ok', undo: true, redo: false });
    await call('blur');
    await expect.poll(async () => (await of('blur')).length).toBeGreaterThan(0);
    expect(await call('getSelectionText')).toEqual({ errMsg: 'getSelectionText:ok', text: '' });
    await frame.evaluate(() => {
      const pages = (
        globalThis as never as {
          __wharf: { getCurrentPages(): Array<{ instance: { setData(d: object): void } }> };
        }
      ).__wharf.getCurrentPages();
      pages.at(-1)!.instance.setData({ readOnly: true });
    });
    const editor = frame.locator(`${byId('editor')} .ql-editor`);
    await expect.poll(() => editor.getAttribute('contenteditable')).toBe('false');
  });
});
