export type ChatKind = 'direct' | 'group';

/** End users' chats (migration 0017). A chat's messages are the delivery engine's `messages`. */
export interface ChatTables {
  chats: {
    id: string;
    kind: ChatKind;
    /** A group's name; '' for a one-to-one chat (each side sees the other's nickname). */
    name: string;
    /** `userA|userB` (sorted) for a one-to-one chat, null for a group. */
    direct_key: string | null;
    created_by: string;
    created_at: number;
    last_message_id: string | null;
    /** When the newest message was sent (the creation time before any): orders the list. */
    last_at: number;
  };
  chat_members: {
    chat_id: string;
    user_id: string;
    joined_at: number;
  };
  chat_messages: {
    chat_id: string;
    message_id: string;
    sender_id: string;
    created_at: number;
  };
  /** A card shared into a group with `withShareTicket`: what `wx.getShareInfo` resolves. */
  chat_share_tickets: {
    ticket: string;
    chat_id: string;
    appid: string;
    message_id: string;
    created_at: number;
  };
  /** Thumbnails of cards in a chat (blob hashes), served to its members only. */
  chat_thumbs: {
    chat_id: string;
    blob: string;
    content_type: string;
  };
  /** Images sent in chats (migration 0029): served to the chat's members; `size` counts against the sender's daily budget. */
  chat_images: {
    message_id: string;
    chat_id: string;
    blob: string;
    content_type: string;
    size: number;
    sender_id: string;
    created_at: number;
  };
}
