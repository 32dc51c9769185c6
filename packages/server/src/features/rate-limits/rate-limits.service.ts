import type { ErrorCode } from '../../errors/catalogue.ts';
import { WharfError } from '../../errors/wharf-error.ts';
import { sha256hex } from '../../security/secrets.ts';
import type { SettingKey, SettingValue } from '../settings/settings.defaults.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import type { RateLimitsStore } from './rate-limits.store.ts';

type NumberSetting = { [K in SettingKey]: SettingValue<K> extends number ? K : never }[SettingKey];

interface Rule {
  /** Window length, in seconds. */
  window: NumberSetting;
  /** Attempts allowed per account, app or other subject in a window; 0 turns the check off. */
  subject?: NumberSetting;
  /** Attempts allowed per caller IP in a window; 0 turns the check off. */
  ip: NumberSetting;
  /**
   * Which refusal is a failed guess. Attempts count before the work runs (so callers racing in
   * parallel cannot all slip past the check); any other outcome gives its count back.
   * Without this, every admitted attempt counts.
   */
  failedWith?: ErrorCode;
}

const rules = {
  signIn: {
    window: 'limits.signIn.windowSeconds',
    subject: 'limits.signIn.failuresPerAccount',
    ip: 'limits.signIn.failuresPerIp',
    failedWith: 'invalid_credentials',
  },
  signUp: { window: 'limits.signUp.windowSeconds', ip: 'limits.signUp.perIp' },
  // The client's end users: the same limits as developers', counted apart.
  clientSignIn: {
    window: 'limits.signIn.windowSeconds',
    subject: 'limits.signIn.failuresPerAccount',
    ip: 'limits.signIn.failuresPerIp',
    failedWith: 'client_invalid_credentials',
  },
  clientSignUp: { window: 'limits.signUp.windowSeconds', ip: 'limits.signUp.perIp' },
  // `/cgi-bin/token` and `/cgi-bin/stable_token` share one count: alternating must not double it.
  appSecret: {
    window: 'limits.appSecret.windowSeconds',
    subject: 'limits.appSecret.failuresPerApp',
    ip: 'limits.appSecret.failuresPerIp',
    failedWith: 'wx_invalid_secret',
  },
  // Mobile apps' servers (features/open-platform): the same limits as AppSecrets, counted apart.
  mobileAppSecret: {
    window: 'limits.appSecret.windowSeconds',
    subject: 'limits.appSecret.failuresPerApp',
    ip: 'limits.appSecret.failuresPerIp',
    failedWith: 'mobile_app_unauthenticated',
  },
  uploadKey: {
    window: 'limits.uploadKey.windowSeconds',
    subject: 'limits.uploadKey.failuresPerApp',
    ip: 'limits.uploadKey.failuresPerIp',
    failedWith: 'upload_key_invalid',
  },
  // WeChat's 5 calls a second per app on `/cgi-bin/wxopen/qrcodejump*` (44990): every call counts.
  qrcodeJump: {
    window: 'limits.qrcodeJump.windowSeconds',
    subject: 'limits.qrcodeJump.perApp',
    ip: 'limits.qrcodeJump.perIp',
  },
  // `/sns/jscode2session`: every redemption counts per user (WeChat's 100 a minute); codes that
  // redeem nothing count per app and IP; `wx.login` codes asked for count per user.
  codeToSession: {
    window: 'limits.codeToSession.windowSeconds',
    subject: 'limits.codeToSession.perUser',
    ip: 'limits.codeToSession.perIp',
  },
  loginCode: {
    window: 'limits.loginCode.windowSeconds',
    subject: 'limits.loginCode.failuresPerApp',
    ip: 'limits.loginCode.failuresPerIp',
    failedWith: 'mp_invalid_code',
  },
  wxLogin: {
    window: 'limits.wxLogin.windowSeconds',
    subject: 'limits.wxLogin.perUser',
    ip: 'limits.wxLogin.perIp',
  },
  // Starting chats by username: unknown names are guesses at who has an account.
  chatLookup: {
    window: 'limits.chatLookup.windowSeconds',
    subject: 'limits.chatLookup.failuresPerUser',
    ip: 'limits.chatLookup.failuresPerIp',
    failedWith: 'chat_user_not_found',
  },
  // Activation links carry 32 random bytes; guessing one is still counted as a guess.
  activation: {
    window: 'limits.signIn.windowSeconds',
    ip: 'limits.signIn.failuresPerIp',
    failedWith: 'activation_invalid',
  },
  shareTicket: {
    window: 'limits.shareTicket.windowSeconds',
    subject: 'limits.shareTicket.failuresPerUser',
    ip: 'limits.shareTicket.failuresPerIp',
    failedWith: 'chat_share_ticket_invalid',
  },
  // Each invitation mails someone who did not ask for it: every one counts, per inviter and IP.
  invitations: {
    window: 'limits.invitations.windowSeconds',
    subject: 'limits.invitations.perAccount',
    ip: 'limits.invitations.perIp',
  },
} satisfies Record<string, Rule>;

export type RateRule = keyof typeof rules;

export interface AttemptScope {
  /** The account (normalised email), appid or other thing being guessed at, when known. */
  subject?: string;
  ip: string;
}

// Expired rows are useless; each node sweeps them now and then rather than on every attempt.
const PRUNE_EVERY = 200;

export function rateLimitsService(
  store: RateLimitsStore,
  settings: SettingsService,
  clock: () => number = Date.now,
) {
  let sincePrune = 0;

  async function counters(rule: RateRule, scope: AttemptScope) {
    const spec: Rule = rules[rule];
    const windowSeconds = await settings.get(spec.window);
    if (!(windowSeconds > 0)) return { windowMs: 0, keys: [] };
    const keys: Array<{ key: string; limit: number }> = [];
    const ipLimit = await settings.get(spec.ip);
    if (ipLimit > 0) keys.push({ key: sha256hex(`${rule}\0ip\0${scope.ip}`), limit: ipLimit });
    if (spec.subject && scope.subject !== undefined && scope.subject !== '') {
      const subjectLimit = await settings.get(spec.subject);
      if (subjectLimit > 0)
        keys.push({ key: sha256hex(`${rule}\0subject\0${scope.subject}`), limit: subjectLimit });
    }
    return { windowMs: windowSeconds * 1000, keys };
  }

  return {
    /**
     * Runs `work` (a credential check, a sign-up) unless the scope is locked out for the rule.
     * A locked-out scope is refused even with the right credential, until its window passes:
     * `too_many_attempts`, with `retryAfter` in seconds.
     */
    async attempt<T>(rule: RateRule, scope: AttemptScope, work: () => Promise<T>): Promise<T> {
      const { windowMs, keys } = await counters(rule, scope);
      if (keys.length === 0) return work();
      const now = clock();
      if (++sincePrune >= PRUNE_EVERY) {
        sincePrune = 0;
        await store.prune(now);
      }
      const counted = await Promise.all(
        keys.map(async ({ key, limit }) => ({ key, limit, ...(await store.hit(key, now, windowMs)) })),
      );
      const giveBack = () => Promise.all(counted.map((c) => store.unhit(c.key, c.expiresAt)));
      const over = counted.filter((c) => c.count > c.limit);
      if (over.length > 0) {
        // A refused attempt checked nothing: it must not push the caller's other keys (a shared
        // office IP, say) towards their own limits.
        await giveBack();
        const until = Math.max(...over.map((c) => c.expiresAt));
        throw new WharfError('too_many_attempts', {
          retryAfter: Math.max(1, Math.ceil((until - now) / 1000)),
        });
      }
      const failedWith: ErrorCode | undefined = (rules[rule] as Rule).failedWith;
      if (!failedWith) return work();
      let result: T;
      try {
        result = await work();
      } catch (error) {
        if (!(error instanceof WharfError && error.code === failedWith)) await giveBack();
        throw error;
      }
      await giveBack();
      return result;
    },
  };
}

export type RateLimitsService = ReturnType<typeof rateLimitsService>;
