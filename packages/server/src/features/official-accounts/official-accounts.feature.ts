import type { Db } from '../../store/database.ts';
import type { StoreDialect } from '../../store/dialects/dialect.ts';
import type { EndUsersService } from '../end-users/end-users.service.ts';
import type { IdentityService } from '../identity/identity.service.ts';
import { qrcodesStore } from '../qrcodes/qrcodes.store.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import { linksService } from './links.service.ts';
import { linksStore } from './links.store.ts';
import { officialAccountsService } from './official-accounts.service.ts';
import { officialAccountsStore } from './official-accounts.store.ts';

/** Official accounts and their followers, wired together. */
export function officialAccountsFeature(deps: {
  db: Db;
  dialect: StoreDialect;
  identity: IdentityService;
  settings: SettingsService;
  endUsers: EndUsersService;
  openidKey: string;
  revokeTokens: (appid: string) => Promise<void>;
  eventsAppended?: () => void;
  /** Unionids of followers, when the account is bound to an open-platform account (`user/info`). */
  unionids?: (appid: string, userIds: string[]) => Promise<Map<string, string>>;
  clock: () => number;
}) {
  const store = officialAccountsStore(deps.db, deps.dialect);
  const accounts = officialAccountsService({ ...deps, store });
  const links = linksService({
    store: linksStore(deps.db, deps.dialect),
    accounts,
    releasedPages: (appId, env, db = deps.db) => qrcodesStore(db, deps.dialect).versionPages(appId, env),
    settings: deps.settings,
    clock: deps.clock,
  });
  return { accounts, links };
}
