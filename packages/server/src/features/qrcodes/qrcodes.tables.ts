export type QrCodeKind = 'wxacode' | 'unlimit' | 'square';
export type EnvVersion = 'release' | 'trial' | 'develop';

export interface QrCodeTables {
  /**
   * One row per distinct mini program code: what scanning it opens. `id` is derived from the
   * content (app, kind, version, page, query, scene), so the same request gives the same code.
   */
  qr_codes: {
    id: string;
    app_id: string;
    kind: QrCodeKind;
    env_version: EnvVersion;
    page: string;
    /** The page query written in a `getwxacode` path, as text (`a=1&b=2`). */
    query: string;
    scene: string;
    /** 1 when the code counts toward the lifetime cap (getwxacode, createwxaqrcode). */
    counted: number;
    created_at: number;
  };
  /** A rendered image of a code (width, colours, transparency) in the blob store. */
  qr_code_images: {
    render_key: string;
    code_id: string;
    blob_hash: string;
    created_at: number;
  };
  /** Ordinary-link rules (`qrcodejump*`). `site` + `rest` is the prefix, unique across apps. */
  qr_jump_rules: {
    id: string;
    app_id: string;
    /** `scheme://host[:port]`, host lowercased. */
    site: string;
    /** Path and query of the prefix as written. */
    rest: string;
    /** The prefix as the developer wrote it, echoed by `qrcodejumpget`. */
    prefix: string;
    permit_sub_rule: number;
    path: string;
    open_version: number;
    /** JSON array of up to five links. */
    debug_urls: string;
    /** 1 unpublished, 2 published (WeChat's `state`). */
    state: number;
    created_at: number;
    updated_at: number;
  };
  /** Per app: its verification file and its publishes this month. */
  qr_jump_apps: {
    app_id: string;
    file_name: string;
    file_content: string;
    /** `YYYY-MM` (UTC) the count belongs to. */
    publish_month: string;
    publishes: number;
  };
  /** One row (id 1): bumped with every rule change, so other nodes notice and reload. */
  qr_rules_version: {
    id: number;
    version: number;
  };
}
