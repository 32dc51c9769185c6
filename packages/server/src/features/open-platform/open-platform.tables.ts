/** What WeChat binds to an open-platform account. */
export type BoundKind = 'miniprogram' | 'official_account' | 'mobile_app';
export type MobilePlatform = 'ios' | 'android';

export interface OpenPlatformTables {
  open_accounts: {
    id: string;
    /** WeChat's shape: `wx` + 16 hex, like any AppID. */
    open_appid: string;
    subject_id: string;
    owner_user_id: string;
    /** The app whose `/cgi-bin/open/create` made it; null when made in the console (89003 for the API). */
    creator_appid: string | null;
    /** 0 for accounts made through the API, which WeChat leaves unverified (5 mini programs at most). */
    verified: number;
    created_at: number;
  };
  /** One open-platform account per app: the appid is the key. */
  open_bindings: {
    appid: string;
    open_account_id: string;
    kind: BoundKind;
    bound_at: number;
  };
  mobile_apps: {
    id: string;
    appid: string;
    open_account_id: string;
    subject_id: string;
    owner_user_id: string;
    name: string;
    platform: MobilePlatform;
    /** Android package name or iOS bundle id. */
    bundle_id: string;
    /** Android: the MD5 of the signing certificate, 32 hex; null for iOS. */
    signature: string | null;
    secret_hash: string;
    created_at: number;
    updated_at: number;
  };
}
