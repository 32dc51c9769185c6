/** WeChat's `wxamplinkget` statuses. */
export const LinkStatus = {
  linked: 1,
  awaitingMiniProgram: 2,
  refused: 3,
  awaitingAccount: 12,
} as const;
export type LinkStatus = (typeof LinkStatus)[keyof typeof LinkStatus];

export interface LinkTables {
  oa_links: {
    account_id: string;
    app_id: string;
    status: LinkStatus;
    /** 1 when account and mini program have the same subject (WeChat counts the two kinds apart). */
    same_subject: number;
    notify_users: number;
    show_profile: number;
    unlink_requested: number;
    requested_at: number;
    updated_at: number;
  };
  /** Mini programs an admin banned (a moderation record; linking refuses them with 89013). */
  app_bans: {
    app_id: string;
    reason: string;
    banned_by: string;
    banned_at: number;
  };
  oa_link_history: {
    account_id: string;
    app_id: string;
    requested_at: number;
  };
}
