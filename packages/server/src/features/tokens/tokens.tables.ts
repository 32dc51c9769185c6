export type TokenKind = 'token' | 'stable';

export interface TokenTables {
  access_tokens: {
    token_hash: string;
    appid: string;
    kind: TokenKind;
    issued_at: number;
    expires_at: number;
    /** Set when a newer token of the same kind replaced it; it stays valid 5 minutes after. */
    replaced_at: number | null;
    /** The token itself, sealed with the server key, for stable tokens that are answered again. */
    sealed: string | null;
    /** 1 when the token carries its MAC (token-tags.ts); 0 for tokens minted before tags. */
    tagged: number;
  };
  /** Calls per app, per API, per day (UTC date), for WeChat's daily quotas. */
  api_calls: {
    appid: string;
    api: string;
    day: string;
    count: number;
  };
}
