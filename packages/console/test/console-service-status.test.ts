import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../server/test/client.ts';
import { person } from '../../server/test/code-world.ts';
import { idNumber, registeredApp, verifiedIndividual } from '../../server/test/world.ts';
import { type ConsoleWorld, consoleWorld, poll } from './console-world.ts';
import { signIn, text } from './versions-walk.ts';

/**
 * 服务状态 on 版本管理: the owner pauses the mini program's service after a confirmation and
 * resumes it; users' launches follow; a developer member sees the state but no control; an
 * operator's ban shows and cannot be resumed from here.
 */
describe('pausing service from the console (Chromium)', () => {
  let world: ConsoleWorld;
  let owner: Awaited<ReturnType<typeof person>>;
  let app: { id: string; appid: string };
  const launch = () => new ApiClient(world.server.url).get(`/api/v1/launch/${app.appid}`);
  const visit = () =>
    new ApiClient(world.server.url, owner.token).get(`/api/v1/code/${app.appid}/visit-status`);

  beforeAll(async () => {
    world = await consoleWorld();
    owner = await person(world.server);
    const subject = await verifiedIndividual(owner.client, idNumber(778, '19900303'), '赵六');
    app = (await registeredApp(owner.client, subject.id, '暂停测试')).app;
  });
  afterAll(() => world?.close());

  for (const language of ['zh-CN', 'en'] as const) {
    it(`pauses after a confirmation and resumes, showing the state (${language})`, async () => {
      const t = (key: string) => text(language, key);
      const page = await world.page(language);
      await signIn(world, page, language, owner.email);
      await page.goto(`${world.server.url}/#/apps/${app.id}/versions`);
      const card = page.locator('.card.service-status');
      await poll(() => card.locator('.service-state').textContent()).toBe(t('serviceStatus.states.open'));

      // A cancelled confirmation changes nothing.
      await card.getByRole('button', { name: t('serviceStatus.pause') }).click();
      await poll(() => card.getByRole('alertdialog').textContent()).toContain(
        t('serviceStatus.pauseWarning'),
      );
      await card.getByRole('button', { name: t('common.cancel') }).click();
      expect(await card.getByRole('alertdialog').count()).toBe(0);
      expect((await visit()).body.state).toBe('open');

      await card.getByRole('button', { name: t('serviceStatus.pause') }).click();
      await card.getByRole('button', { name: t('serviceStatus.pauseConfirm') }).click();
      await poll(() => card.locator('.service-state').textContent()).toBe(t('serviceStatus.states.closed'));
      expect((await visit()).body).toEqual({ status: 0, state: 'closed' });
      expect((await launch()).body.error?.code).toBe('mini_program_closed');
      // Still paused after a reload: the card reads the server.
      await page.reload();
      await poll(() => card.locator('.service-state').textContent()).toBe(t('serviceStatus.states.closed'));
      await world.screenshot(
        page,
        language === 'en' ? 'console-service-paused-en' : 'console-service-paused',
      );

      await card.getByRole('button', { name: t('serviceStatus.resume') }).click();
      await poll(() => card.locator('.service-state').textContent()).toBe(t('serviceStatus.states.open'));
      expect((await visit()).body.state).toBe('open');
      await page.close();
    }, 120_000);
  }

  it("shows a developer member the state without a control, and the owner an operator's ban that only lifting ends", async () => {
    const t = (key: string) => text('zh-CN', key);
    const developer = await person(world.server);
    const invited = await owner.client.post(`/api/v1/miniprograms/${app.id}/invitations`, {
      email: developer.email,
      role: 'developer',
    });
    expect((await developer.client.post(`/api/v1/invitations/${invited.body.id}/accept`)).status).toBe(200);
    const page = await world.page('zh-CN');
    await signIn(world, page, 'zh-CN', developer.email);
    await page.goto(`${world.server.url}/#/apps/${app.id}/versions`);
    const card = page.locator('.card.service-status');
    await poll(() => card.locator('.service-state').textContent()).toBe(t('serviceStatus.states.open'));
    expect(await card.textContent()).toContain(t('serviceStatus.ownerOnly'));
    expect(await card.getByRole('button').count()).toBe(0);
    // The server refuses the member too, whatever the page shows.
    const refused = await developer.client.post(`/api/v1/code/${app.appid}/visit-status`, {
      action: 'close',
    });
    expect(refused.status).toBe(404);
    expect((await visit()).body.state).toBe('open');
    await page.close();

    const admin = (await person(world.server, 'admin')).client;
    expect((await admin.post(`/api/v1/admin/miniprograms/${app.appid}/ban`, { reason: '违规' })).status).toBe(
      200,
    );
    const mine = await world.page('zh-CN');
    await signIn(world, mine, 'zh-CN', owner.email);
    await mine.goto(`${world.server.url}/#/apps/${app.id}/versions`);
    const owned = mine.locator('.card.service-status');
    await poll(() => owned.locator('.service-state').textContent()).toBe(t('serviceStatus.states.banned'));
    expect(await owned.getByRole('button').count()).toBe(0);
    await mine.close();
  }, 120_000);
});
