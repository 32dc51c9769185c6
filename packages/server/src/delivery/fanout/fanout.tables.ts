/** What a message is, as the lead's features name it; the engine stores any of them alike. */
export type MessageKind =
  | 'link_notice'
  | 'template'
  | 'broadcast'
  | 'custom'
  | 'reply'
  | 'text'
  | 'chat'
  // A mini program's template / subscription message (service notifications), its customer-service reply.
  | 'mp_template'
  | 'mp_subscribe'
  | 'mp_custom';

export type DeliveryJobState = 'planning' | 'running' | 'done';
export type DeliveryJobSource = 'followers' | 'tag' | 'users';

export interface DeliveryTables {
  /** One row per message, however many users receive it. */
  messages: {
    id: string;
    /** The official account that sent it (`official_accounts.id`); null for the platform itself. */
    sender_account_id: string | null;
    kind: MessageKind;
    /** JSON object, as the sending feature shaped it. */
    body: string;
    created_at: number;
  };
  /** A user's inbox: one row per (message, recipient); created_at is when the row was written. */
  deliveries: {
    message_id: string;
    user_id: string;
    created_at: number;
  };
  delivery_jobs: {
    id: string;
    message_id: string;
    source: DeliveryJobSource;
    account_id: string | null;
    tag_id: number | null;
    state: DeliveryJobState;
    /** Recipients counted when the ranges were planned; null while planning. */
    planned: number | null;
    /** Rows written, set when the job is done (while running: the sum over done ranges). */
    delivered: number;
    ranges_total: number;
    created_at: number;
    updated_at: number;
    finished_at: number | null;
  };
  /** Slices of a job's audience by user id: lo exclusive ('' = from the start), hi inclusive (null = no end). */
  delivery_ranges: {
    job_id: string;
    id: number;
    lo: string;
    hi: string | null;
    /** 0 open, 1 written (SQLite has no boolean; the same integer on both databases). */
    done: number;
    rows: number;
  };
  delivery_targets: {
    job_id: string;
    user_id: string;
  };
}
