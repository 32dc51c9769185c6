import { type Migration, type MigrationProvider, Migrator } from 'kysely';
import type { Db } from './database.ts';
import * as m0001 from './migrations/0001_foundation.ts';
import * as m0002 from './migrations/0002_code.ts';
import * as m0003 from './migrations/0003_category_qualifications.ts';
import * as m0004 from './migrations/0004_member_invitations.ts';
import * as m0005 from './migrations/0005_rate_limits.ts';
import * as m0006 from './migrations/0006_blobs_and_key.ts';
import * as m0007 from './migrations/0007_qrcodes.ts';
import * as m0008 from './migrations/0008_official_accounts.ts';
import * as m0009 from './migrations/0009_push.ts';
import * as m0010 from './migrations/0010_delivery.ts';
import * as m0011 from './migrations/0011_oa_links.ts';
import * as m0012 from './migrations/0012_oa_menus.ts';
import * as m0013 from './migrations/0013_oa_templates.ts';
import * as m0014 from './migrations/0014_oa_messages.ts';
import * as m0015 from './migrations/0015_app_bans.ts';
import * as m0016 from './migrations/0016_open_platform.ts';
import * as m0017 from './migrations/0017_chats.ts';
import * as m0018 from './migrations/0018_mp_messages.ts';
import * as m0019 from './migrations/0019_gray_release.ts';
import * as m0020 from './migrations/0020_console.ts';
import * as m0021 from './migrations/0021_testers.ts';
import * as m0022 from './migrations/0022_category_disabled.ts';
import * as m0023 from './migrations/0023_client.ts';
import * as m0026 from './migrations/0026_runtime.ts';
import * as m0027 from './migrations/0027_token_tags.ts';
import * as m0028 from './migrations/0028_domains.ts';
import * as m0029 from './migrations/0029_chat_media.ts';

/** Listed explicitly so the order never depends on a directory read. */
const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_code': m0002,
  '0003_category_qualifications': m0003,
  '0004_member_invitations': m0004,
  '0005_rate_limits': m0005,
  '0006_blobs_and_key': m0006,
  '0007_qrcodes': m0007,
  '0008_official_accounts': m0008,
  '0009_push': m0009,
  '0010_delivery': m0010,
  '0011_oa_links': m0011,
  '0012_oa_menus': m0012,
  '0013_oa_templates': m0013,
  '0014_oa_messages': m0014,
  '0015_app_bans': m0015,
  '0016_open_platform': m0016,
  '0017_chats': m0017,
  '0018_mp_messages': m0018,
  '0019_gray_release': m0019,
  '0020_console': m0020,
  '0021_testers': m0021,
  '0022_category_disabled': m0022,
  '0023_client': m0023,
  '0026_runtime': m0026,
  '0027_token_tags': m0027,
  '0028_domains': m0028,
  '0029_chat_media': m0029,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest(db: Db): Promise<void> {
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export async function migrateDownAll(db: Db): Promise<void> {
  const migrator = new Migrator({ db, provider });
  for (;;) {
    const { error, results } = await migrator.migrateDown();
    if (error) throw error;
    if (!results || results.length === 0) return;
  }
}
