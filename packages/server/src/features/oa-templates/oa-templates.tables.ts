/** Template messages of service accounts: the platform's library, each account's templates and sends. */
export interface OaTemplateTables {
  /** The platform's template library; `short_id` is what `api_add_template` names (`template_id_short`). */
  oa_template_library: {
    short_id: string;
    title: string;
    /** `industries.ts` id the template belongs to. */
    industry_id: number;
    /** With `{{key.DATA}}` placeholders. */
    content: string;
    example: string;
    updated_at: number;
  };
  /** An account's two industries (`api_set_industry`). */
  oa_industries: {
    account_id: string;
    primary_id: number;
    secondary_id: number;
    updated_at: number;
  };
  /** An account's templates, copied from the library when added (a later library edit does not change them). */
  oa_private_templates: {
    template_id: string;
    account_id: string;
    short_id: string;
    title: string;
    industry_id: number;
    content: string;
    example: string;
    created_at: number;
  };
  /** One row per accepted send: the msgid answered, for `client_msg_id` dedupe and the daily quota. */
  oa_template_sends: {
    msgid: number;
    account_id: string;
    openid: string;
    template_id: string;
    client_msg_id: string | null;
    /** `messages.id` of the stored message. */
    message_id: string;
    /** The TEMPLATESENDJOBFINISH status reported. */
    status: string;
    created_at: number;
  };
}
