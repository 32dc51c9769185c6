import { WharfError } from '../../errors/wharf-error.ts';
import { newId } from '../../security/secrets.ts';
import type { IdentityService } from '../identity/identity.service.ts';
import { newAppid } from '../miniprograms/app-ids.ts';
import { openidFor } from '../official-accounts/openid.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import type {
  BindableApp,
  OpenAccountRow,
  OpenPlatformQueries,
  OpenPlatformStore,
} from './open-platform.store.ts';
import type { BoundKind } from './open-platform.tables.ts';

export interface OpenAccountView {
  openAppid: string;
  subjectId: string;
  /** False for accounts made through `/cgi-bin/open/create`: WeChat leaves those unverified. */
  verified: boolean;
  /** The app whose API call created it; null when made in the console. */
  creatorAppid: string | null;
  bound: Array<{ appid: string; kind: BoundKind; name: string | null; boundAt: number }>;
  createdAt: number;
}

export interface OpenPlatformDeps {
  store: OpenPlatformStore;
  identity: IdentityService;
  settings: SettingsService;
  /** Keys unionids; derived from the server key, apart from the openid key. */
  unionidKey: string;
  clock: () => number;
}

/**
 * Open-platform accounts: a subject's umbrella over its mini programs, official accounts and
 * mobile apps. Everything bound to one account knows a person by one unionid.
 */
export function openPlatformService(deps: OpenPlatformDeps) {
  const { store, identity, settings, clock } = deps;

  const sameSubject = (app: BindableApp, subject: { type: string; id_number: string }) =>
    app.subjectType === subject.type && app.subjectNumber === subject.id_number;

  async function view(row: OpenAccountRow): Promise<OpenAccountView> {
    const bindings = await store.bindings(row.id);
    const bound = await Promise.all(
      bindings.map(async (b) => ({
        appid: b.appid,
        kind: b.kind,
        name: (await store.app(b.appid))?.name ?? null,
        boundAt: b.bound_at,
      })),
    );
    return {
      openAppid: row.open_appid,
      subjectId: row.subject_id,
      verified: row.verified === 1,
      creatorAppid: row.creator_appid,
      bound,
      createdAt: row.created_at,
    };
  }

  /** WeChat's caps, read before a transaction (settings must not be read inside one on SQLite). */
  async function caps() {
    return {
      apps: await settings.get('openPlatform.bindingsPerAccount'),
      unverifiedMiniPrograms: await settings.get('openPlatform.unverifiedMiniPrograms'),
    };
  }

  /** Checked under the account's lock: 100 apps, 5 mini programs while unverified. */
  async function checkCaps(
    tx: OpenPlatformQueries,
    account: OpenAccountRow,
    kind: BoundKind,
    limits: Awaited<ReturnType<typeof caps>>,
  ) {
    const bindings = await tx.bindings(account.id);
    if (bindings.length >= limits.apps) {
      throw new WharfError('open_bind_limit', { limit: limits.apps, what: 'apps', whatZh: '帐号' });
    }
    if (account.verified === 0 && kind === 'miniprogram') {
      if (bindings.filter((b) => b.kind === 'miniprogram').length >= limits.unverifiedMiniPrograms) {
        throw new WharfError('open_bind_limit', {
          limit: limits.unverifiedMiniPrograms,
          what: 'mini programs while unverified',
          whatZh: '小程序（未认证帐号）',
        });
      }
    }
  }

  async function bind(account: OpenAccountRow, app: BindableApp): Promise<void> {
    if (!sameSubject(app, await store.subjectOf(account.subject_id))) {
      throw new WharfError('open_subject_mismatch');
    }
    const limits = await caps();
    await store.transaction(async (tx) => {
      await tx.lockAccount(account.id);
      if (await tx.binding(app.appid)) throw new WharfError('open_already_bound', { appid: app.appid });
      await checkCaps(tx, account, app.kind, limits);
      const bound = await tx.bind({
        appid: app.appid,
        open_account_id: account.id,
        kind: app.kind,
        bound_at: clock(),
      });
      // Two binds of one app to two accounts racing: the primary key decides.
      if (!bound) throw new WharfError('open_already_bound', { appid: app.appid });
    });
  }

  async function unbind(account: OpenAccountRow, appid: string): Promise<void> {
    if (!(await store.unbind(appid, account.id))) throw new WharfError('open_not_bound');
  }

  async function byOpenAppid(openAppid: string): Promise<OpenAccountRow> {
    const account = await store.accountByOpenAppid(openAppid);
    if (!account) throw new WharfError('open_invalid_open_appid');
    return account;
  }

  /** The account, when this user owns it; `not_found` otherwise (no hint that it exists). */
  async function owned(userId: string, openAppid: string): Promise<OpenAccountRow> {
    const account = await store.accountByOpenAppid(openAppid);
    if (!account || account.owner_user_id !== userId) {
      throw new WharfError('not_found', { what: 'open-platform account' });
    }
    return account;
  }

  /** An app this user owns; `not_found` otherwise. */
  async function ownedApp(userId: string, appid: string): Promise<BindableApp> {
    const app = await store.app(appid);
    if (!app || app.ownerUserId !== userId) throw new WharfError('not_found', { what: 'app' }, 'appid');
    return app;
  }

  /** The app a WeChat call acts for: the token's own, and no other (40013, as WeChat). */
  async function callerApp(tokenAppid: string, appid: string | undefined): Promise<BindableApp> {
    if (appid !== undefined && appid !== '' && appid !== tokenAppid) throw new WharfError('wx_invalid_appid');
    const app = await store.app(tokenAppid);
    if (!app) throw new WharfError('wx_invalid_appid');
    return app;
  }

  const unionidOf = (openAppid: string, userId: string) => openidFor(deps.unionidKey, openAppid, userId);

  async function createAccount(
    app: BindableApp | undefined,
    owner: { userId: string; subjectId: string },
    verified: boolean,
    openAppid = newAppid(),
  ): Promise<OpenAccountRow> {
    const row: OpenAccountRow = {
      id: newId('opa'),
      open_appid: openAppid,
      subject_id: owner.subjectId,
      owner_user_id: owner.userId,
      creator_appid: app?.appid ?? null,
      verified: verified ? 1 : 0,
      created_at: clock(),
    };
    await store.transaction(async (tx) => {
      await tx.insertAccount(row);
      if (!app) return;
      const bound = await tx.bind({
        appid: app.appid,
        open_account_id: row.id,
        kind: app.kind,
        bound_at: clock(),
      });
      if (!bound) throw new WharfError('open_already_bound', { appid: app.appid });
    });
    return row;
  }

  return {
    view,

    /** `/cgi-bin/open/create`: an unverified account of the app's subject, with the app bound to it. */
    async createByApi(tokenAppid: string, appid?: string): Promise<{ open_appid: string }> {
      const app = await callerApp(tokenAppid, appid);
      if (app.kind === 'mobile_app') throw new WharfError('wx_invalid_appid');
      if (await store.binding(app.appid)) throw new WharfError('open_already_bound', { appid: app.appid });
      const row = await createAccount(app, { userId: app.ownerUserId, subjectId: app.subjectId }, false);
      return { open_appid: row.open_appid };
    },

    /** `/cgi-bin/open/bind`: only accounts made through the API (89003), of the same subject (89001). */
    async bindByApi(tokenAppid: string, appid: string | undefined, openAppid: string): Promise<void> {
      const app = await callerApp(tokenAppid, appid);
      const account = await byOpenAppid(openAppid);
      if (account.creator_appid === null) throw new WharfError('open_not_api_created');
      await bind(account, app);
    },

    async unbindByApi(tokenAppid: string, appid: string | undefined, openAppid: string): Promise<void> {
      const app = await callerApp(tokenAppid, appid);
      const account = await byOpenAppid(openAppid);
      if (account.creator_appid === null) throw new WharfError('open_not_api_created');
      await unbind(account, app.appid);
    },

    /** `/cgi-bin/open/get`: the account the app is bound to, or 89002. */
    async getByApi(tokenAppid: string, appid?: string): Promise<{ open_appid: string }> {
      const app = await callerApp(tokenAppid, appid);
      const openAppid = await store.openAppidOf(app.appid);
      if (!openAppid) throw new WharfError('open_not_bound');
      return { open_appid: openAppid };
    },

    /** The console's creation: a verified subject's account, verified as its subject is. */
    async create(userId: string, subjectId: string, ids?: { openAppid: string }): Promise<OpenAccountView> {
      const subject = await identity.ownedBy(userId, subjectId);
      if (subject.status !== 'verified') throw new WharfError('subject_not_verified', {}, 'subjectId');
      return view(await createAccount(undefined, { userId, subjectId: subject.id }, true, ids?.openAppid));
    },

    async listMine(userId: string): Promise<OpenAccountView[]> {
      return Promise.all((await store.accountsOwnedBy(userId)).map(view));
    },

    async get(userId: string, openAppid: string): Promise<OpenAccountView> {
      return view(await owned(userId, openAppid));
    },

    /**
     * WeChat leaves an account made by `/cgi-bin/open/create` unverified (5 mini programs, API
     * binds only) until its owner certifies it on the open platform. Here the owner does so in
     * the console, for a subject verified now, as a console-made account is verified at once.
     */
    async verify(userId: string, openAppid: string): Promise<OpenAccountView> {
      const account = await owned(userId, openAppid);
      const subject = await identity.ownedBy(userId, account.subject_id);
      if (subject.status !== 'verified') throw new WharfError('subject_not_verified', {}, 'subjectId');
      if (!(await store.markVerified(account.id))) throw new WharfError('open_already_verified');
      return view({ ...account, verified: 1 });
    },

    /** Binds an app the user owns to an account the user owns: same subject, WeChat's caps. */
    async bind(userId: string, openAppid: string, appid: string): Promise<OpenAccountView> {
      const account = await owned(userId, openAppid);
      await bind(account, await ownedApp(userId, appid));
      return view(account);
    },

    async unbind(userId: string, openAppid: string, appid: string): Promise<OpenAccountView> {
      const account = await owned(userId, openAppid);
      await ownedApp(userId, appid);
      await unbind(account, appid);
      return view(account);
    },

    /** The account row for other services of this feature (mobile apps register on it). */
    owned,
    caps,
    checkCaps,

    /** The open_appid an app is bound to, if any. */
    openAppidOf: (appid: string) => store.openAppidOf(appid),

    /** Whether two apps are bound to one open-platform account (an app may share a mini program then). */
    async sameOpenAccount(appidA: string, appidB: string): Promise<boolean> {
      const [a, b] = await Promise.all([store.openAppidOf(appidA), store.openAppidOf(appidB)]);
      return a !== undefined && a === b;
    },

    /**
     * The person's unionid as an app sees it: one per open-platform account, so the same for every
     * app bound to it; none while the app is unbound.
     */
    async unionidFor(appid: string, userId: string): Promise<string | undefined> {
      const openAppid = await store.openAppidOf(appid);
      return openAppid ? unionidOf(openAppid, userId) : undefined;
    },

    /** Unionids of many users for one app (official accounts' `user/info` batches). */
    async unionidsFor(appid: string, userIds: string[]): Promise<Map<string, string>> {
      const openAppid = await store.openAppidOf(appid);
      if (!openAppid) return new Map();
      return new Map(userIds.map((id) => [id, unionidOf(openAppid, id)]));
    },
  };
}

export type OpenPlatformService = ReturnType<typeof openPlatformService>;
