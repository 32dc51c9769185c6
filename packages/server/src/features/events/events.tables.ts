/** pending: waits for the push worker; delivered: the developer server took it; failed: given up; skipped: happened before the app had a server. */
export type AppEventState = 'pending' | 'delivered' | 'failed' | 'skipped';

export interface EventTables {
  /**
   * Things that happened to an app that its developer's server hears about (WeChat pushes).
   * Features append rows in the transaction that made the change; the push engine
   * (delivery/push) delivers pending rows in order per app and sets `delivered_at`.
   */
  app_events: {
    id: string;
    appid: string;
    /** WeChat's Event name (e.g. `weapp_audit_success`), or the MsgType of a user's message. */
    type: string;
    /** JSON object with WeChat's push field names (ToUserName, CreateTime, Event, …), in order. */
    payload: string;
    created_at: number;
    delivered_at: number | null;
    state: AppEventState;
    /** Attempts made by the worker (replays not counted). */
    attempts: number;
    /** Not tried again before this time (backoff). */
    next_attempt_at: number;
    /** The node delivering it, until `claimed_until` (a lease: a node that dies lets go). */
    claimed_by: string | null;
    claimed_until: number | null;
    /** The user the push is about (`openid` on the push URL), when there is one. */
    openid: string | null;
  };
}
