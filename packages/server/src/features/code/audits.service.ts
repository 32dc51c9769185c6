import { randomInt } from 'node:crypto';
import { WharfError } from '../../errors/wharf-error.ts';
import { newId } from '../../security/secrets.ts';
import type { CategoriesService } from '../categories/categories.service.ts';
import type { MiniProgramStatus } from '../miniprograms/miniprograms.tables.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import type { VersionManifest } from './code.service.ts';
import type { AuditRow, CodeQueries, CodeStore, SlotRow } from './code.store.ts';
import { AuditStatus, type AuditStatusValue, GrayStatus } from './code.tables.ts';
import type { CodeAccess, CodeApp } from './code-access.ts';

/** One entry of `/wxa/submit_audit`'s item_list, camelCased. */
export interface AuditItem {
  address?: string;
  tag?: string;
  firstClass?: string;
  secondClass?: string;
  firstId?: number;
  secondId?: number;
  title?: string;
}

export interface SubmitInput {
  items: AuditItem[];
  feedbackInfo?: string;
  versionDesc?: string;
  /** WeChat's `ext_json` (third-party custom config): must be a JSON object when given. */
  extJson?: unknown;
  /** The native face may name a version; WeChat's submits the latest upload (the committed code). */
  versionId?: string;
  /** The slot revision the caller acted on (native face); a different one is a conflict. */
  revision?: number;
}

/** What a console tab saw when it acted; the WeChat face never sends it. */
export interface Expected {
  revision?: number;
}

/** Refuses an action taken on a state that changed since the caller saw it (another tab, another person). */
export function expectRevision(slot: SlotRow | undefined, expected: Expected | undefined): void {
  if (expected?.revision === undefined) return;
  const current = slot?.revision ?? 0;
  if (current !== expected.revision) throw new WharfError('code_conflict', { current });
}

const DAY_MS = 24 * 3600 * 1000;
const STATUS_NAMES: Record<AuditStatusValue, string> = {
  0: 'passed',
  1: 'rejected',
  2: 'auditing',
  3: 'withdrawn',
  4: 'delayed',
};
const inFlight = (status: number) => status === AuditStatus.auditing || status === AuditStatus.delayed;
const seconds = (ms: number) => Math.floor(ms / 1000);
const parsedReasons = (audit: AuditRow): Array<{ address: string; reason: string }> =>
  audit.item_reasons ? JSON.parse(audit.item_reasons) : [];

export function auditsService(deps: {
  store: CodeStore;
  access: CodeAccess;
  categories: CategoriesService;
  settings: SettingsService;
  clock: () => number;
}) {
  const { store, access, categories, settings, clock } = deps;

  /** Where the app's status goes when an audit ends: a released app stays released. */
  const settledStatus = (status: MiniProgramStatus): MiniProgramStatus =>
    status === 'released' ? 'released' : 'developing';

  async function checkItems(app: CodeApp, manifest: VersionManifest, items: AuditItem[]) {
    if (items.length < 1 || items.length > 5) throw new WharfError('audit_item_count', {}, 'item_list');
    const pages = new Set([...manifest.pages, ...manifest.subpackages.flatMap((s) => s.pages)]);
    const owned = await categories.lookup(
      (await access.categories(app.id)).map((p) => ({ firstId: p.first_id, secondId: p.second_id })),
    );
    return items.map((item, i) => {
      const field = `item_list[${i}]`;
      const address = (item.address ?? '').replace(/^\//, '').split('?')[0] ?? '';
      if (!pages.has(address))
        throw new WharfError('audit_item_page', { address: item.address ?? '' }, field);
      const tags = (item.tag ?? '').split(/\s+/).filter(Boolean);
      if (tags.length > 10 || tags.some((t) => t.length > 20)) {
        throw new WharfError(
          'audit_item_tag',
          { reason: 'up to 10 tags of 20 characters, space-separated' },
          field,
        );
      }
      if (item.title !== undefined && (item.title.length < 1 || item.title.length > 32)) {
        throw new WharfError('audit_item_title', { reason: '1 to 32 characters' }, field);
      }
      const category = owned.find(
        (c) =>
          (item.firstId !== undefined ? c.firstId === item.firstId : c.firstClass === item.firstClass) &&
          (item.secondId !== undefined ? c.secondId === item.secondId : c.secondClass === item.secondClass),
      );
      if (!category || (item.firstId === undefined && item.firstClass === undefined)) {
        const named = `${item.firstClass ?? item.firstId ?? '?'}/${item.secondClass ?? item.secondId ?? '?'}`;
        throw new WharfError('audit_item_category', { category: named }, field);
      }
      return {
        address,
        tag: tags.join(' '),
        firstClass: category.firstClass,
        secondClass: category.secondClass,
        firstId: category.firstId,
        secondId: category.secondId,
        title: item.title ?? '',
        openToIndividual: category.openToIndividual,
      };
    });
  }

  /** An individual's app passes only with categories open to individuals (checked again at approval). */
  function checkIndividual(app: CodeApp, items: Array<{ firstClass: string; openToIndividual: boolean }>) {
    if (app.subject_type !== 'individual') return;
    const closed = items.find((item) => !item.openToIndividual);
    if (closed) throw new WharfError('category_not_open', { name: closed.firstClass }, 'item_list');
  }

  async function reviewable(tx: CodeQueries, auditid: number): Promise<AuditRow> {
    const audit = await tx.lockAudit(auditid);
    if (!audit) throw new WharfError('not_found', { what: 'audit' });
    if (!inFlight(audit.status)) throw new WharfError('audit_not_pending', { auditid });
    return audit;
  }

  /** Records a decision and its push event in one transaction. */
  async function decide(
    reviewerId: string,
    auditid: number,
    status: AuditStatusValue,
    extra: {
      reason?: string;
      itemReasons?: Array<{ address: string; reason: string }>;
      screenshot?: string;
    } = {},
  ) {
    // Checks that read other features run before the transaction: on SQLite a query outside
    // an open transaction would wait for its single connection.
    const before = await store.audit(auditid);
    if (!before) throw new WharfError('not_found', { what: 'audit' });
    if (!inFlight(before.status)) throw new WharfError('audit_not_pending', { auditid });
    if (status === AuditStatus.passed) {
      const owner = await store.appById(before.app_id);
      const codeApp = owner ? await access.app(owner.appid) : undefined;
      const items = JSON.parse(before.item_list) as Array<{ firstId: number; secondId: number }>;
      const found = await categories.lookup(items.map((i) => ({ firstId: i.firstId, secondId: i.secondId })));
      if (codeApp) checkIndividual(codeApp, found);
    }
    const now = clock();
    await store.transaction(async (tx) => {
      const audit = await reviewable(tx, auditid);
      const app = await tx.appById(audit.app_id);
      if (!app) throw new WharfError('not_found', { what: 'mini program' });
      await tx.updateAudit(auditid, {
        status,
        in_flight: status === AuditStatus.delayed ? audit.app_id : null,
        reason: extra.reason ?? null,
        item_reasons: extra.itemReasons ? JSON.stringify(extra.itemReasons) : null,
        screenshot: extra.screenshot ?? null,
        reviewer_user_id: reviewerId,
        decided_at: now,
      });
      await tx.bumpRevision(app.id);
      if (status !== AuditStatus.delayed) await tx.setAppStatus(app.id, settledStatus(app.status), now);
      const base = {
        ToUserName: app.original_id,
        FromUserName: 'wharf',
        CreateTime: seconds(now),
        MsgType: 'event',
      };
      const event =
        status === AuditStatus.passed
          ? { ...base, Event: 'weapp_audit_success', SuccTime: seconds(now) }
          : status === AuditStatus.rejected
            ? {
                ...base,
                Event: 'weapp_audit_fail',
                Reason: fullReason(extra),
                FailTime: seconds(now),
                ScreenShot: '',
              }
            : { ...base, Event: 'weapp_audit_delay', Reason: extra.reason ?? '', DelayTime: seconds(now) };
      await tx.appendEvent({ appid: app.appid, type: event.Event, payload: event, at: now });
    });
  }

  function statusView(audit: AuditRow) {
    return {
      auditid: audit.auditid,
      status: audit.status,
      statusName: STATUS_NAMES[audit.status],
      reason:
        audit.status === AuditStatus.rejected || audit.status === AuditStatus.delayed
          ? fullReason({
              reason: audit.reason ?? undefined,
              itemReasons: audit.item_reasons ? JSON.parse(audit.item_reasons) : undefined,
            })
          : '',
      itemReasons: audit.status === AuditStatus.rejected ? parsedReasons(audit) : [],
      hasScreenshot: audit.status === AuditStatus.rejected && audit.screenshot !== null,
      submittedAt: audit.submitted_at,
      decidedAt: audit.decided_at,
      releasedAt: audit.released_at,
      versionId: audit.version_id,
    };
  }

  return {
    statusView,

    /** `/wxa/get_category`: the app's categories with names and ids. */
    async appCategories(appid: string) {
      const app = await access.app(appid);
      const pairs = await access.categories(app.id);
      return categories.lookup(pairs.map((p) => ({ firstId: p.first_id, secondId: p.second_id })));
    },

    /** `/wxa/submit_audit`: one audit in flight per app, within the 7-day quota. */
    async submit(appid: string, input: SubmitInput): Promise<number> {
      const app = await access.app(appid);
      if (input.extJson !== undefined && input.extJson !== '') {
        let parsed = input.extJson;
        if (typeof parsed === 'string') {
          try {
            parsed = JSON.parse(parsed);
          } catch {
            throw new WharfError('ext_json_invalid', { reason: 'not JSON' }, 'ext_json');
          }
        }
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
          throw new WharfError('ext_json_invalid', { reason: 'must be a JSON object' }, 'ext_json');
        }
      }
      const version = input.versionId
        ? await store.version(input.versionId)
        : await store.latestVersion(app.id);
      if (!version || version.app_id !== app.id) {
        throw input.versionId
          ? new WharfError('not_found', { what: 'version' }, 'versionId')
          : new WharfError('code_not_uploaded');
      }
      if (await store.inFlightAudit(app.id)) throw new WharfError('audit_in_progress');
      const now = clock();
      const limit = await settings.get('code.auditSubmitsPer7Days');
      if ((await store.countSubmittedSince(app.id, now - 7 * DAY_MS)) >= limit) {
        throw new WharfError('audit_submit_quota', { limit });
      }
      const manifest = JSON.parse(version.manifest) as VersionManifest;
      if (manifest.navigatesToMiniProgram && manifest.navigateAppIds.length === 0) {
        throw new WharfError('audit_navigate_undeclared');
      }
      const items = await checkItems(app, manifest, input.items);
      checkIndividual(app, items);
      const auditid = randomInt(1_000_000_000, 2 ** 47);
      try {
        await store.transaction(async (tx) => {
          await tx.ensureSlot(app.id);
          expectRevision(await tx.lockSlot(app.id), input);
          if (await tx.inFlightAudit(app.id)) throw new WharfError('audit_in_progress');
          await tx.insertAudit({
            auditid,
            app_id: app.id,
            seq: await tx.nextSeq('code_audits', app.id),
            version_id: version.id,
            status: AuditStatus.auditing,
            in_flight: app.id,
            item_list: JSON.stringify(items.map(({ openToIndividual: _, ...item }) => item)),
            feedback_info: input.feedbackInfo ?? null,
            version_desc: input.versionDesc ?? null,
            reason: null,
            item_reasons: null,
            screenshot: null,
            reviewer_user_id: null,
            submitted_at: now,
            decided_at: null,
            released_at: null,
          });
          if (app.status !== 'released') await tx.setAppStatus(app.id, 'reviewing', now);
          await tx.bumpRevision(app.id);
        });
      } catch (error) {
        // Two submits racing past the first check: the unique in_flight index lets one win.
        if (!(error instanceof WharfError) && (await store.inFlightAudit(app.id))) {
          throw new WharfError('audit_in_progress');
        }
        throw error;
      }
      return auditid;
    },

    /** `/wxa/get_auditstatus`: an audit of this app; another app's auditid is simply invalid. */
    async status(appid: string, auditid: number) {
      const app = await access.app(appid);
      const audit = Number.isSafeInteger(auditid) ? await store.audit(auditid) : undefined;
      if (!audit || audit.app_id !== app.id) throw new WharfError('audit_not_found', {}, 'auditid');
      return statusView(audit);
    },

    /** `/wxa/get_latest_auditstatus`. */
    async latest(appid: string) {
      const app = await access.app(appid);
      const audit = await store.latestAudit(app.id);
      if (!audit) throw new WharfError('audit_not_found');
      const version = await store.version(audit.version_id);
      return {
        ...statusView(audit),
        userVersion: version?.user_version ?? '',
        userDesc: version?.user_desc ?? '',
      };
    },

    /** `/wxa/undocodeaudit`: withdraws the audit in flight, within the daily limit. */
    async withdraw(appid: string, expected?: Expected): Promise<void> {
      const app = await access.app(appid);
      const now = clock();
      const limit = await settings.get('code.undoAuditPerDay');
      await store.transaction(async (tx) => {
        await tx.ensureSlot(app.id);
        expectRevision(await tx.lockSlot(app.id), expected);
        const audit = await tx.inFlightAudit(app.id);
        if (!audit) throw new WharfError('audit_nothing_pending');
        const dayStart = now - (now % DAY_MS);
        if ((await tx.countWithdrawnSince(app.id, dayStart)) >= limit) {
          throw new WharfError('undo_audit_quota', { limit });
        }
        await tx.updateAudit(audit.auditid, {
          status: AuditStatus.withdrawn,
          in_flight: null,
          decided_at: now,
        });
        await tx.setAppStatus(app.id, settledStatus(app.status), now);
        await tx.bumpRevision(app.id);
      });
    },

    /** How much of the withdraw and submit quotas the app used, for the console to show. */
    async quotas(appid: string) {
      const app = await access.app(appid);
      const now = clock();
      return {
        withdrawPerDay: await settings.get('code.undoAuditPerDay'),
        withdrawnToday: await store.countWithdrawnSince(app.id, now - (now % DAY_MS)),
        submitsPer7Days: await settings.get('code.auditSubmitsPer7Days'),
        submittedIn7Days: await store.countSubmittedSince(app.id, now - 7 * DAY_MS),
      };
    },

    /** The app's audits, newest first, with reviewers' reasons (the developer's audit history). */
    async auditsOf(appid: string) {
      const app = await access.app(appid);
      return (await store.auditsOf(app.id, 100)).map((row) => ({
        ...statusView(row),
        userVersion: row.user_version,
        userDesc: row.user_desc,
        items: JSON.parse(row.item_list) as Array<Required<AuditItem>>,
        feedbackInfo: row.feedback_info,
        versionDesc: row.version_desc,
      }));
    },

    /** The screenshot a reviewer attached to a rejection, for the app's developers or a reviewer. */
    async screenshot(auditid: number, appid?: string): Promise<string> {
      const audit = await store.audit(auditid);
      const app = appid ? await access.app(appid) : undefined;
      if (!audit?.screenshot || (app && audit.app_id !== app.id))
        throw new WharfError('not_found', { what: 'screenshot' });
      return audit.screenshot;
    },

    // The reviewer's side (native API, reviewer or admin role)

    async queue(limit = 100) {
      return (await store.queue(limit)).map((row) => {
        const items = JSON.parse(row.item_list) as Array<Required<AuditItem>>;
        return {
          auditid: row.auditid,
          status: row.status,
          statusName: STATUS_NAMES[row.status],
          appid: row.appid,
          appName: row.name,
          subjectType: row.subject_type,
          categories: [...new Set(items.map((i) => `${i.firstClass} > ${i.secondClass}`))],
          pages: items.map((i) => i.address),
          userVersion: row.user_version,
          userDesc: row.user_desc,
          submittedAt: row.submitted_at,
        };
      });
    },

    /** One source file of an audited version, for the reviewer's file viewer. */
    async sourceFile(auditid: number, path: string) {
      const audit = await store.audit(auditid);
      const file = audit ? await store.file(audit.version_id, 'source', path) : undefined;
      if (!file) throw new WharfError('not_found', { what: 'file' });
      return file;
    },

    /** Decisions reviewers made, newest first: who decided what, and why. */
    async decided(limit = 100) {
      return (await store.decidedAudits(limit)).map((row) => ({
        ...statusView(row),
        appid: row.appid,
        appName: row.name,
        userVersion: row.user_version,
        reviewer: row.reviewer_email ?? '',
      }));
    },

    /** Everything a reviewer needs: the app, the submitted items, the package's pages and files. */
    async detail(auditid: number) {
      const audit = await store.audit(auditid);
      if (!audit) throw new WharfError('not_found', { what: 'audit' });
      const app = await store.appById(audit.app_id);
      const version = await store.version(audit.version_id);
      if (!app || !version) throw new WharfError('not_found', { what: 'audit' });
      const manifest = JSON.parse(version.manifest) as VersionManifest;
      const files = await store.files(version.id, 'source');
      const codeApp = await access.app(app.appid);
      const items = JSON.parse(audit.item_list) as Array<Required<AuditItem>>;
      const found = await categories.lookup(items.map((i) => ({ firstId: i.firstId, secondId: i.secondId })));
      return {
        ...statusView(audit),
        appid: app.appid,
        appName: app.name,
        subjectType: codeApp.subject_type,
        // The categories declared, checked now against the subject: an individual's app may
        // only pass with categories open to individuals (approve refuses otherwise).
        items: items.map((item) => {
          const category = found.find((c) => c.firstId === item.firstId && c.secondId === item.secondId);
          return {
            ...item,
            categoryAllowed:
              !!category && (codeApp.subject_type !== 'individual' || category.openToIndividual),
          };
        }),
        feedbackInfo: audit.feedback_info,
        versionDesc: audit.version_desc,
        version: {
          id: version.id,
          userVersion: version.user_version,
          userDesc: version.user_desc,
          versionHash: version.built_hash,
          pages: [...manifest.pages, ...manifest.subpackages.flatMap((s) => s.pages)],
          entryPagePath: manifest.entryPagePath,
          files: files.map((f) => ({ path: f.path, sha256: f.sha256, bytes: f.bytes })),
        },
      };
    },

    approve: (reviewerId: string, auditid: number) => decide(reviewerId, auditid, AuditStatus.passed),
    reject: (
      reviewerId: string,
      auditid: number,
      reason: string,
      itemReasons?: Array<{ address: string; reason: string }>,
      screenshot?: string,
    ) => decide(reviewerId, auditid, AuditStatus.rejected, { reason, itemReasons, screenshot }),
    delay: (reviewerId: string, auditid: number, reason: string) =>
      decide(reviewerId, auditid, AuditStatus.delayed, { reason }),

    // Release

    /** `/wxa/release`: publishes the latest audit's version once it passed. */
    async release(appid: string, expected?: Expected): Promise<{ versionId: string }> {
      const app = await access.app(appid);
      const now = clock();
      return store.transaction(async (tx) => {
        await tx.ensureSlot(app.id);
        const slot = await tx.lockSlot(app.id);
        expectRevision(slot, expected);
        const audit = await tx.latestAudit(app.id);
        if (!audit || audit.status === AuditStatus.rejected || audit.status === AuditStatus.withdrawn) {
          throw new WharfError('release_nothing');
        }
        if (inFlight(audit.status))
          throw new WharfError('release_state', { state: STATUS_NAMES[audit.status] });
        if (audit.released_at !== null || slot?.released_version_id === audit.version_id) {
          throw new WharfError('release_already');
        }
        // A full release of the version being phased in completes its plan (WeChat's 全量发布).
        const plan = await tx.runningGrayPlan(app.id);
        if (plan && plan.auditid !== audit.auditid) throw new WharfError('gray_release_running');
        if (plan) {
          await tx.updateGrayPlan(plan.id, {
            status: GrayStatus.completed,
            running: null,
            gray_percentage: 100,
            updated_at: now,
          });
        }
        await tx.updateAudit(audit.auditid, { released_at: now });
        await tx.updateSlot(app.id, {
          released_version_id: audit.version_id,
          previous_version_id: slot?.released_version_id ?? null,
          reverted: 0,
        });
        await tx.insertRelease({
          id: newId('rel'),
          app_id: app.id,
          seq: await tx.nextSeq('code_releases', app.id),
          version_id: audit.version_id,
          kind: 'release',
          auditid: audit.auditid,
          created_at: now,
        });
        await tx.setAppStatus(app.id, 'released', now);
        return { versionId: audit.version_id };
      });
    },

    /** `/wxa/revertcoderelease`: back to the previous release, once. */
    async revert(appid: string, expected?: Expected): Promise<{ versionId: string }> {
      const app = await access.app(appid);
      const now = clock();
      return store.transaction(async (tx) => {
        await tx.ensureSlot(app.id);
        const slot = await tx.lockSlot(app.id);
        expectRevision(slot, expected);
        // WeChat refuses a rollback while a phased release runs (87011): revert that first.
        if (await tx.runningGrayPlan(app.id)) throw new WharfError('revert_gray_running');
        if (slot?.reverted) {
          throw new WharfError('revert_impossible', {
            reason: 'already rolled back once since the last release',
            reasonZh: '自上次发布以来已回退过一次',
          });
        }
        if (!slot?.previous_version_id) {
          throw new WharfError('revert_impossible', {
            reason: 'no previous release',
            reasonZh: '没有可回退的版本',
          });
        }
        await tx.updateSlot(app.id, {
          released_version_id: slot.previous_version_id,
          previous_version_id: null,
          reverted: 1,
        });
        await tx.insertRelease({
          id: newId('rel'),
          app_id: app.id,
          seq: await tx.nextSeq('code_releases', app.id),
          version_id: slot.previous_version_id,
          kind: 'revert',
          auditid: null,
          created_at: now,
        });
        return { versionId: slot.previous_version_id };
      });
    },

    /** The release history, newest first. */
    async history(appid: string) {
      const app = await access.app(appid);
      const slot = await store.slot(app.id);
      return (await store.releasesOf(app.id))
        .map((row) => ({
          kind: row.kind,
          versionId: row.version_id,
          userVersion: row.user_version,
          userDesc: row.user_desc,
          auditid: row.auditid,
          at: row.created_at,
          versionCreatedAt: row.version_created_at,
          current: false,
        }))
        .map((entry, i) => ({ ...entry, current: i === 0 && slot?.released_version_id === entry.versionId }));
    },
  };
}

function fullReason(extra: {
  reason?: string;
  itemReasons?: Array<{ address: string; reason: string }>;
}): string {
  const items = (extra.itemReasons ?? []).map((item, i) => `${i + 1}. ${item.address}: ${item.reason}`);
  return [extra.reason ?? '', ...items].filter(Boolean).join('<br>');
}

export type AuditsService = ReturnType<typeof auditsService>;
