import type { Db } from '../../store/database.ts';
import type { StoreDialect } from '../../store/dialects/dialect.ts';
import type { IdentityService } from '../identity/identity.service.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import { mobileAppsService } from './mobile-apps.service.ts';
import { openPlatformService } from './open-platform.service.ts';
import { openPlatformStore } from './open-platform.store.ts';

/** Open-platform accounts and the mobile apps registered on them, wired together. */
export function openPlatformFeature(deps: {
  db: Db;
  dialect: StoreDialect;
  identity: IdentityService;
  settings: SettingsService;
  unionidKey: string;
  clock: () => number;
}) {
  const store = openPlatformStore(deps.db, deps.dialect);
  const accounts = openPlatformService({ ...deps, store });
  const mobileApps = mobileAppsService({ store, openPlatform: accounts, clock: deps.clock });
  return { accounts, mobileApps };
}

export type OpenPlatformFeature = ReturnType<typeof openPlatformFeature>;
