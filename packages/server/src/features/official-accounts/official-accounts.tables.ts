/** WeChat's two kinds of official account an individual or organisation may run. */
export type OfficialAccountType = 'subscription' | 'service';

export interface OfficialAccountTables {
  official_accounts: {
    id: string;
    appid: string;
    /** The `gh_…` id pushes carry as ToUserName. */
    original_id: string;
    owner_user_id: string;
    subject_id: string;
    name: string;
    type: OfficialAccountType;
    intro: string;
    secret_hash: string | null;
    /** JSON array of IPs / CIDRs allowed to fetch tokens; empty = any. */
    ip_allowlist: string;
    created_at: number;
    updated_at: number;
  };
  /** One row per (account, end user) that follows it now; unfollowing deletes the row. */
  followers: {
    account_id: string;
    user_id: string;
    openid: string;
    subscribed_at: number;
    subscribe_scene: string;
    remark: string;
  };
  oa_tags: {
    account_id: string;
    id: number;
    name: string;
  };
  follower_tags: {
    account_id: string;
    tag_id: number;
    user_id: string;
  };
}
