export interface MpLoginTables {
  /** A mini program's users: who has logged in to it (wx.login), by the openid it knows them by. */
  mp_users: {
    appid: string;
    end_user_id: string;
    openid: string;
    /** The unionid last reported for them (at login); null while the app is not bound. */
    unionid: string | null;
    /** The current session key, sealed with the server key (it seals the user's open data). */
    session_key: string;
    session_at: number;
    first_seen_at: number;
  };
  /** One-time `wx.login` codes, stored by hash; `used_at` set by the one jscode2session that redeems it. */
  mp_login_codes: {
    code_hash: string;
    appid: string;
    end_user_id: string;
    expires_at: number;
    used_at: number | null;
  };
  /** End users whose mini program logins are refused (WeChat's "high-risk user", 40226). */
  login_blocks: {
    end_user_id: string;
    reason: string;
    blocked_by: string;
    blocked_at: number;
  };
}
