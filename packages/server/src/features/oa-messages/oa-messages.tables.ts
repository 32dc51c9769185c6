export type UserMessageType = 'text' | 'image' | 'location';
/** A customer-service window: 48 h / 5 messages after a user's message, 1 min / 3 after a click, follow or scan. */
export type WindowKind = 'message' | 'event';

export interface OaMessageTables {
  oa_user_messages: {
    id: string;
    account_id: string;
    user_id: string;
    /** WeChat's MsgId: a 64-bit number, kept as text. */
    msg_id: string;
    type: UserMessageType;
    body: string;
    created_at: number;
  };
  oa_service_windows: {
    account_id: string;
    user_id: string;
    kind: WindowKind;
    expires_at: number;
    allowed: number;
    used: number;
  };
  oa_media: {
    id: string;
    account_id: string;
    type: 'image' | 'voice' | 'video' | 'thumb';
    /** sha256 of the bytes in the blob store. */
    blob: string;
    content_type: string;
    size: number;
    created_at: number;
    expires_at: number;
  };
  oa_mass_sends: {
    /** The msg_id answered to the caller. */
    msg_id: string;
    account_id: string;
    message_id: string;
    job_id: string | null;
    client_msg_id: string | null;
    /** JSON: what was asked (all, a tag, an openid list) and the counts filtered. */
    audience: string;
    created_at: number;
  };
}
