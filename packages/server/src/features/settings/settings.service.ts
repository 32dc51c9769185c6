import { WharfError } from '../../errors/wharf-error.ts';
import { type SettingKey, type SettingValue, settingDefaults } from './settings.defaults.ts';
import type { SettingsStore } from './settings.store.ts';

// Several nodes share one database: a short cache keeps reads cheap and changes visible within seconds.
const CACHE_MS = 5_000;

type Value = number | string | boolean;

/** The per-API entry when there is one, else the general one (stored, else its default). */
function quotaIn(values: Record<string, unknown>, api: string): number {
  const specific = `api.dailyQuota.${api}`;
  const value = values[specific] ?? (settingDefaults as Record<string, unknown>)[specific];
  if (typeof value === 'number') return value;
  return (values['api.dailyQuota'] ?? settingDefaults['api.dailyQuota']) as number;
}

export function settingsService(store: SettingsStore, clock: () => number = Date.now) {
  let cache: { at: number; values: Record<string, unknown> } | undefined;

  async function values(): Promise<Record<string, unknown>> {
    if (!cache || clock() - cache.at > CACHE_MS) cache = { at: clock(), values: await store.all() };
    return cache.values;
  }

  return {
    async get<K extends SettingKey>(key: K): Promise<SettingValue<K>> {
      const stored = (await values())[key];
      return (stored ?? settingDefaults[key]) as SettingValue<K>;
    },
    /** The per-API entry when there is one, else the general one. */
    async dailyQuota(api: string): Promise<number> {
      return quotaIn(await values(), api);
    },
    /** `dailyQuota` without waiting while the settings are in memory; undefined when they must be read. */
    dailyQuotaNow(api: string): number | undefined {
      return cache && clock() - cache.at <= CACHE_MS ? quotaIn(cache.values, api) : undefined;
    },
    async list(): Promise<Record<string, unknown>> {
      return { ...settingDefaults, ...(await values()) };
    },
    /** Every setting with its current value and its default (per-API quotas an operator added included). */
    async entries(): Promise<Array<{ key: string; value: Value; default: Value | null }>> {
      const current = (await this.list()) as Record<string, Value>;
      return Object.keys(current)
        .sort()
        .map((key) => ({
          key,
          value: current[key]!,
          default: (settingDefaults as Record<string, Value>)[key] ?? null,
        }));
    },
    async set(key: string, value: unknown): Promise<void> {
      const known = (settingDefaults as Record<string, unknown>)[key];
      const isApiQuota = key.startsWith('api.dailyQuota.');
      if (known === undefined && !isApiQuota) throw new WharfError('not_found', { what: `setting ${key}` });
      const expected = isApiQuota ? 'number' : typeof known;
      if (
        typeof value !== expected ||
        (typeof value === 'number' && (!Number.isFinite(value) || value < 0))
      ) {
        throw new WharfError('validation_failed', {
          field: 'value',
          reason: `expected a non-negative ${expected}`,
        });
      }
      await store.set(key, value, clock());
      cache = undefined;
    },
  };
}

export type SettingsService = ReturnType<typeof settingsService>;
