import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { person } from '../../server/test/code-world.ts';
import { idNumber, registeredApp, verifiedIndividual } from '../../server/test/world.ts';
import { type ConsoleWorld, consoleWorld, poll } from './console-world.ts';
import { signIn, text } from './versions-walk.ts';

describe('members in the console (Chromium)', () => {
  let world: ConsoleWorld;
  beforeAll(async () => {
    world = await consoleWorld();
  });
  afterAll(() => world?.close());

  it('invites a developer, who accepts in their own console; the owner sees the role, then removes them', async () => {
    const t = (key: string) => text('zh-CN', key);
    const owner = await person(world.server);
    const subject = await verifiedIndividual(owner.client, idNumber(777, '19900202'), '王五');
    const { app } = await registeredApp(owner.client, subject.id, '成员测试');
    const invitee = await person(world.server);

    const page = await world.page('zh-CN');
    await signIn(world, page, 'zh-CN', owner.email);
    await page.goto(`${world.server.url}/#/apps/${app.id}/members`);
    await page.locator('input[name=email]').fill(invitee.email);
    await page.locator('select[name=role]').selectOption('developer');
    await page.getByRole('button', { name: t('members.send') }).click();
    await poll(() => page.locator('.invitation-row').count()).toBe(1);
    // A second click of the same invitation is refused with the server's message, not a second row.
    await page.locator('input[name=email]').fill(invitee.email);
    await page.getByRole('button', { name: t('members.send') }).click();
    await page.waitForTimeout(300);
    expect(await page.locator('.invitation-row').count()).toBe(1);

    const other = await world.page('zh-CN');
    await signIn(world, other, 'zh-CN', invitee.email);
    await other.goto(`${world.server.url}/#/invitations`);
    await poll(() => other.locator('.my-invitation').count()).toBe(1);
    await other.getByRole('button', { name: t('members.accept') }).click();
    await poll(() => other.locator('.my-invitation').count()).toBe(0);

    await page.reload();
    await poll(() => page.locator('.member-row[data-role="developer"]').textContent()).toContain(
      invitee.email,
    );
    await page
      .locator('.member-row')
      .getByRole('button', { name: t('members.remove') })
      .click();
    await poll(() => page.locator('.member-row').count()).toBe(0);
  }, 120_000);
});
