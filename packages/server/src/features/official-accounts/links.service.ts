import { WharfError } from '../../errors/wharf-error.ts';
import type { Db } from '../../store/database.ts';
import type { QrcodesStore } from '../qrcodes/qrcodes.store.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import type { LinkQueries, LinkRow, LinksStore, LinkView } from './links.store.ts';
import { LinkStatus } from './links.tables.ts';
import type { OfficialAccountsService } from './official-accounts.service.ts';

/** Who asks: the account's developer server (WeChat API), or a signed-in admin (native API). */
export type LinkActor = { kind: 'api' } | { kind: 'user'; userId: string };

/**
 * Runs inside the transaction that made a link hold (the follower notification is written
 * there, so it exists exactly when the link does); what it returns runs after the commit.
 */
export type LinkedHook = (tx: LinkQueries, link: LinkView) => Promise<(() => Promise<void>) | undefined>;

const monthStart = (now: number) => {
  const date = new Date(now);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
};

/**
 * Linking mini programs to official accounts, with WeChat's two confirmations (the account's
 * admin, then the mini program's), skipped where one person administers both.
 */
export function linksService(deps: {
  store: LinksStore;
  accounts: OfficialAccountsService;
  /** With `db`, read in that transaction (SQLite has one connection: reading beside it would wait forever). */
  releasedPages: (appId: string, env: 'release', db?: Db) => ReturnType<QrcodesStore['versionPages']>;
  settings: SettingsService;
  clock: () => number;
  onLinked?: LinkedHook;
}) {
  const { store, settings, clock } = deps;
  let onLinked = deps.onLinked;

  async function miniProgram(appid: string) {
    const app = /^wx[0-9a-f]{16}$/.test(appid) ? await store.appByAppid(appid) : undefined;
    if (!app) throw new WharfError('wx_invalid_appid');
    return app;
  }

  async function existing(accountId: string, appid: string) {
    const app = await miniProgram(appid);
    const link = await store.get(accountId, app.id);
    if (!link) throw new WharfError('link_not_found');
    return link;
  }

  /** Moves a link on, firing the hook when it comes to hold; answers what runs after the commit. */
  async function advance(tx: LinkQueries, link: LinkView, to: LinkStatus) {
    if (!(await tx.move(link.account_id, link.app_id, link.status, to, clock()))) {
      throw new WharfError('link_not_your_turn', { reason: 'it changed meanwhile' });
    }
    return to === LinkStatus.linked && onLinked ? onLinked(tx, { ...link, status: to }) : undefined;
  }

  /** A transaction that may make a link hold, then what the hook left for after the commit. */
  async function committing(work: (tx: LinkQueries) => Promise<(() => Promise<void>) | undefined>) {
    const after = await store.transaction(work);
    await after?.();
  }

  function item(link: LinkView) {
    return {
      status: link.status,
      username: link.app_original_id,
      appid: link.appid,
      source: 'MINIPROGRAM_SOURCE_WXOPEN',
      nickname: link.app_name ?? '',
      selected: link.show_profile,
      nearby_display_status: 0,
      released: link.app_status === 'released',
      headimg_url: '',
      func_infos: [
        { status: 1, id: 8, name: '模板消息' },
        { status: 1, id: 9, name: '自定义菜单' },
      ],
      copy_verify_status: 0,
      email: '',
    };
  }

  const service = {
    /** Sets the hook run when a link comes to hold (wired once the delivery engine exists). */
    onLinked(hook: LinkedHook) {
      onLinked = hook;
    },

    /** `wxamplink`, or the account admin's request in the console. */
    async request(
      accountId: string,
      input: { appid: string; notifyUsers: boolean; showProfile: boolean },
      actor: LinkActor,
    ): Promise<{ status: LinkStatus }> {
      const account = await deps.accounts.byId(accountId);
      if (actor.kind === 'user' && actor.userId !== account.owner_user_id) {
        throw new WharfError('not_found', { what: 'official account' });
      }
      const app = await miniProgram(input.appid);
      if (await store.banned(app.id)) throw new WharfError('link_app_banned');
      const accountSubject = await store.subjectOfAccount(accountId);
      const sameSubject =
        accountSubject?.id_number === app.id_number &&
        (accountSubject.type === 'individual') === (app.subject_type === 'individual');
      const sameAdmin = account.owner_user_id === app.owner_user_id;
      // The account's admin confirms unless it is they who ask; the mini program's unless it is the same person.
      const adminAsks = actor.kind === 'user';
      const status: LinkStatus = sameAdmin
        ? LinkStatus.linked
        : adminAsks
          ? LinkStatus.awaitingMiniProgram
          : LinkStatus.awaitingAccount;
      const now = clock();
      let after: (() => Promise<void>) | undefined;
      const result = await store.transaction(async (tx) => {
        await tx.lock(accountId, app.id);
        const current = await tx.get(accountId, app.id);
        if (current?.status === LinkStatus.linked) throw new WharfError('link_already');
        if (current && current.status !== LinkStatus.refused) throw new WharfError('link_pending');
        const sameLimit = await settings.get(
          sameSubject ? 'links.sameSubjectPerAccount' : 'links.otherSubjectPerAccount',
        );
        if ((await tx.countForAccount(accountId, sameSubject)) >= sameLimit) {
          throw new WharfError(sameSubject ? 'link_same_subject_quota' : 'link_other_subject_quota', {
            limit: sameLimit,
          });
        }
        const appLimit = await settings.get('links.accountsPerMiniProgram');
        if ((await tx.countForMiniProgram(app.id)) >= appLimit)
          throw new WharfError('link_app_limit', { limit: appLimit });
        const adminLimit = await settings.get('links.perMiniProgramAdmin');
        if ((await tx.countForAppOwner(app.owner_user_id)) >= adminLimit) {
          throw new WharfError('link_admin_limit', { limit: adminLimit });
        }
        const monthLimit = await settings.get('links.perMonth');
        if ((await tx.requestedSince(accountId, monthStart(now))) >= monthLimit) {
          throw new WharfError('link_month_quota', { limit: monthLimit });
        }
        const row: LinkRow = {
          account_id: accountId,
          app_id: app.id,
          status,
          same_subject: sameSubject ? 1 : 0,
          notify_users: input.notifyUsers ? 1 : 0,
          show_profile: input.showProfile ? 1 : 0,
          unlink_requested: 0,
          requested_at: now,
          updated_at: now,
        };
        await tx.upsert(row);
        if (status === LinkStatus.linked && onLinked) {
          const view = await tx.get(accountId, app.id);
          if (view) after = await onLinked(tx, view);
        }
        return { status };
      });
      await after?.();
      return result;
    },

    /** The account's admin confirms a link its server asked for (12 → 2, or 1 when they run both). */
    async confirmAsAccount(
      userId: string,
      accountId: string,
      appid: string,
    ): Promise<{ status: LinkStatus }> {
      const account = await deps.accounts.administered(userId, accountId);
      const link = await existing(account.id, appid);
      if (link.unlink_requested) {
        await store.remove(account.id, link.app_id);
        return { status: LinkStatus.refused };
      }
      if (link.status !== LinkStatus.awaitingAccount)
        throw new WharfError('link_not_your_turn', { reason: `status ${link.status}` });
      const to = link.app_owner === userId ? LinkStatus.linked : LinkStatus.awaitingMiniProgram;
      await committing((tx) => advance(tx, link, to));
      return { status: to };
    },

    /** The mini program's admin accepts (2 → 1). */
    async acceptAsMiniProgram(
      userId: string,
      accountAppid: string,
      appid: string,
    ): Promise<{ status: LinkStatus }> {
      const account = await deps.accounts.byAppid(accountAppid);
      const link = await existing(account.id, appid);
      if (link.app_owner !== userId) throw new WharfError('link_not_found');
      if (link.status !== LinkStatus.awaitingMiniProgram)
        throw new WharfError('link_not_your_turn', { reason: `status ${link.status}` });
      await committing((tx) => advance(tx, link, LinkStatus.linked));
      return { status: LinkStatus.linked };
    },

    /** Confirms what waits for this user: as the account's admin (12, or an unlink asked), else as the mini program's (2). */
    async accept(userId: string, accountAppid: string, appid: string): Promise<{ status: LinkStatus }> {
      const account = await deps.accounts.byAppid(accountAppid);
      const link = await existing(account.id, appid);
      const accountsTurn = link.status === LinkStatus.awaitingAccount || link.unlink_requested === 1;
      if (account.owner_user_id === userId && accountsTurn)
        return service.confirmAsAccount(userId, account.id, appid);
      return service.acceptAsMiniProgram(userId, accountAppid, appid);
    },

    /** Whoever's turn it is refuses: the link stays on record with status 3; an unlink request is dropped. */
    async refuse(userId: string, accountAppid: string, appid: string): Promise<{ status: LinkStatus }> {
      const account = await deps.accounts.byAppid(accountAppid);
      const link = await existing(account.id, appid);
      if (link.unlink_requested && link.account_owner === userId) {
        await store.setUnlinkRequested(account.id, link.app_id, false, clock());
        return { status: link.status };
      }
      const turn =
        link.status === LinkStatus.awaitingAccount
          ? link.account_owner
          : link.status === LinkStatus.awaitingMiniProgram
            ? link.app_owner
            : undefined;
      if (turn !== userId) {
        if (link.account_owner !== userId && link.app_owner !== userId)
          throw new WharfError('link_not_found');
        throw new WharfError('link_not_your_turn', { reason: `status ${link.status}` });
      }
      await committing((tx) => advance(tx, link, LinkStatus.refused));
      return { status: LinkStatus.refused };
    },

    /**
     * Unlinks. The account's admin unlinks at once; the account's server (`wxampunlink`) asks,
     * and the admin confirms.
     */
    async unlink(accountId: string, appid: string, actor: LinkActor): Promise<{ pending: boolean }> {
      const account = await deps.accounts.byId(accountId);
      if (actor.kind === 'user' && actor.userId !== account.owner_user_id) {
        throw new WharfError('not_found', { what: 'official account' });
      }
      const link = await existing(accountId, appid);
      if (await store.banned(link.app_id)) throw new WharfError('link_app_banned');
      if (actor.kind === 'user') {
        await store.remove(accountId, link.app_id);
        return { pending: false };
      }
      if (link.status !== LinkStatus.linked) throw new WharfError('link_not_found');
      if (link.unlink_requested) throw new WharfError('link_unlink_pending');
      await store.setUnlinkRequested(accountId, link.app_id, true, clock());
      return { pending: true };
    },

    /** An admin bans a mini program (a moderation decision): it cannot be linked or unlinked. */
    async ban(adminId: string, appid: string, reason: string): Promise<void> {
      const app = await miniProgram(appid);
      await store.ban({ app_id: app.id, reason, banned_by: adminId, banned_at: clock() });
    },

    async unban(appid: string): Promise<void> {
      await store.unban((await miniProgram(appid)).id);
    },

    /** `wxamplinkget`: every link of the account, waiting and refused ones included. */
    async list(accountId: string) {
      return { wxopens: { items: (await store.forAccount(accountId)).map(item) } };
    },

    /** What waits for this user's decision, as either admin. */
    async awaiting(userId: string) {
      return (await store.awaiting(userId)).map((link) => ({
        accountAppid: link.account_appid,
        accountName: link.account_name,
        appid: link.appid,
        appName: link.app_name ?? '',
        status: link.status,
        unlinkRequested: link.unlink_requested === 1,
        as:
          link.account_owner === userId &&
          (link.status === LinkStatus.awaitingAccount || link.unlink_requested === 1)
            ? ('official_account' as const)
            : ('miniprogram' as const),
        notifyUsers: link.notify_users === 1,
        requestedAt: link.requested_at,
      }));
    },

    /**
     * The account `<official-account>` shows in a mini program: the first one linked to it with
     * the same subject (WeChat lets the admin pick among them; Wharf has no such setting yet).
     */
    async guideAccountOf(appid: string): Promise<{ accountAppid: string; accountName: string }> {
      const app = await miniProgram(appid);
      const link = (await store.forMiniProgram(app.id)).find(
        (l) => l.status === LinkStatus.linked && l.same_subject === 1,
      );
      if (!link) throw new WharfError('oa_guide_unlinked');
      return { accountAppid: link.account_appid, accountName: link.account_name };
    },

    /** The accounts linked to a mini program (its admin's view). */
    async ofMiniProgram(appId: string) {
      return (await store.forMiniProgram(appId)).map((link) => ({
        accountAppid: link.account_appid,
        accountName: link.account_name,
        status: link.status,
      }));
    },

    /**
     * A menu button's or a template message's target: a linked mini program (40166 otherwise) and
     * a page of its released package (40165 otherwise; a query after `?` is allowed).
     */
    async checkTarget(accountId: string, appid: string, pagepath: string): Promise<void> {
      const app = /^wx[0-9a-f]{16}$/.test(appid) ? await store.appByAppid(appid) : undefined;
      const link = app && (await store.get(accountId, app.id));
      if (!app || link?.status !== LinkStatus.linked)
        throw new WharfError('oa_miniprogram_not_linked', { appid });
      const page = pagepath.split('?')[0] ?? '';
      if (page.startsWith('/')) {
        throw new WharfError('oa_miniprogram_page_invalid', {
          reason: 'must not start with /',
          reasonZh: '不能以 / 开头',
        });
      }
      const released = await deps.releasedPages(app.id, 'release');
      if (!released) {
        throw new WharfError('oa_miniprogram_page_invalid', {
          reason: 'the mini program is not released',
          reasonZh: '小程序尚未发布',
        });
      }
      if (page !== '' && !released.pages.includes(page.replace(/\.html$/, ''))) {
        throw new WharfError('oa_miniprogram_page_invalid', {
          reason: `${page} is not a page of the released version`,
          reasonZh: `${page} 不是线上版本的页面`,
        });
      }
    },

    /**
     * The released pages of a mini program linked to the account, for the account's admin who
     * may not be a member of the mini program: the link is the authority (40166 otherwise).
     */
    async releasedPagesOfLinked(accountId: string, appid: string) {
      const app = await store.appByAppid(appid);
      const link = app && (await store.get(accountId, app.id));
      if (!app || link?.status !== LinkStatus.linked)
        throw new WharfError('oa_miniprogram_not_linked', { appid });
      const released = await deps.releasedPages(app.id, 'release');
      return { pages: released?.pages ?? [], entryPagePath: released?.entryPagePath ?? null };
    },

    /** The release's entry page of a mini program by its AppID; undefined when unreleased. */
    async entryPageOf(appid: string): Promise<string | undefined> {
      const app = await store.appByAppid(appid);
      return app ? (await deps.releasedPages(app.id, 'release'))?.entryPagePath : undefined;
    },

    /** The page a link notification or an empty pagepath opens: the release's entry page. */
    async entryPage(appId: string, db?: Db): Promise<string | undefined> {
      return (await deps.releasedPages(appId, 'release', db))?.entryPagePath;
    },
  };
  return service;
}

export type LinksService = ReturnType<typeof linksService>;
