import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Mailer } from '../../server/src/features/accounts/mailer.ts';
import { CONSOLE_DIST } from '../../server/src/features/console-app/console-app.routes.ts';
import { startTestServer, type TestServer } from '../../server/test/harness.ts';

/** Under load (2 shared cores) a page step can take seconds; vitest's default poll gives up after 1 s. */
export const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000 });

export const SCREENSHOTS = resolve(import.meta.dirname, '../../../docs/screenshots');

export type Language = 'zh-CN' | 'en';

/**
 * One server and one Chromium for a console test file. `page(language)` opens a fresh browser
 * context (its own cookies) with the console in that language, as a second person would.
 */
export interface ConsoleWorld {
  server: TestServer;
  browser: Browser;
  page(language: Language, viewport?: { width: number; height: number }): Promise<Page>;
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

/** `mailer`: where the server's account mail goes (the log mailer by default). */
export async function consoleWorld(options: { mailer?: Mailer } = {}): Promise<ConsoleWorld> {
  if (!existsSync(resolve(CONSOLE_DIST, 'index.html')))
    throw new Error(`the console is not built in ${CONSOLE_DIST}: npm install runs its build (prepare)`);
  const server = await startTestServer(
    'sqlite',
    {},
    { emailActivation: true, ...(options.mailer ? { context: { mailer: options.mailer } } : {}) },
  );
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
  const contexts: BrowserContext[] = [];
  return {
    server,
    browser,
    async page(language, viewport = { width: 1280, height: 860 }) {
      const context = await browser.newContext({ viewport, locale: language });
      contexts.push(context);
      // The console's own switch remembers the language in localStorage; set it before the first load.
      await context.addInitScript((lang) => localStorage.setItem('wharf.console.language', lang), language);
      const page = await context.newPage();
      page.on('console', (message) => {
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
          console.error(`[console ${language}] ${message.text()}`);
      });
      page.on('pageerror', (error) => console.error(`[console ${language}] ${error.message}`));
      return page;
    },
    async screenshot(page, name) {
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: resolve(SCREENSHOTS, `${name}.png`), fullPage: true });
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => {});
      await browser.close();
      await server.close();
    },
  };
}
