/** Where a form_id came from: a `<form report-submit>` (one message) or a payment's prepay_id (three). */
export type FormIdSource = 'form' | 'payment';
/** `subscribe`: a subscription template (`/wxaapi/newtmpl/...`); `template`: a 2017 template (`wxopen/template/...`). */
export type MpTemplateKind = 'subscribe' | 'template';
/** A customer-service window: 48 h / 5 messages after a user's message, 1 min / 2 after entering the conversation. */
export type MpWindowKind = 'message' | 'event';

/**
 * A mini program's own messages: the template and subscription messages it sends into a user's
 * "service notifications", what they need (form_ids, consents, its templates), and its
 * customer-service conversations. Every row keeps the user's openid for this mini program
 * (`openidFor`), so a `touser` resolves to the user it was handed to.
 */
export interface MpMessageTables {
  mp_form_ids: {
    form_id: string;
    app_id: string;
    user_id: string;
    openid: string;
    source: FormIdSource;
    uses_left: number;
    expires_at: number;
    created_at: number;
  };
  /** One row per template answered in a `wx.requestSubscribeMessage`: each accepted one allows one message. */
  mp_subscriptions: {
    id: string;
    app_id: string;
    user_id: string;
    openid: string;
    template_id: string;
    decision: 'accept' | 'reject';
    created_at: number;
    used_at: number | null;
  };
  /** The mini program's templates, copied from the platform's library when added. */
  mp_templates: {
    template_id: string;
    app_id: string;
    kind: MpTemplateKind;
    /** The library title's id (`tid`, or the legacy `id` such as AT0002). */
    tid: string;
    title: string;
    /** `名称:{{thing1.DATA}}` lines, as WeChat shows them. */
    content: string;
    example: string;
    /** JSON `[{key, name, rule}]`, in the order the developer picked. */
    keywords: string;
    /** WeChat's template type: 2 one-time subscription, 3 long-term; 0 for a 2017 template. */
    type: number;
    scene_desc: string;
    created_at: number;
  };
  mp_service_windows: {
    app_id: string;
    user_id: string;
    openid: string;
    kind: MpWindowKind;
    expires_at: number;
    allowed: number;
    used: number;
  };
  /** Both sides of a customer-service conversation. */
  mp_cs_messages: {
    id: string;
    app_id: string;
    user_id: string;
    from: 'user' | 'developer';
    msgtype: string;
    /** JSON: the message's content, as the client renders it. */
    body: string;
    /** WeChat's MsgId of a user's message (text); null for the developer's. */
    msg_id: string | null;
    created_at: number;
  };
  /** The mini program's temporary media (`/cgi-bin/media/upload` with its token): 3 days. */
  mp_media: {
    id: string;
    app_id: string;
    type: 'image' | 'thumb';
    blob: string;
    content_type: string;
    size: number;
    created_at: number;
    expires_at: number;
  };
  /** The platform's subscription / template library that admins edit (`getpubtemplatetitles`, `library/list`). */
  mp_library_titles: {
    tid: number;
    title: string;
    /** 2 one-time subscription, 3 long-term. */
    type: number;
    /** A second-level category id: `getpubtemplatetitles?ids=` filters by the app's categories. */
    category_id: number;
    /** JSON: the title's keywords, `[{kid, name, rule, example}]`. */
    keywords: string;
    updated_at: number;
  };
}
