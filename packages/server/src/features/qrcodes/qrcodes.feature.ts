import type { BlobStore } from '../../blobs/blob-store.ts';
import type { Notices } from '../../cluster/notices.ts';
import type { Db } from '../../store/database.ts';
import type { StoreDialect } from '../../store/dialects/dialect.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import { codesService } from './codes.service.ts';
import { qrConsoleService } from './console.service.ts';
import { qrcodesStore } from './qrcodes.store.ts';
import { rulesService } from './rules.service.ts';
import { scanService } from './scan.service.ts';

/** Mini program codes, ordinary-link rules and the scan resolver, wired together. */
export function qrcodesFeature(deps: {
  db: Db;
  dialect: StoreDialect;
  blobs: BlobStore;
  settings: SettingsService;
  notices?: Notices;
  clock: () => number;
}) {
  const store = qrcodesStore(deps.db, deps.dialect);
  const codes = codesService({ store, blobs: deps.blobs, settings: deps.settings, clock: deps.clock });
  const rules = rulesService({ store, settings: deps.settings, clock: deps.clock, notices: deps.notices });
  const scan = scanService({ codes, rules, settings: deps.settings, clock: deps.clock });
  const console = qrConsoleService({ store, rules, scan, settings: deps.settings });
  return { codes, rules, scan, console };
}
