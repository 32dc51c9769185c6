/** The client's people: they follow official accounts and open mini programs. */
export interface EndUserTables {
  end_users: {
    id: string;
    username: string;
    password_hash: string;
    nickname: string;
    /** WeChat's numbers: 0 unknown, 1 male, 2 female. */
    sex: number;
    language: string;
    country: string;
    province: string;
    city: string;
    headimgurl: string;
    created_at: number;
  };
  end_user_sessions: {
    token_hash: string;
    user_id: string;
    csrf_token: string;
    created_at: number;
    expires_at: number;
  };
}
