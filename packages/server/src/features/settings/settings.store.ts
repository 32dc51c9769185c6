import type { Db } from '../../store/database.ts';

export function settingsStore(db: Db) {
  return {
    async all(): Promise<Record<string, unknown>> {
      const rows = await db.selectFrom('settings').select(['key', 'value']).execute();
      return Object.fromEntries(rows.map((row) => [row.key, JSON.parse(row.value) as unknown]));
    },
    async set(key: string, value: unknown, now: number): Promise<void> {
      const json = JSON.stringify(value);
      await db
        .insertInto('settings')
        .values({ key, value: json, updated_at: now })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: json, updated_at: now }))
        .execute();
    },
  };
}

export type SettingsStore = ReturnType<typeof settingsStore>;
