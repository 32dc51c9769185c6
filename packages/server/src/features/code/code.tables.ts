/** WeChat's audit status values (`/wxa/get_auditstatus`). */
export const AuditStatus = { passed: 0, rejected: 1, auditing: 2, withdrawn: 3, delayed: 4 } as const;
export type AuditStatusValue = (typeof AuditStatus)[keyof typeof AuditStatus];

/** WeChat's phased-release plan status (`/wxa/getgrayreleaseplan`); 0 means no plan yet. */
export const GrayStatus = { initial: 0, running: 1, paused: 2, completed: 3, deleted: 4 } as const;
export type GrayStatusValue = (typeof GrayStatus)[keyof typeof GrayStatus];

export type CodeFileKind = 'source' | 'built';
export type ReleaseKind = 'release' | 'revert';

export interface CodeTables {
  /** Per-app keys for `wharf upload`, like WeChat's code-upload key; stored as sha256 only. */
  upload_keys: {
    id: string;
    app_id: string;
    key_hash: string;
    label: string;
    /** JSON array of IPs / CIDRs allowed to upload with this key; empty = any. */
    ip_allowlist: string;
    created_by: string;
    created_at: number;
    last_used_at: number | null;
  };
  code_slots: {
    app_id: string;
    next_seq: number;
    trial_version_id: string | null;
    released_version_id: string | null;
    /** The release before the current one: what `/wxa/revertcoderelease` goes back to. */
    previous_version_id: string | null;
    /** 1 after a revert, until the next release: WeChat allows one step back. */
    reverted: number;
    /** Bumped by every change of trial, audit or release state: a stale console tab is refused. */
    revision: number;
  };
  code_versions: {
    id: string;
    app_id: string;
    seq: number;
    user_version: string;
    user_desc: string;
    /** Who uploaded: `user:<id>` or `key:<id>`. */
    uploader: string;
    /** sha256 over the sorted source file list (path + sha256): same content, same hash. */
    source_hash: string;
    /** sha256 over the sorted built file list: the immutable segment of the serving URL. */
    built_hash: string;
    /** JSON: pages, subpackages, entry page, window, tabBar, navigate-to-mini-program facts. */
    manifest: string;
    /** JSON array of build diagnostics (WXML errors the runtime will show on the page). */
    diagnostics: string;
    total_bytes: number;
    created_at: number;
  };
  code_files: {
    version_id: string;
    kind: CodeFileKind;
    path: string;
    sha256: string;
    bytes: number;
  };
  code_audits: {
    auditid: number;
    app_id: string;
    /** Per-app order, assigned under the app's slot lock. */
    seq: number;
    version_id: string;
    status: AuditStatusValue;
    in_flight: string | null;
    /** JSON: the submitted item_list with WeChat's field names. */
    item_list: string;
    feedback_info: string | null;
    version_desc: string | null;
    reason: string | null;
    /** JSON array of `{address, reason}` when a reviewer rejected items one by one. */
    item_reasons: string | null;
    reviewer_user_id: string | null;
    /** sha256 (blob) of the reviewer's screenshot of a rejected audit. */
    screenshot: string | null;
    submitted_at: number;
    decided_at: number | null;
    released_at: number | null;
  };
  /** The release history: each release and each revert, newest last. */
  code_releases: {
    id: string;
    app_id: string;
    seq: number;
    version_id: string;
    kind: ReleaseKind;
    auditid: number | null;
    created_at: number;
  };
  /** Phased releases: a passed version served to a share of users, the previous release to the rest. */
  code_gray_plans: {
    id: string;
    app_id: string;
    seq: number;
    version_id: string;
    /** The release the other users keep, and get back if the plan is reverted. */
    base_version_id: string;
    auditid: number;
    gray_percentage: number;
    support_debuger_first: number;
    support_experiencer_first: number;
    status: GrayStatusValue;
    /** app_id while running, else null (unique: one running plan per app). */
    running: string | null;
    created_at: number;
    updated_at: number;
  };
}
