export interface RateLimitTables {
  /** One row per counted key (a rule, a scope and its value, hashed): a fixed window opened by its first attempt. */
  rate_limits: {
    key: string;
    count: number;
    window_start: number;
    expires_at: number;
  };
}
