import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { createContext } from '../src/context.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { openStore } from '../src/store/database.ts';
import { migrateDownAll, migrateToLatest } from '../src/store/migrate.ts';
import { dialects, freshDatabase } from './harness.ts';

describe.each(dialects)('the store on %s', (dialect) => {
  it('migrates a fresh database up, down to nothing, and up again', async () => {
    const { location } = await freshDatabase(dialect);
    const store = openStore(location);
    try {
      await migrateToLatest(store.db);
      const tables = async () =>
        (await store.db.introspection.getTables()).map((t) => t.name).filter((n) => !n.startsWith('kysely_'));
      expect(await tables()).toEqual(
        expect.arrayContaining(['users', 'subjects', 'mini_programs', 'access_tokens']),
      );
      await migrateDownAll(store.db);
      expect(await tables()).toEqual([]);
      await migrateToLatest(store.db);
      expect((await tables()).length).toBeGreaterThan(5);
    } finally {
      await store.close();
    }
  });

  it('seeds the demo world once: a second run changes nothing and prints the same', async () => {
    const { location, dataDir } = await freshDatabase(dialect);
    const store = openStore(location);
    try {
      await migrateToLatest(store.db);
      const config = loadConfig({ data: dataDir, databaseUrl: dialect === 'postgres' ? location : '' }, {});
      const ctx = createContext({ config, store, secretKey: 'test-key' });
      await ctx.categories.seedIfEmpty();
      const first = await seedDemo(ctx);
      const counts = async () =>
        Promise.all(
          (['users', 'subjects', 'mini_programs', 'mini_program_categories'] as const).map(async (table) =>
            Number(
              (await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(store.db))
                .rows[0]?.n,
            ),
          ),
        );
      const before = await counts();
      const second = await seedDemo(ctx);
      expect(second).toEqual(first);
      expect(await counts()).toEqual(before);

      expect(first.admin.email).toBeTruthy();
      const individual = first.developers.find((d) => d.subjectType === 'individual')!;
      expect(first.miniPrograms.filter((m) => m.subjectType === 'individual')).toHaveLength(2);
      expect(first.miniPrograms.filter((m) => m.subjectType === 'enterprise')).toHaveLength(1);
      expect(individual.subjectName).toBe('李明');
      for (const app of first.miniPrograms) {
        expect(app.appid).toMatch(/^wx[0-9a-f]{16}$/);
        expect(app.secret).toMatch(/^[0-9a-f]{32}$/);
        const issued = await ctx.tokens.issue({
          grantType: 'client_credential',
          appid: app.appid,
          secret: app.secret,
          ip: '127.0.0.1',
        });
        expect(issued.expires_in).toBe(7200);
      }
    } finally {
      await store.close();
    }
  });
});
