export interface EventTables {
  /**
   * Things that happened to an app that its developer's server hears about (WeChat pushes).
   * Features append rows in the transaction that made the change; the push engine delivers
   * undelivered rows in order and sets `delivered_at`.
   */
  app_events: {
    id: string;
    appid: string;
    /** WeChat's Event name, e.g. `weapp_audit_success`. */
    type: string;
    /** JSON object with WeChat's push field names (ToUserName, CreateTime, Event, …). */
    payload: string;
    created_at: number;
    delivered_at: number | null;
  };
}
