import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { person } from '../../server/test/code-world.ts';
import { idNumber, registeredApp, verifiedIndividual } from '../../server/test/world.ts';
import { type ConsoleWorld, consoleWorld, poll } from './console-world.ts';
import { signIn, text } from './versions-walk.ts';

describe('client users as testers in the console (Chromium)', () => {
  let world: ConsoleWorld;
  beforeAll(async () => {
    world = await consoleWorld();
  });
  afterAll(() => world?.close());

  it("adds a client user by their 微信号 on the members page, shows the server's error for an unknown one, and removes them", async () => {
    const t = (key: string) => text('zh-CN', key);
    const owner = await person(world.server);
    const subject = await verifiedIndividual(owner.client, idNumber(778, '19900303'), '赵六');
    const { app } = await registeredApp(owner.client, subject.id, '体验成员测试');
    await world.server.ctx.endUsers.createMany([
      { username: 'console_tester', password: 'password-123', nickname: '控制台体验者' },
    ]);

    const page = await world.page('zh-CN');
    await signIn(world, page, 'zh-CN', owner.email);
    await page.goto(`${world.server.url}/#/apps/${app.id}/members`);
    const card = page.locator('.client-testers');
    await poll(() => card.textContent()).toContain(t('clientTesters.none'));

    await card.locator('input[name=clientTester]').fill('nobody_here');
    await card.getByRole('button', { name: t('clientTesters.add') }).click();
    await poll(() => card.textContent()).toContain('找不到微信号为 nobody_here 的用户');

    await card.locator('input[name=clientTester]').fill('console_tester');
    await card.getByRole('button', { name: t('clientTesters.add') }).click();
    await poll(() => card.locator('.client-tester-row').textContent()).toContain('控制台体验者');
    // The same tester /wxa/memberauth lists.
    const [row] = (await owner.client.get(`/api/v1/miniprograms/${app.id}/client-testers`)).body;
    expect(row).toMatchObject({ username: 'console_tester' });

    await card.getByRole('button', { name: t('members.remove') }).click();
    await poll(() => card.locator('.client-tester-row').count()).toBe(0);
    expect((await owner.client.get(`/api/v1/miniprograms/${app.id}/client-testers`)).body).toEqual([]);
  }, 120_000);
});
