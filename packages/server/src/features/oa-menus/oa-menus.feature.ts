import type { Db } from '../../store/database.ts';
import type { StoreDialect } from '../../store/dialects/dialect.ts';
import type { OfficialAccountsService } from '../official-accounts/official-accounts.service.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import { type OaMenusDeps, oaMenusService } from './oa-menus.service.ts';
import { oaMenusStore } from './oa-menus.store.ts';

/** Custom menus of official accounts, wired together. */
export function oaMenusFeature(deps: {
  db: Db;
  dialect: StoreDialect;
  accounts: OfficialAccountsService;
  settings: SettingsService;
  checkTarget: OaMenusDeps['checkTarget'];
  eventsAppended?: () => void;
  menusChanged?: OaMenusDeps['menusChanged'];
  clock: () => number;
}) {
  return oaMenusService({ ...deps, store: oaMenusStore(deps.db, deps.dialect) });
}
