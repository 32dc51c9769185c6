/** Operator settings and their defaults. Admins change them through the native API. */
export const settingDefaults = {
  /** Mini programs one person may hold, counted across ID number and platform account. */
  'quota.individualMiniPrograms': 5,
  /** Mini programs one organisation (credit code) may hold. */
  'quota.organisationMiniPrograms': 50,
  /** Official accounts one person (ID number) may hold; WeChat allows an individual 2. */
  'quota.individualOfficialAccounts': 2,
  'quota.organisationOfficialAccounts': 50,
  /** WeChat lets individuals run subscription accounts only; true also allows service accounts. */
  'officialAccounts.individualServiceAccounts': false,
  /** Linking mini programs (WeChat's caps as community-reported): per account, per mini program, per month. */
  'links.sameSubjectPerAccount': 10,
  'links.otherSubjectPerAccount': 3,
  'links.accountsPerMiniProgram': 500,
  'links.perMonth': 13,
  /** Links (held or waiting) across every mini program one person administers: past it, 1003. */
  'links.perMiniProgramAdmin': 1000,
  /** Broadcast quota (WeChat: a subscription account 1 a day, a service account 4 a month). */
  'broadcast.subscriptionPerDay': 1,
  'broadcast.servicePerMonth': 4,
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
  /**
   * Guessing limits (counted in the database, so shared by every node). Each window opens at
   * its first counted attempt; past the limit every attempt of that account or IP is refused,
   * the right credential too, until the window ends. A limit of 0 turns that check off.
   * Failures only: wrong passwords, wrong AppSecrets, wrong upload keys.
   */
  'limits.signIn.windowSeconds': 900,
  'limits.signIn.failuresPerAccount': 10,
  'limits.signIn.failuresPerIp': 100,
  /** Shared by `/cgi-bin/token` and `/cgi-bin/stable_token`. */
  'limits.appSecret.windowSeconds': 600,
  'limits.appSecret.failuresPerApp': 20,
  'limits.appSecret.failuresPerIp': 100,
  'limits.uploadKey.windowSeconds': 600,
  'limits.uploadKey.failuresPerApp': 20,
  'limits.uploadKey.failuresPerIp': 100,
  /** Sign-ups per IP in a window, successful or not. */
  'limits.signUp.windowSeconds': 3600,
  'limits.signUp.perIp': 50,
  /** Calls of `/cgi-bin/wxopen/qrcodejump*` per app in a window (WeChat: 5 a second, 44990). */
  'limits.qrcodeJump.windowSeconds': 1,
  'limits.qrcodeJump.perApp': 5,
  'limits.qrcodeJump.perIp': 0,
  /** Mini program codes from getwxacode + createwxaqrcode per app, ever (WeChat: 100,000). */
  'qrcodes.lifetimeCodes': 100_000,
  /** Hosts whose links no rule may claim (85070), separated by commas or spaces; subdomains too. */
  'qrcodes.blockedHosts': '',
  /** Ordinary-link QR rules per mini program (WeChat: 100). */
  'qrcodes.rulesPerApp': 100,
  /** `qrcodejumppublish` calls per app per UTC month (WeChat: 100). */
  'qrcodes.publishesPerMonth': 100,
  /** WeChat refuses QR rules to individual-subject mini programs (85075); an operator may allow them. */
  'qrcodes.rulesForIndividuals': false,
  /**
   * Domain verification fetches refuse loopback, private and link-local addresses, so a rule
   * cannot make the server probe its own network. Turn on only for local testing.
   */
  'qrcodes.verifyPrivateAddresses': false,
  /** The scan resolver refuses images over this many bytes, or over this many pixels. */
  'qrcodes.scanMaxBytes': 4 * 1024 * 1024,
  'qrcodes.scanMaxPixels': 16_000_000,
  /**
   * Pushes to developer servers (and their URL handshakes) refuse loopback, private and
   * link-local addresses unless this is on (the demo and the tests turn it on).
   */
  'push.privateAddresses': false,
  /** WeChat waits 5 s for a developer server, then tries again three times. */
  'push.timeoutMs': 5_000,
  'push.retries': 3,
  /** Backoff before retry n: this × 2^(n-1) ms. */
  'push.retryDelayMs': 2_000,
  /** Conditional menus per official account past which `menu/addconditional` answers 65305 (WeChat gives no number). */
  'officialAccounts.conditionalMenus': 20,
  /** WeChat's daily limits of the conditional-menu APIs. */
  'api.dailyQuota./cgi-bin/menu/addconditional': 2_000,
  'api.dailyQuota./cgi-bin/menu/delconditional': 2_000,
  'api.dailyQuota./cgi-bin/menu/trymatch': 20_000,
  /** The delivery log keeps this many days (pruned by the push worker). */
  'push.logDays': 30,
  /** Template messages one service account may send a day (WeChat: 100,000). */
  'templates.dailyPerAccount': 100_000,
  /** Private templates one account may hold (WeChat: 25). */
  'templates.privatePerAccount': 25,
  /** Apps bound to one open-platform account (WeChat: 100). */
  'openPlatform.bindingsPerAccount': 100,
  /** Mini programs an unverified open-platform account (one made by `/cgi-bin/open/create`) may bind (WeChat: 5). */
  'openPlatform.unverifiedMiniPrograms': 5,
  /** How long a `wx.login` code can be redeemed (WeChat: 5 minutes). */
  'login.codeSeconds': 300,
  /** A session key lives this long; `wx.login` keeps it until then and issues a new one after. */
  'login.sessionKeyHours': 72,
  /** `jscode2session` calls per end user and mini program in a window (WeChat: 100 a minute, then 45011). */
  'limits.codeToSession.windowSeconds': 60,
  'limits.codeToSession.perUser': 100,
  'limits.codeToSession.perIp': 0,
  /** Codes that redeem nothing (40029), per app and per IP. */
  'limits.loginCode.windowSeconds': 600,
  'limits.loginCode.failuresPerApp': 200,
  'limits.loginCode.failuresPerIp': 200,
  /** `wx.login` codes one end user may ask for, per mini program, in a window. */
  'limits.wxLogin.windowSeconds': 60,
  'limits.wxLogin.perUser': 100,
  'limits.wxLogin.perIp': 0,
  /** Members of one group chat, its creator included (WeChat: 500). */
  'chats.groupMembers': 500,
  /** Bytes of images one end user may send in chats per rolling day (each image at most 2 MB). */
  'chats.imageBytesPerDay': 50 * 1024 * 1024,
  /** Unknown usernames one end user may try when starting chats, per window (guessing who exists). */
  'limits.chatLookup.windowSeconds': 600,
  'limits.chatLookup.failuresPerUser': 30,
  'limits.chatLookup.failuresPerIp': 300,
  /** Accounts signed up on the public route sign in only after opening the link mailed to them. */
  'accounts.emailActivation': true,
  /** Mini programs one person may be a developer member of, and a tester of (WeChat: 50 each; 85003). */
  'members.developerAppsPerPerson': 50,
  'members.testerAppsPerPerson': 50,
  /** shareTickets that resolve to nothing (`wx.getShareInfo`), per end user and per IP. */
  'limits.shareTicket.windowSeconds': 600,
  'limits.shareTicket.failuresPerUser': 50,
  'limits.shareTicket.failuresPerIp': 500,
  /** Member invitations (each one mailed) per inviting account and per IP in a window. */
  'limits.invitations.windowSeconds': 3600,
  'limits.invitations.perAccount': 100,
  'limits.invitations.perIp': 300,
} satisfies Record<string, number | string | boolean>;

export type SettingKey = keyof typeof settingDefaults;
export type SettingValue<K extends SettingKey> = (typeof settingDefaults)[K];
