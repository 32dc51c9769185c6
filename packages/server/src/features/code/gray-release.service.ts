import { createHash } from 'node:crypto';
import { WharfError } from '../../errors/wharf-error.ts';
import { newId } from '../../security/secrets.ts';
import { type AuditsService, type Expected, expectRevision } from './audits.service.ts';
import type { CodeStore, GrayPlanRow } from './code.store.ts';
import { AuditStatus, GrayStatus, type GrayStatusValue } from './code.tables.ts';
import type { CodeAccess, CodeApp } from './code-access.ts';

export interface GrayInput {
  grayPercentage: number;
  supportDebugerFirst?: boolean;
  supportExperiencerFirst?: boolean;
}

/** Who opens a released mini program: a client user, a platform account, or nobody signed in. */
export type Opener = { kind: 'end-user'; id: string } | { kind: 'account'; id: string } | undefined;

const STATUS_NAMES: Record<GrayStatusValue, string> = {
  0: 'initial',
  1: 'running',
  2: 'paused',
  3: 'completed',
  4: 'deleted',
};

/**
 * The user's place in 0..99 for this app: stable across plans, so raising the percentage only
 * adds users and a user never flips back and forth between versions.
 */
export function grayBucket(appid: string, opener: string): number {
  return createHash('sha256').update(`gray:${appid}:${opener}`).digest().readUInt32BE(0) % 100;
}

/**
 * Phased release (`/wxa/grayrelease`, `/wxa/getgrayreleaseplan`, `/wxa/revertgrayrelease`): the
 * version that passed audit goes to `gray_percentage` % of users, picked by a stable hash, and
 * to the app's members (support_debuger_first) and testers (support_experiencer_first) first
 * when asked; everyone else keeps the current release. Raising it to 100, or `/wxa/release`,
 * completes the plan; reverting it sends everyone back to the release.
 */
export function grayReleaseService(deps: {
  store: CodeStore;
  access: CodeAccess;
  audits: Pick<AuditsService, 'release'>;
  clock: () => number;
}) {
  const { store, access, audits, clock } = deps;

  function planView(plan: (GrayPlanRow & { user_version?: string }) | undefined) {
    if (!plan) {
      return {
        status: GrayStatus.initial as GrayStatusValue,
        statusName: STATUS_NAMES[0],
        grayPercentage: 0,
        supportDebugerFirst: false,
        supportExperiencerFirst: false,
        versionId: null,
        baseVersionId: null,
        createdAt: 0,
        updatedAt: 0,
      };
    }
    return {
      status: plan.status,
      statusName: STATUS_NAMES[plan.status],
      grayPercentage: plan.gray_percentage,
      supportDebugerFirst: plan.support_debuger_first === 1,
      supportExperiencerFirst: plan.support_experiencer_first === 1,
      versionId: plan.version_id as string | null,
      baseVersionId: plan.base_version_id as string | null,
      createdAt: plan.created_at,
      updatedAt: plan.updated_at,
    };
  }

  function checkPercentage(input: GrayInput): void {
    const p = input.grayPercentage;
    // WeChat: an integer 0..100; 0 only when members or testers get it first.
    const firsts = input.supportDebugerFirst || input.supportExperiencerFirst;
    if (!Number.isInteger(p) || p < 0 || p > 100 || (p === 0 && !firsts)) {
      throw new WharfError('gray_percentage_invalid', {}, 'gray_percentage');
    }
  }

  return {
    planView,

    /** Starts a phased release of the version that passed audit, or raises a running one. */
    async start(appid: string, input: GrayInput, expected?: Expected) {
      checkPercentage(input);
      if (input.grayPercentage === 100) {
        // Everyone: a full release, which completes the running plan.
        await audits.release(appid, expected);
        return planView(await store.latestGrayPlan((await access.app(appid)).id));
      }
      const app = await access.app(appid);
      const now = clock();
      await store.transaction(async (tx) => {
        await tx.ensureSlot(app.id);
        const slot = await tx.lockSlot(app.id);
        expectRevision(slot, expected);
        if (!slot?.released_version_id) throw new WharfError('gray_no_release');
        const audit = await tx.latestAudit(app.id);
        if (!audit || audit.status !== AuditStatus.passed) throw new WharfError('gray_not_passed');
        if (audit.released_at !== null || slot.released_version_id === audit.version_id)
          throw new WharfError('release_already');
        const flags = {
          support_debuger_first: input.supportDebugerFirst ? 1 : 0,
          support_experiencer_first: input.supportExperiencerFirst ? 1 : 0,
        };
        const running = await tx.runningGrayPlan(app.id);
        if (running && running.auditid !== audit.auditid) throw new WharfError('gray_release_running');
        if (running) {
          if (input.grayPercentage <= running.gray_percentage)
            throw new WharfError('gray_percentage_lower', { current: running.gray_percentage });
          await tx.updateGrayPlan(running.id, {
            gray_percentage: input.grayPercentage,
            ...flags,
            updated_at: now,
          });
        } else {
          await tx.insertGrayPlan({
            id: newId('gray'),
            app_id: app.id,
            seq: await tx.nextSeq('code_gray_plans', app.id),
            version_id: audit.version_id,
            base_version_id: slot.released_version_id,
            auditid: audit.auditid,
            gray_percentage: input.grayPercentage,
            ...flags,
            status: GrayStatus.running,
            running: app.id,
            created_at: now,
            updated_at: now,
          });
        }
        await tx.bumpRevision(app.id);
      });
      return planView(await store.latestGrayPlan(app.id));
    },

    /** `/wxa/getgrayreleaseplan`: the latest plan (status 0 when there never was one). */
    async plan(appid: string) {
      return planView(await store.latestGrayPlan((await access.app(appid)).id));
    },

    /** Every plan, newest first, with its version: part of the release history. */
    async plans(appid: string) {
      const rows = await store.grayPlansOf((await access.app(appid)).id);
      return rows.map((row) => ({
        ...planView(row),
        userVersion: row.user_version,
        userDesc: row.user_desc,
      }));
    },

    /** `/wxa/revertgrayrelease`: the users who got the new version go back to the release. */
    async revert(appid: string, expected?: Expected) {
      const app = await access.app(appid);
      const now = clock();
      await store.transaction(async (tx) => {
        await tx.ensureSlot(app.id);
        expectRevision(await tx.lockSlot(app.id), expected);
        const running = await tx.runningGrayPlan(app.id);
        if (!running) throw new WharfError('gray_not_running');
        await tx.updateGrayPlan(running.id, { status: GrayStatus.deleted, running: null, updated_at: now });
        await tx.bumpRevision(app.id);
      });
      return planView(await store.latestGrayPlan(app.id));
    },

    /**
     * The version a release launch serves this opener: the phased version when a plan runs and
     * the opener is a member or tester asked to go first, or falls within the percentage.
     */
    async versionFor(app: CodeApp, releasedVersionId: string, opener: Opener): Promise<string> {
      const plan = await store.runningGrayPlan(app.id);
      if (!plan || !opener) return releasedVersionId;
      if (opener.kind === 'account' && (plan.support_debuger_first || plan.support_experiencer_first)) {
        if (plan.support_debuger_first && (await access.allows(app, opener.id, 'developer')))
          return plan.version_id;
        if (plan.support_experiencer_first && (await access.isTester(app, opener.id))) return plan.version_id;
      }
      const key = `${opener.kind}:${opener.id}`;
      return grayBucket(app.appid, key) < plan.gray_percentage ? plan.version_id : releasedVersionId;
    },
  };
}

export type GrayReleaseService = ReturnType<typeof grayReleaseService>;
