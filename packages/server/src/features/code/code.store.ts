import type { Selectable } from 'kysely';
import type { Db } from '../../store/database.ts';
import type { StoreDialect } from '../../store/dialects/dialect.ts';
import { transactional } from '../../store/transactional.ts';
import { appendEvent } from '../events/events.store.ts';
import type { MiniProgramStatus } from '../miniprograms/miniprograms.tables.ts';
import { AuditStatus, type CodeFileKind, type CodeTables } from './code.tables.ts';

export type UploadKeyRow = Selectable<CodeTables['upload_keys']>;
export type SlotRow = Selectable<CodeTables['code_slots']>;
export type VersionRow = Selectable<CodeTables['code_versions']>;
export type CodeFileRow = Selectable<CodeTables['code_files']>;
export type AuditRow = Selectable<CodeTables['code_audits']>;
export type ReleaseRow = Selectable<CodeTables['code_releases']>;
export type GrayPlanRow = Selectable<CodeTables['code_gray_plans']>;

export function codeStore(db: Db, dialect: StoreDialect) {
  return transactional(db, (db) => queries(db, dialect));
}

function queries(db: Db, dialect: StoreDialect) {
  return {
    /** What code management needs to know about an app, by its AppID. */
    appByAppid(appid: string) {
      return db
        .selectFrom('mini_programs')
        .innerJoin('subjects', 'subjects.id', 'mini_programs.subject_id')
        .select([
          'mini_programs.id',
          'mini_programs.appid',
          'mini_programs.original_id',
          'mini_programs.name',
          'mini_programs.owner_user_id',
          'mini_programs.status',
          'mini_programs.request_domains',
          'mini_programs.webview_domains',
          'mini_programs.socket_domains',
          'mini_programs.upload_domains',
          'mini_programs.download_domains',
          'subjects.type as subject_type',
        ])
        .where('mini_programs.appid', '=', appid)
        .executeTakeFirst();
    },

    appById(id: string) {
      return db
        .selectFrom('mini_programs')
        .select(['id', 'appid', 'name', 'original_id', 'status'])
        .where('id', '=', id)
        .executeTakeFirst();
    },

    async setAppStatus(appId: string, status: MiniProgramStatus, now: number): Promise<void> {
      await db
        .updateTable('mini_programs')
        .set({ status, updated_at: now })
        .where('id', '=', appId)
        .execute();
    },

    // Upload keys

    async insertKey(row: UploadKeyRow): Promise<void> {
      await db.insertInto('upload_keys').values(row).execute();
    },

    keysOf(appId: string): Promise<UploadKeyRow[]> {
      return db
        .selectFrom('upload_keys')
        .selectAll()
        .where('app_id', '=', appId)
        .orderBy('created_at')
        .execute();
    },

    keyByHash(keyHash: string): Promise<UploadKeyRow | undefined> {
      return db.selectFrom('upload_keys').selectAll().where('key_hash', '=', keyHash).executeTakeFirst();
    },

    async deleteKey(appId: string, id: string): Promise<boolean> {
      const result = await db
        .deleteFrom('upload_keys')
        .where('app_id', '=', appId)
        .where('id', '=', id)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async touchKey(id: string, now: number): Promise<void> {
      await db.updateTable('upload_keys').set({ last_used_at: now }).where('id', '=', id).execute();
    },

    // Slots: the per-app row that serialises uploads, submits, releases and reverts

    async ensureSlot(appId: string): Promise<void> {
      await db
        .insertInto('code_slots')
        .values({
          app_id: appId,
          next_seq: 1,
          trial_version_id: null,
          released_version_id: null,
          previous_version_id: null,
          reverted: 0,
          revision: 0,
        })
        .onConflict((oc) => oc.column('app_id').doNothing())
        .execute();
    },

    /** The app's slot, locked until the transaction ends (PostgreSQL; SQLite is already serial). */
    lockSlot(appId: string): Promise<SlotRow | undefined> {
      return dialect
        .lockForUpdate(db.selectFrom('code_slots').selectAll().where('app_id', '=', appId))
        .executeTakeFirst();
    },

    slot(appId: string): Promise<SlotRow | undefined> {
      return db.selectFrom('code_slots').selectAll().where('app_id', '=', appId).executeTakeFirst();
    },

    /** Every change of the slot is a new revision (see `revision` in code.tables.ts). */
    async updateSlot(appId: string, patch: Partial<Omit<SlotRow, 'app_id' | 'revision'>>): Promise<void> {
      await db
        .updateTable('code_slots')
        .set((eb) => ({ ...patch, revision: eb('revision', '+', 1) }))
        .where('app_id', '=', appId)
        .execute();
    },

    /** A change of audit or phased-release state that leaves the slot's versions as they are. */
    async bumpRevision(appId: string): Promise<void> {
      await db
        .updateTable('code_slots')
        .set((eb) => ({ revision: eb('revision', '+', 1) }))
        .where('app_id', '=', appId)
        .execute();
    },

    // Versions and their files

    async insertVersion(row: VersionRow, files: CodeFileRow[]): Promise<void> {
      await db.insertInto('code_versions').values(row).execute();
      // Five parameters a row; stay under the dialect's bound-parameter cap.
      const perStatement = Math.floor(dialect.maxParamsPerStatement / 5);
      for (let i = 0; i < files.length; i += perStatement) {
        await db
          .insertInto('code_files')
          .values(files.slice(i, i + perStatement))
          .execute();
      }
    },

    version(id: string): Promise<VersionRow | undefined> {
      return db.selectFrom('code_versions').selectAll().where('id', '=', id).executeTakeFirst();
    },

    versionsOf(appId: string): Promise<VersionRow[]> {
      return db
        .selectFrom('code_versions')
        .selectAll()
        .where('app_id', '=', appId)
        .orderBy('seq', 'desc')
        .execute();
    },

    latestVersion(appId: string): Promise<VersionRow | undefined> {
      return db
        .selectFrom('code_versions')
        .selectAll()
        .where('app_id', '=', appId)
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
    },

    versionsByBuiltHash(appId: string, builtHash: string): Promise<VersionRow[]> {
      return db
        .selectFrom('code_versions')
        .selectAll()
        .where('app_id', '=', appId)
        .where('built_hash', '=', builtHash)
        .execute();
    },

    files(versionId: string, kind: CodeFileKind): Promise<CodeFileRow[]> {
      return db
        .selectFrom('code_files')
        .selectAll()
        .where('version_id', '=', versionId)
        .where('kind', '=', kind)
        .orderBy('path')
        .execute();
    },

    file(versionId: string, kind: CodeFileKind, path: string): Promise<CodeFileRow | undefined> {
      return db
        .selectFrom('code_files')
        .selectAll()
        .where('version_id', '=', versionId)
        .where('kind', '=', kind)
        .where('path', '=', path)
        .executeTakeFirst();
    },

    async fileCount(versionId: string, kind: CodeFileKind): Promise<number> {
      const row = await db
        .selectFrom('code_files')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('version_id', '=', versionId)
        .where('kind', '=', kind)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    // Audits

    async insertAudit(row: AuditRow): Promise<void> {
      await db.insertInto('code_audits').values(row).execute();
    },

    audit(auditid: number): Promise<AuditRow | undefined> {
      return db.selectFrom('code_audits').selectAll().where('auditid', '=', auditid).executeTakeFirst();
    },

    lockAudit(auditid: number): Promise<AuditRow | undefined> {
      return dialect
        .lockForUpdate(db.selectFrom('code_audits').selectAll().where('auditid', '=', auditid))
        .executeTakeFirst();
    },

    latestAudit(appId: string): Promise<AuditRow | undefined> {
      return db
        .selectFrom('code_audits')
        .selectAll()
        .where('app_id', '=', appId)
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
    },

    inFlightAudit(appId: string): Promise<AuditRow | undefined> {
      return db.selectFrom('code_audits').selectAll().where('in_flight', '=', appId).executeTakeFirst();
    },

    async updateAudit(auditid: number, patch: Partial<Omit<AuditRow, 'auditid'>>): Promise<void> {
      await db.updateTable('code_audits').set(patch).where('auditid', '=', auditid).execute();
    },

    async countSubmittedSince(appId: string, since: number): Promise<number> {
      const row = await db
        .selectFrom('code_audits')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('app_id', '=', appId)
        .where('submitted_at', '>=', since)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    async countWithdrawnSince(appId: string, since: number): Promise<number> {
      const row = await db
        .selectFrom('code_audits')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('app_id', '=', appId)
        .where('status', '=', AuditStatus.withdrawn)
        .where('decided_at', '>=', since)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    /** Audits awaiting a reviewer (auditing or delayed), oldest first, with their app. */
    queue(limit: number) {
      return db
        .selectFrom('code_audits')
        .innerJoin('mini_programs', 'mini_programs.id', 'code_audits.app_id')
        .innerJoin('code_versions', 'code_versions.id', 'code_audits.version_id')
        .innerJoin('subjects', 'subjects.id', 'mini_programs.subject_id')
        .select([
          'code_audits.auditid',
          'code_audits.status',
          'code_audits.submitted_at',
          'code_audits.item_list',
          'subjects.type as subject_type',
          'mini_programs.appid',
          'mini_programs.name',
          'code_versions.user_version',
          'code_versions.user_desc',
        ])
        .where('code_audits.in_flight', 'is not', null)
        .orderBy('code_audits.submitted_at')
        .limit(limit)
        .execute();
    },

    async anyAuditOf(versionIds: string[]): Promise<boolean> {
      if (versionIds.length === 0) return false;
      return !!(await db
        .selectFrom('code_audits')
        .select('auditid')
        .where('version_id', 'in', versionIds)
        .limit(1)
        .executeTakeFirst());
    },

    /** The next per-app sequence number of audits or releases; call with the slot locked. */
    async nextSeq(
      table: 'code_audits' | 'code_releases' | 'code_gray_plans',
      appId: string,
    ): Promise<number> {
      const row = await db
        .selectFrom(table)
        .select((eb) => eb.fn.max('seq').as('max'))
        .where('app_id', '=', appId)
        .executeTakeFirst();
      return Number(row?.max ?? 0) + 1;
    },

    // Releases

    async insertRelease(row: ReleaseRow): Promise<void> {
      await db.insertInto('code_releases').values(row).execute();
    },

    releasesOf(appId: string) {
      return db
        .selectFrom('code_releases')
        .innerJoin('code_versions', 'code_versions.id', 'code_releases.version_id')
        .select([
          'code_releases.id',
          'code_releases.kind',
          'code_releases.auditid',
          'code_releases.created_at',
          'code_releases.version_id',
          'code_versions.user_version',
          'code_versions.user_desc',
          'code_versions.created_at as version_created_at',
        ])
        .where('code_releases.app_id', '=', appId)
        .orderBy('code_releases.seq', 'desc')
        .execute();
    },

    /** Released, or phased out to a share of users (then public too: it passed review). */
    async everReleased(versionIds: string[]): Promise<boolean> {
      if (versionIds.length === 0) return false;
      const released = await db
        .selectFrom('code_releases')
        .select('id')
        .where('version_id', 'in', versionIds)
        .limit(1)
        .executeTakeFirst();
      if (released) return true;
      return !!(await db
        .selectFrom('code_gray_plans')
        .select('id')
        .where('version_id', 'in', versionIds)
        .limit(1)
        .executeTakeFirst());
    },

    // Phased releases

    async insertGrayPlan(row: GrayPlanRow): Promise<void> {
      await db.insertInto('code_gray_plans').values(row).execute();
    },

    async updateGrayPlan(id: string, patch: Partial<Omit<GrayPlanRow, 'id'>>): Promise<void> {
      await db.updateTable('code_gray_plans').set(patch).where('id', '=', id).execute();
    },

    runningGrayPlan(appId: string): Promise<GrayPlanRow | undefined> {
      return db.selectFrom('code_gray_plans').selectAll().where('running', '=', appId).executeTakeFirst();
    },

    latestGrayPlan(appId: string): Promise<GrayPlanRow | undefined> {
      return db
        .selectFrom('code_gray_plans')
        .selectAll()
        .where('app_id', '=', appId)
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
    },

    grayPlansOf(appId: string) {
      return db
        .selectFrom('code_gray_plans')
        .innerJoin('code_versions', 'code_versions.id', 'code_gray_plans.version_id')
        .selectAll('code_gray_plans')
        .select(['code_versions.user_version', 'code_versions.user_desc'])
        .where('code_gray_plans.app_id', '=', appId)
        .orderBy('code_gray_plans.seq', 'desc')
        .execute();
    },

    /** Every audit of an app with its version, newest first (the developer's audit history). */
    auditsOf(appId: string, limit: number) {
      return db
        .selectFrom('code_audits')
        .innerJoin('code_versions', 'code_versions.id', 'code_audits.version_id')
        .selectAll('code_audits')
        .select(['code_versions.user_version', 'code_versions.user_desc'])
        .where('code_audits.app_id', '=', appId)
        .orderBy('code_audits.seq', 'desc')
        .limit(limit)
        .execute();
    },

    /** Audits reviewers decided (passed or rejected), newest decision first: the reviewers' history. */
    decidedAudits(limit: number) {
      return db
        .selectFrom('code_audits')
        .innerJoin('mini_programs', 'mini_programs.id', 'code_audits.app_id')
        .innerJoin('code_versions', 'code_versions.id', 'code_audits.version_id')
        .leftJoin('users', 'users.id', 'code_audits.reviewer_user_id')
        .selectAll('code_audits')
        .select([
          'mini_programs.appid',
          'mini_programs.name',
          'code_versions.user_version',
          'users.email as reviewer_email',
        ])
        .where('code_audits.status', 'in', [AuditStatus.passed, AuditStatus.rejected])
        .where('code_audits.reviewer_user_id', 'is not', null)
        .orderBy('code_audits.decided_at', 'desc')
        .limit(limit)
        .execute();
    },

    appendEvent(event: { appid: string; type: string; payload: Record<string, unknown>; at: number }) {
      return appendEvent(db, event);
    },
  };
}

export type CodeStore = ReturnType<typeof codeStore>;
export type CodeQueries = ReturnType<typeof queries>;
