/** An official account's custom menus: its default menu and the conditional ones. */
export interface OaMenuTables {
  oa_menus: {
    /** WeChat's `menuid`: a new one each time a menu is created, so a client holding an old one is stale. */
    menuid: number;
    account_id: string;
    /** `default` (menu/create; at most one per account) or `conditional` (menu/addconditional). */
    kind: 'default' | 'conditional';
    /** JSON: the validated buttons, WeChat's field names. */
    buttons: string;
    /** JSON: the validated match rule of a conditional menu; null for the default. */
    matchrule: string | null;
    created_at: number;
  };
}
