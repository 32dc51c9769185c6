import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { person } from '../../server/test/code-world.ts';
import { idNumber, registeredApp, verifiedIndividual } from '../../server/test/world.ts';
import { type ConsoleWorld, consoleWorld } from './console-world.ts';
import { signIn, versionsWalk } from './versions-walk.ts';

describe('version management and review in the console (Chromium)', () => {
  let world: ConsoleWorld;
  beforeAll(async () => {
    world = await consoleWorld();
  });
  afterAll(() => world?.close());

  for (const [n, language] of (['zh-CN', 'en'] as const).entries()) {
    it(`uploads, tries, submits, is rejected, fixes, is approved, releases and phases a release, in ${language}`, async () => {
      // The account, verified subject and app come from the API here; the console's sign-up walk
      // (console-walk.ts) reaches the same point through its screens.
      const dev = await person(world.server);
      const subject = await verifiedIndividual(dev.client, idNumber(700 + n, '19880808'), '李四');
      const { app } = await registeredApp(
        dev.client,
        subject.id,
        language === 'en' ? `Versions${n}` : `版本${n}`,
      );
      const page: Page = await world.page(language);
      await signIn(world, page, language, dev.email);
      await versionsWalk(world, page, language, app);
    }, 240_000);
  }
});
