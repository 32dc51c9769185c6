/** End users of the client who test a mini program's trial version (`/wxa/bind_tester` naming a client username). */
export interface TesterTables {
  mp_end_user_testers: {
    app_id: string;
    end_user_id: string;
    /** The opaque per-app id `/wxa/bind_tester` answered with and `get_experiencer` lists. */
    userstr: string;
    created_at: number;
  };
}
