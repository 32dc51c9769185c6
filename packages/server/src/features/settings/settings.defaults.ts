/** Operator settings and their defaults. Admins change them through the native API. */
export const settingDefaults = {
  /** Mini programs one person may hold, counted across ID number and platform account. */
  'quota.individualMiniPrograms': 5,
  /** Mini programs one organisation (credit code) may hold. */
  'quota.organisationMiniPrograms': 50,
  /** Calls per app, per API, per day, unless the API has its own entry below. */
  'api.dailyQuota': 100_000,
  /** WeChat allows 2,000 `/cgi-bin/token` calls a day. */
  'api.dailyQuota./cgi-bin/token': 2_000,
  'api.dailyQuota./cgi-bin/stable_token': 10_000,
  /** `stable_token` with `force_refresh`: 20 a day, at least 30 s apart, as WeChat. */
  'stableToken.forceRefreshPerDay': 20,
  'stableToken.forceRefreshIntervalSeconds': 30,
  /** Code packages (issue 3 uses these). */
  'code.mainPackageBytes': 2 * 1024 * 1024,
  'code.totalPackageBytes': 20 * 1024 * 1024,
  /** `/wxa/submit_audit` per app in any 7 days (WeChat's open-platform enum: "too many in 7 days"). */
  'code.auditSubmitsPer7Days': 20,
  /** `/wxa/undocodeaudit` per app per UTC day (WeChat documents 1 a day). */
  'code.undoAuditPerDay': 1,
  /** Testers bound with `/wxa/bind_tester` per app. */
  'code.testersPerApp': 100,
} satisfies Record<string, number | string | boolean>;

export type SettingKey = keyof typeof settingDefaults;
export type SettingValue<K extends SettingKey> = (typeof settingDefaults)[K];
