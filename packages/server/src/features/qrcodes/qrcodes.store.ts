import type { Selectable } from 'kysely';
import type { Db } from '../../store/database.ts';
import type { StoreDialect } from '../../store/dialects/dialect.ts';
import { transactional } from '../../store/transactional.ts';
import type { VersionManifest } from '../code/code.service.ts';
import type { EnvVersion, QrCodeTables } from './qrcodes.tables.ts';

export type QrCodeRow = Selectable<QrCodeTables['qr_codes']>;
export type JumpRuleRow = Selectable<QrCodeTables['qr_jump_rules']>;
export type JumpAppRow = Selectable<QrCodeTables['qr_jump_apps']>;
export type JumpRuleWithAppid = JumpRuleRow & { appid: string };

export interface VersionPages {
  pages: string[];
  entryPagePath: string;
}

export function qrcodesStore(db: Db, dialect: StoreDialect) {
  return transactional(db, (db) => queries(db, dialect));
}

function queries(db: Db, dialect: StoreDialect) {
  return {
    appByAppid(appid: string) {
      return db
        .selectFrom('mini_programs')
        .innerJoin('subjects', 'subjects.id', 'mini_programs.subject_id')
        .select(['mini_programs.id', 'mini_programs.appid', 'subjects.type as subject_type'])
        .where('mini_programs.appid', '=', appid)
        .executeTakeFirst();
    },

    /** The pages of the version an env_version names: release, the trial pick, or the latest upload. */
    async versionPages(appId: string, env: EnvVersion): Promise<VersionPages | undefined> {
      let versionId: string | null | undefined;
      if (env === 'develop') {
        const latest = await db
          .selectFrom('code_versions')
          .select('id')
          .where('app_id', '=', appId)
          .orderBy('seq', 'desc')
          .limit(1)
          .executeTakeFirst();
        versionId = latest?.id;
      } else {
        const slot = await db
          .selectFrom('code_slots')
          .select(['released_version_id', 'trial_version_id'])
          .where('app_id', '=', appId)
          .executeTakeFirst();
        versionId = env === 'release' ? slot?.released_version_id : slot?.trial_version_id;
      }
      if (!versionId) return undefined;
      const row = await db
        .selectFrom('code_versions')
        .select('manifest')
        .where('id', '=', versionId)
        .executeTakeFirst();
      if (!row) return undefined;
      const manifest = JSON.parse(row.manifest) as VersionManifest;
      return {
        pages: [...manifest.pages, ...manifest.subpackages.flatMap((s) => s.pages)],
        entryPagePath: manifest.entryPagePath,
      };
    },

    // Mini program codes

    code(id: string): Promise<(QrCodeRow & { appid: string; name: string | null }) | undefined> {
      return db
        .selectFrom('qr_codes')
        .innerJoin('mini_programs', 'mini_programs.id', 'qr_codes.app_id')
        .selectAll('qr_codes')
        .select(['mini_programs.appid', 'mini_programs.name'])
        .where('qr_codes.id', '=', id)
        .executeTakeFirst();
    },

    async countedCodes(appId: string): Promise<number> {
      const row = await db
        .selectFrom('qr_codes')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('app_id', '=', appId)
        .where('counted', '=', 1)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** Locks the app row so two nodes cannot both take the last code under the cap. */
    async lockApp(appId: string): Promise<void> {
      await dialect
        .lockForUpdate(db.selectFrom('mini_programs').select('id').where('id', '=', appId))
        .execute();
    },

    async insertCode(row: QrCodeRow): Promise<void> {
      await db
        .insertInto('qr_codes')
        .values(row)
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    },

    async image(renderKey: string): Promise<string | undefined> {
      const row = await db
        .selectFrom('qr_code_images')
        .select('blob_hash')
        .where('render_key', '=', renderKey)
        .executeTakeFirst();
      return row?.blob_hash;
    },

    async insertImage(row: Selectable<QrCodeTables['qr_code_images']>): Promise<void> {
      await db
        .insertInto('qr_code_images')
        .values(row)
        .onConflict((oc) => oc.column('render_key').doNothing())
        .execute();
    },

    // Ordinary-link rules

    jumpApp(appId: string): Promise<JumpAppRow | undefined> {
      return db.selectFrom('qr_jump_apps').selectAll().where('app_id', '=', appId).executeTakeFirst();
    },

    async insertJumpApp(row: JumpAppRow): Promise<void> {
      await db
        .insertInto('qr_jump_apps')
        .values(row)
        .onConflict((oc) => oc.column('app_id').doNothing())
        .execute();
    },

    async lockJumpApp(appId: string): Promise<JumpAppRow | undefined> {
      return dialect
        .lockForUpdate(db.selectFrom('qr_jump_apps').selectAll().where('app_id', '=', appId))
        .executeTakeFirst();
    },

    async setPublishes(appId: string, month: string, publishes: number): Promise<void> {
      await db
        .updateTable('qr_jump_apps')
        .set({ publish_month: month, publishes })
        .where('app_id', '=', appId)
        .execute();
    },

    rulesOf(appId: string): Promise<JumpRuleRow[]> {
      return db
        .selectFrom('qr_jump_rules')
        .selectAll()
        .where('app_id', '=', appId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
    },

    /** Rules of one site, every app's: the overlap checks of a new prefix read these. */
    rulesOfSite(site: string): Promise<JumpRuleRow[]> {
      return db.selectFrom('qr_jump_rules').selectAll().where('site', '=', site).execute();
    },

    ruleByPrefix(site: string, rest: string): Promise<JumpRuleRow | undefined> {
      return db
        .selectFrom('qr_jump_rules')
        .selectAll()
        .where('site', '=', site)
        .where('rest', '=', rest)
        .executeTakeFirst();
    },

    /** False when the prefix was taken meanwhile (the unique index on site + rest decides). */
    async insertRule(row: JumpRuleRow): Promise<boolean> {
      const result = await db
        .insertInto('qr_jump_rules')
        .values(row)
        .onConflict((oc) => oc.columns(['site', 'rest']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    async updateRule(id: string, patch: Partial<Omit<JumpRuleRow, 'id' | 'app_id'>>): Promise<void> {
      await db.updateTable('qr_jump_rules').set(patch).where('id', '=', id).execute();
    },

    async deleteRule(id: string): Promise<void> {
      await db.deleteFrom('qr_jump_rules').where('id', '=', id).execute();
    },

    /** Every rule with its app's AppID: what the in-memory index is built from. */
    allRules(): Promise<JumpRuleWithAppid[]> {
      return db
        .selectFrom('qr_jump_rules')
        .innerJoin('mini_programs', 'mini_programs.id', 'qr_jump_rules.app_id')
        .selectAll('qr_jump_rules')
        .select('mini_programs.appid')
        .execute();
    },

    rulesWithAppid(appid: string): Promise<JumpRuleWithAppid[]> {
      return db
        .selectFrom('qr_jump_rules')
        .innerJoin('mini_programs', 'mini_programs.id', 'qr_jump_rules.app_id')
        .selectAll('qr_jump_rules')
        .select('mini_programs.appid')
        .where('mini_programs.appid', '=', appid)
        .execute();
    },

    async rulesVersion(): Promise<number> {
      const row = await db
        .selectFrom('qr_rules_version')
        .select('version')
        .where('id', '=', 1)
        .executeTakeFirst();
      return Number(row?.version ?? 0);
    },

    /** Bumps the version (row-locked until the transaction ends) and returns the new one. */
    async bumpRulesVersion(): Promise<number> {
      await db
        .updateTable('qr_rules_version')
        .set((eb) => ({ version: eb('version', '+', 1) }))
        .where('id', '=', 1)
        .execute();
      const row = await db
        .selectFrom('qr_rules_version')
        .select('version')
        .where('id', '=', 1)
        .executeTakeFirst();
      return Number(row?.version ?? 0);
    },
  };
}

export type QrcodesStore = ReturnType<typeof qrcodesStore>;
export type QrcodesQueries = ReturnType<typeof queries>;
