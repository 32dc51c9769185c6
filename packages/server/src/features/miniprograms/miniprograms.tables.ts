export type MiniProgramStatus = 'registered' | 'details_complete' | 'developing' | 'reviewing' | 'released';
export type MemberRole = 'developer' | 'tester';

export interface MiniProgramTables {
  mini_programs: {
    id: string;
    appid: string;
    original_id: string;
    owner_user_id: string;
    subject_id: string;
    name: string | null;
    intro: string | null;
    /** sha256 of the icon bytes in the blob store, or the inline data URL for small icons. */
    icon: string | null;
    status: MiniProgramStatus;
    secret_hash: string | null;
    /** JSON array of IPs / CIDRs allowed to fetch tokens; empty = any. */
    ip_allowlist: string;
    /** JSON array of https origins `wx.request` may reach. */
    request_domains: string;
    /** JSON array of https origins `<web-view>` may show (业务域名). */
    webview_domains: string;
    /** JSON arrays of `wx.connectSocket` (wss), `wx.uploadFile` and `wx.downloadFile` origins. */
    socket_domains: string;
    upload_domains: string;
    download_domains: string;
    created_at: number;
    updated_at: number;
  };
  mini_program_categories: {
    app_id: string;
    first_id: number;
    second_id: number;
    /** sha256 (blob) of the qualification document, for categories that need one. */
    qualification: string | null;
  };
  mini_program_members: {
    app_id: string;
    user_id: string;
    role: MemberRole;
    created_at: number;
    /** The opaque tester id `/wxa/bind_tester` answered with; null for members invited natively before it existed. */
    userstr: string | null;
  };
  /** Pending invitations only: accepting, declining or cancelling deletes the row. */
  member_invitations: {
    id: string;
    app_id: string;
    /** What the inviter typed: an email (lower-cased) or a user id. */
    invitee: string;
    role: MemberRole;
    userstr: string;
    invited_by: string;
    created_at: number;
  };
}
