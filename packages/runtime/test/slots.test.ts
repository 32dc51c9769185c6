/** `<slot>` fallback content: shown while the owner puts nothing in the slot, as on WeChat. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byId, fixtureFiles, type Harness, type Opened, openMiniProgram, startHarness } from './harness.ts';

let harness: Harness;
let opened: Opened;

beforeAll(async () => {
  harness = await startHarness();
  const { packageBase, diagnostics } = await harness.publish('slots', await fixtureFiles('slots'));
  expect(diagnostics).toEqual([]);
  opened = await openMiniProgram(harness, packageBase);
});
afterAll(() => harness?.close());

const part = (card: string, id: string) => opened.frame.textContent(`${byId(card)} [id="${id}"]`);

describe('slot fallback content', () => {
  it('renders fallback content for empty slots and the owner content for filled ones', async () => {
    expect(await part('empty', 'header')).toBe('默认标题');
    expect(await part('empty', 'body')).toBe('默认内容');
    expect(await part('filled', 'header')).toBe('自定义标题');
    expect(await part('filled', 'body')).toBe('正文');
  });

  it('switches between fallback and content when the owner adds or removes it', async () => {
    expect(await part('toggle', 'header')).toBe('默认标题');
    await opened.frame.click(byId('flip'));
    await expect.poll(() => part('toggle', 'header')).toBe('出现了');
    // What a wx:if block holds fills the slot it names, not the default one.
    expect(await part('toggle', 'body')).toBe('默认内容');
    await opened.frame.click(byId('flip'));
    await expect.poll(() => part('toggle', 'header')).toBe('默认标题');
    await opened.page.close();
  });
});
