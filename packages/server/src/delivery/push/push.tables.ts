export type PushMode = 'plaintext' | 'compatible' | 'safe';

/** What one attempt to reach a developer server came to. */
export type PushOutcome = 'delivered' | 'timeout' | 'http_error' | 'bad_reply' | 'refused_address';

export interface PushTables {
  /** One developer server per app (official account or mini program), keyed by appid. */
  push_configs: {
    appid: string;
    url: string;
    /** Token and EncodingAESKey sealed with the server key (security/seal.ts): read back to sign. */
    token_sealed: string;
    aes_key_sealed: string | null;
    mode: PushMode;
    updated_by: string;
    created_at: number;
    updated_at: number;
  };
  /** Every attempt, worker or replay: what the app's admin reads. Never the token, key or query. */
  push_log: {
    id: string;
    appid: string;
    event_id: string;
    event_type: string;
    /** 1 for the first try of an event; replays count on. */
    attempt: number;
    replay: number;
    at: number;
    /** The HTTP status when the server answered. */
    status: number | null;
    outcome: PushOutcome;
    duration_ms: number;
    /** Why, in a few words: "HTTP 500", "no answer within 5000 ms", "not XML: …". */
    detail: string;
    /** The start of the (decrypted) reply, for the admin to see what came back. */
    excerpt: string;
  };
}
