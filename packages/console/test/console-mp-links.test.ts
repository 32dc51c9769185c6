import { afterAll, beforeAll, describe, it } from 'vitest';
import { type CodeWorld, codeWorld } from '../../server/test/code-world.ts';
import { accountAsking } from '../../server/test/mp-links-world.ts';
import { type ConsoleWorld, consoleWorld, poll } from './console-world.ts';
import { signIn } from './versions-walk.ts';

/** 关联的公众号: the mini program's admin sees an account's link request on the app's page and accepts it. */
describe("a mini program's linked official accounts in the console", () => {
  let world: ConsoleWorld;
  let code: CodeWorld;

  beforeAll(async () => {
    world = await consoleWorld();
    code = await codeWorld(world.server, '被关联');
  });
  afterAll(() => world?.close());

  it('shows the request waiting for the mini program admin and links it on accept', async () => {
    const account = await accountAsking(world.server, code.app.appid, '码头早报');
    const page = await world.page('zh-CN');
    await signIn(world, page, 'zh-CN', (await code.dev.get('/api/v1/me')).body.user.email);
    await page.goto(`${world.server.url}/#/apps/${code.app.id}/linked-accounts`);
    const row = page.locator(`.account-link-row[data-account="${account.appid}"]`);
    await poll(() => row.textContent()).toContain('等待小程序管理员确认');
    await row.getByRole('button', { name: '同意' }).click();
    await poll(() => row.getAttribute('data-status')).toBe('1');
    await poll(() => row.textContent()).toContain('已关联');
  });
});
