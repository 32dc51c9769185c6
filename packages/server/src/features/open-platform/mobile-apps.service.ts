import { timingSafeEqual } from 'node:crypto';
import { WharfError } from '../../errors/wharf-error.ts';
import { newId, sha256hex } from '../../security/secrets.ts';
import { isAppid, newAppid, newAppSecret } from '../miniprograms/app-ids.ts';
import type { OpenPlatformService } from './open-platform.service.ts';
import type { MobileAppRow, OpenPlatformStore } from './open-platform.store.ts';
import type { MobilePlatform } from './open-platform.tables.ts';

export interface MobileAppView {
  appid: string;
  name: string;
  platform: MobilePlatform;
  bundleId: string;
  signature: string | null;
  openAppid: string;
  createdAt: number;
}

/** Who a request authenticated as a mobile app is (set by `mobileAppGuard`). */
export interface MobileAppCaller {
  id: string;
  appid: string;
  name: string;
  ownerUserId: string;
  subjectId: string;
}

export interface NewMobileApp {
  name: string;
  platform: MobilePlatform;
  bundleId: string;
  signature?: string;
}

// An Android package name (WeChat checks it against the app that calls the SDK) or an iOS bundle id.
const ANDROID_PACKAGE = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+$/;
const IOS_BUNDLE = /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;
/** WeChat's app signature: the MD5 of the signing certificate, 32 hex, lower case. */
const SIGNATURE = /^[0-9a-f]{32}$/;

function checkShape(input: NewMobileApp): { bundleId: string; signature: string | null } {
  const bundleId = input.bundleId.trim();
  if (input.platform === 'android') {
    if (!ANDROID_PACKAGE.test(bundleId)) {
      throw new WharfError('validation_failed', { field: 'bundleId', reason: 'not an Android package name' });
    }
    const signature = input.signature?.trim().toLowerCase() ?? '';
    if (!SIGNATURE.test(signature)) {
      throw new WharfError('validation_failed', {
        field: 'signature',
        reason: 'an Android app needs its signature: the MD5 of its signing certificate, 32 hex',
      });
    }
    return { bundleId, signature };
  }
  if (!IOS_BUNDLE.test(bundleId)) {
    throw new WharfError('validation_failed', { field: 'bundleId', reason: 'not an iOS bundle id' });
  }
  if (input.signature !== undefined) {
    throw new WharfError('validation_failed', { field: 'signature', reason: 'iOS apps have no signature' });
  }
  return { bundleId, signature: null };
}

/** Mobile apps registered on an open-platform account, and their server-to-server credentials. */
export function mobileAppsService(deps: {
  store: OpenPlatformStore;
  openPlatform: OpenPlatformService;
  clock: () => number;
}) {
  const { store, openPlatform, clock } = deps;

  async function view(row: MobileAppRow): Promise<MobileAppView> {
    const account = await store.accountById(row.open_account_id);
    return {
      appid: row.appid,
      name: row.name,
      platform: row.platform,
      bundleId: row.bundle_id,
      signature: row.signature,
      openAppid: account?.open_appid ?? '',
      createdAt: row.created_at,
    };
  }

  async function owned(userId: string, appid: string): Promise<MobileAppRow> {
    const row = await store.mobileApp(appid);
    if (!row || row.owner_user_id !== userId) throw new WharfError('not_found', { what: 'mobile app' });
    return row;
  }

  return {
    view,

    /** Registers an app on the account (bound to it at once); the AppSecret is answered once. */
    async register(
      userId: string,
      openAppid: string,
      input: NewMobileApp,
      ids?: { appid: string; secret: string },
    ): Promise<{ app: MobileAppView; secret: string }> {
      const account = await openPlatform.owned(userId, openAppid);
      const name = input.name.trim();
      if (!name) throw new WharfError('validation_failed', { field: 'name', reason: 'required' });
      const shape = checkShape(input);
      const secret = ids?.secret ?? newAppSecret();
      const now = clock();
      const row: MobileAppRow = {
        id: newId('mob'),
        appid: ids?.appid ?? newAppid(),
        open_account_id: account.id,
        subject_id: account.subject_id,
        owner_user_id: account.owner_user_id,
        name,
        platform: input.platform,
        bundle_id: shape.bundleId,
        signature: shape.signature,
        secret_hash: sha256hex(secret),
        created_at: now,
        updated_at: now,
      };
      const limits = await openPlatform.caps();
      await store.transaction(async (tx) => {
        await tx.lockAccount(account.id);
        await openPlatform.checkCaps(tx, account, 'mobile_app', limits);
        await tx.insertMobileApp(row);
        await tx.bind({ appid: row.appid, open_account_id: account.id, kind: 'mobile_app', bound_at: now });
      });
      return { app: await view(row), secret };
    },

    async get(userId: string, appid: string): Promise<MobileAppView> {
      return view(await owned(userId, appid));
    },

    async listOf(userId: string, openAppid: string): Promise<MobileAppView[]> {
      const account = await openPlatform.owned(userId, openAppid);
      return Promise.all((await store.mobileAppsOf(account.id)).map(view));
    },

    /** A new AppSecret, answered once; the old one stops working at once. */
    async resetSecret(userId: string, appid: string, secret = newAppSecret()): Promise<string> {
      const row = await owned(userId, appid);
      await store.updateMobileApp(row.id, { secret_hash: sha256hex(secret), updated_at: clock() });
      return secret;
    },

    /** The app behind a pair of credentials; `mobile_app_unauthenticated` for any mismatch. */
    async authenticate(appid: string, secret: string): Promise<MobileAppCaller> {
      const row = isAppid(appid) ? await store.mobileApp(appid) : undefined;
      const given = Buffer.from(sha256hex(secret), 'hex');
      // An unknown appid costs the same comparison as a known one.
      const expected = Buffer.from(row?.secret_hash ?? sha256hex(`no app ${appid}`), 'hex');
      if (!row || !timingSafeEqual(given, expected)) throw new WharfError('mobile_app_unauthenticated');
      return {
        id: row.id,
        appid: row.appid,
        name: row.name,
        ownerUserId: row.owner_user_id,
        subjectId: row.subject_id,
      };
    },
  };
}

export type MobileAppsService = ReturnType<typeof mobileAppsService>;
