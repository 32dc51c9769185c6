import type { BlobStore } from './blobs/blob-store.ts';
import { openBlobStore } from './blobs/open-blob-store.ts';
import { clusterNotices, type Notices } from './cluster/index.ts';
import type { Config } from './config.ts';
import { fanoutFeature } from './delivery/fanout/fanout.feature.ts';
import { inboxService } from './delivery/inbox/inbox.service.ts';
import { inboxStore } from './delivery/inbox/inbox.store.ts';
import { pushService } from './delivery/push/push.service.ts';
import { pushStore } from './delivery/push/push.store.ts';
import { accountsService } from './features/accounts/accounts.service.ts';
import { accountsStore } from './features/accounts/accounts.store.ts';
import type { Mailer } from './features/accounts/mailer.ts';
import { mailerFor } from './features/accounts/smtp-mailer.ts';
import { categoriesService } from './features/categories/categories.service.ts';
import { categoriesStore } from './features/categories/categories.store.ts';
import { chatsService } from './features/chats/chats.service.ts';
import { auditsService } from './features/code/audits.service.ts';
import { codeService } from './features/code/code.service.ts';
import { codeStore } from './features/code/code.store.ts';
import { codeAccess } from './features/code/code-access.ts';
import { grayReleaseService } from './features/code/gray-release.service.ts';
import { launchStatusService } from './features/code/launch-status.service.ts';
import { runtimeBuild } from './features/code/runtime-bridge.ts';
import { servingService } from './features/code/serving.service.ts';
import { testersService } from './features/code/testers.service.ts';
import { testersStore } from './features/code/testers.store.ts';
import { endUsersService } from './features/end-users/end-users.service.ts';
import { endUsersStore } from './features/end-users/end-users.store.ts';
import { eventsStore } from './features/events/events.store.ts';
import { identityService } from './features/identity/identity.service.ts';
import { identityStore } from './features/identity/identity.store.ts';
import { builtinVerifier, type IdentityVerifier } from './features/identity/verifier.ts';
import { miniProgramsService } from './features/miniprograms/miniprograms.service.ts';
import { miniProgramsStore } from './features/miniprograms/miniprograms.store.ts';
import { mpLoginService } from './features/mp-login/mp-login.service.ts';
import { mpLoginStore } from './features/mp-login/mp-login.store.ts';
import { mpMessagesFeature } from './features/mp-messages/mp-messages.feature.ts';
import { oaMenusFeature } from './features/oa-menus/oa-menus.feature.ts';
import { oaMessagesFeature } from './features/oa-messages/oa-messages.feature.ts';
import { oaTemplatesService } from './features/oa-templates/oa-templates.service.ts';
import { oaTemplatesStore } from './features/oa-templates/oa-templates.store.ts';
import { wireLinkNotices } from './features/official-accounts/link-notice.ts';
import { officialAccountsFeature } from './features/official-accounts/official-accounts.feature.ts';
import { openPlatformFeature } from './features/open-platform/open-platform.feature.ts';
import { qrcodesFeature } from './features/qrcodes/qrcodes.feature.ts';
import { rateLimitsService } from './features/rate-limits/rate-limits.service.ts';
import { rateLimitsStore } from './features/rate-limits/rate-limits.store.ts';
import { settingsService } from './features/settings/settings.service.ts';
import { settingsStore } from './features/settings/settings.store.ts';
import { tokenTags } from './features/tokens/token-tags.ts';
import { tokensService } from './features/tokens/tokens.service.ts';
import { tokensStore } from './features/tokens/tokens.store.ts';
import { visitStatusService } from './features/visit-status/visit-status.service.ts';
import { visitStatusStore } from './features/visit-status/visit-status.store.ts';
import { healthReport } from './health.ts';
import { inFlight } from './in-flight.ts';
import { wireInvalidation } from './invalidation.ts';
import { sealer } from './security/seal.ts';
import { sha256hex } from './security/secrets.ts';
import type { Store } from './store/database.ts';

export interface ContextOptions {
  config: Config;
  store: Store;
  secretKey: string;
  verifier?: IdentityVerifier;
  clock?: () => number;
  /** How nodes tell each other what changed; defaults to the store's (LISTEN/NOTIFY on PostgreSQL). */
  notices?: Notices;
  /** How often counted API calls are written, in ms (default 1000; 0: only at flush and close). */
  callFlushMs?: number;
  /** Content-addressed files (code packages, icons, documents); defaults to the one `config.blobUrl` names. */
  blobs?: BlobStore;
  /** The delivery engine's tuning (inline limit, worker batch size and budget); defaults otherwise. */
  delivery?: Parameters<typeof fanoutFeature>[0]['options'];
  /** Where account emails (activation links) go; defaults to `config.smtp`, or the server's log without one. */
  mailer?: Mailer;
}

/** Wires stores into services. The only place that knows every feature. */
export function createContext(options: ContextOptions) {
  const { store, config } = options;
  const clock = options.clock ?? Date.now;
  const db = store.db;
  const settings = settingsService(settingsStore(db), clock);
  const accountQueries = accountsStore(db);
  const accounts = accountsService(accountQueries, clock, {
    settings,
    mailer: options.mailer ?? mailerFor(config.smtp),
  });
  const rateLimits = rateLimitsService(rateLimitsStore(db), settings, clock);
  const identity = identityService(
    identityStore(db, store.dialect),
    options.verifier ?? builtinVerifier,
    clock,
  );
  const categories = categoriesService(categoriesStore(db));
  const notices =
    options.notices ?? clusterNotices(store, (error) => console.error('cluster notice:', error));
  const tokens = tokensService(
    tokensStore(db, store.dialect),
    settings,
    sealer(options.secretKey),
    tokenTags(options.secretKey),
    clock,
    {
      notices,
      flushMs: options.callFlushMs,
    },
  );
  const blobs = options.blobs ?? openBlobStore(config, store, clock);
  const miniProgramQueries = miniProgramsStore(db, store.dialect);
  const miniPrograms = miniProgramsService({
    store: miniProgramQueries,
    blobs,
    identity,
    categories,
    settings,
    accounts,
    userstrKey: sha256hex(`wharf-tester-userstr:${options.secretKey}`),
    revokeTokens: (appid) => tokens.revokeAll(appid),
    clock,
  });
  const codeQueries = codeStore(db, store.dialect);
  const access = codeAccess(codeQueries, miniProgramQueries);
  const audits = auditsService({ store: codeQueries, access, categories, settings, clock });
  const clientTesters = testersStore(db, store.dialect);
  const endUserQueries = endUsersStore(db);
  const gray = grayReleaseService({ store: codeQueries, access, audits, clock });
  const visitStatus = visitStatusService({ store: visitStatusStore(db), clock });
  const code = {
    packages: codeService({ store: codeQueries, access, blobs, settings, runtime: runtimeBuild, clock }),
    audits,
    gray,
    testers: testersService({
      access,
      members: miniPrograms,
      store: miniProgramQueries,
      clientTesters,
      endUserByUsername: (username) => endUserQueries.byUsername(username),
      settings,
      clock,
    }),
    serving: servingService({
      store: codeQueries,
      access,
      blobs,
      grantKey: sha256hex(`wharf-package-grants:${options.secretKey}`),
      roleOf: async (userId) => (await accountQueries.findUserById(userId))?.role,
      releaseFor: gray.versionFor,
      isClientTester: (app, endUserId) => clientTesters.isTester(app.id, endUserId),
      assertInService: (app) => visitStatus.assertInService(app.id),
      clock,
    }),
    runtime: runtimeBuild,
    access,
    status: launchStatusService({
      store: codeQueries,
      access,
      isClientTester: (app, endUserId) => clientTesters.isTester(app.id, endUserId),
      assertInService: (app) => visitStatus.assertInService(app.id),
    }),
  };
  const events = eventsStore(db);
  const endUsers = endUsersService(endUserQueries, clock);
  const officialAccounts = officialAccountsFeature({
    db,
    dialect: store.dialect,
    identity,
    settings,
    endUsers,
    openidKey: sha256hex(`wharf-openids:${options.secretKey}`),
    revokeTokens: (appid) => tokens.revokeAll(appid),
    // Declared below; called only once requests flow.
    eventsAppended: () => push.kick(),
    unionids: (appid, userIds) => openPlatform.accounts.unionidsFor(appid, userIds),
    clock,
  });
  const oaMenus = oaMenusFeature({
    db,
    dialect: store.dialect,
    accounts: officialAccounts.accounts,
    settings,
    checkTarget: (accountId, appid, pagepath) =>
      officialAccounts.links.checkTarget(accountId, appid, pagepath),
    eventsAppended: () => push.kick(),
    menusChanged: (accountId) => notices.publish('menus', accountId),
    clock,
  });
  const qrcodes = qrcodesFeature({ db, dialect: store.dialect, blobs, settings, notices, clock });
  const push = pushService({
    store: pushStore(db, store.dialect),
    settings,
    sealer: sealer(options.secretKey),
    clock,
    allowPrivateNetwork: config.allowPrivateNetwork,
  });
  const cached = wireInvalidation(notices, {
    miniPrograms,
    categories,
    packages: code.packages,
    audits: code.audits,
    oaMenus,
  });
  const work = inFlight();
  const delivery = fanoutFeature({ db, dialect: store.dialect, notices, clock, options: options.delivery });
  wireLinkNotices(officialAccounts.links, delivery);
  const inbox = inboxService({ store: inboxStore(db), notices });
  const oaMessages = oaMessagesFeature({
    db,
    dialect: store.dialect,
    accounts: officialAccounts.accounts,
    links: officialAccounts.links,
    push,
    delivery,
    menus: oaMenus,
    blobs,
    settings,
    clock,
  });
  const oaTemplates = oaTemplatesService({
    store: oaTemplatesStore(db, store.dialect),
    accounts: officialAccounts.accounts,
    links: officialAccounts.links,
    delivery,
    push,
    settings,
    clock,
  });
  const openPlatform = openPlatformFeature({
    db,
    dialect: store.dialect,
    identity,
    settings,
    unionidKey: sha256hex(`wharf-unionids:${options.secretKey}`),
    clock,
  });
  const mpLogin = mpLoginService({
    store: mpLoginStore(db),
    endUsers,
    rateLimits,
    settings,
    sealer: sealer(options.secretKey),
    openidKey: sha256hex(`wharf-openids:${options.secretKey}`),
    unionidFor: (appid, userId) => openPlatform.accounts.unionidFor(appid, userId),
    clock,
  });
  const chats = chatsService({
    db,
    delivery,
    blobs,
    settings,
    openGIdKey: sha256hex(`wharf-opengid:${options.secretKey}`),
    sameOpenAccount: (a, b) => openPlatform.accounts.sameOpenAccount(a, b),
    clock,
  });
  const mpMessages = mpMessagesFeature({
    db,
    // The same key as official accounts' openids: `openidFor(key, appid, endUserId)` for every app.
    openidKey: sha256hex(`wharf-openids:${options.secretKey}`),
    code: codeQueries,
    push,
    delivery,
    blobs,
    // The mini program's users, filled at wx.login.
    mpUserByOpenid: async (appid, openid) => (await mpLogin.byOpenid(appid, openid))?.endUserId,
    clock,
  });
  return {
    notices,
    work,
    /** Before closing the store: waits for requests' work, writes counted calls, stops listening. */
    async close() {
      await push.stop();
      await work.idle();
      await delivery.worker.stop();
      inbox.closeAll();
      inbox.stop();
      await tokens.close();
      await notices.close();
    },
    config,
    store,
    clock,
    settings,
    accounts,
    rateLimits,
    identity,
    categories,
    tokens,
    miniPrograms,
    blobs,
    health: () => healthReport(store, blobs, options.secretKey),
    code,
    events,
    qrcodes,
    endUsers,
    officialAccounts,
    oaMessages,
    delivery,
    push,
    oaMenus,
    inbox,
    oaTemplates,
    openPlatform,
    mpLogin,
    chats,
    mpMessages,
    visitStatus,
    /** Rarely changing reads kept in memory (invalidation.ts), for the hot path's handlers. */
    cached,
  };
}

export type Context = ReturnType<typeof createContext>;
