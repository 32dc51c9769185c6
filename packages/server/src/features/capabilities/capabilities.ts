import type { SubjectType } from '../identity/identity.tables.ts';

/**
 * What each kind of subject may use. WeChat's 2017 opening gave individuals everything
 * organisations have except payment, cards/coupons and certification.
 */
export const capabilityTable = {
  messages: { individual: true, organisation: true, offered: true },
  qrcodes: { individual: true, organisation: true, offered: true },
  linking: { individual: true, organisation: true, offered: true },
  code: { individual: true, organisation: true, offered: true },
  followers: { individual: true, organisation: true, offered: true },
  menus: { individual: true, organisation: true, offered: true },
  openPlatform: { individual: true, organisation: true, offered: true },
  login: { individual: true, organisation: true, offered: true },
  payment: { individual: false, organisation: true, offered: false },
  cards: { individual: false, organisation: true, offered: false },
  certification: { individual: false, organisation: true, offered: false },
} as const;

export type Capability = keyof typeof capabilityTable;

export type CapabilityVerdict =
  | { allowed: true }
  | { allowed: false; reason: 'subject'; en: string; zh: string }
  | { allowed: false; reason: 'not_offered'; en: string; zh: string };

const NAMES: Record<Capability, { en: string; zh: string }> = {
  messages: { en: 'messages', zh: '消息' },
  qrcodes: { en: 'QR codes', zh: '二维码' },
  linking: { en: 'account linking', zh: '关联' },
  code: { en: 'code management', zh: '代码管理' },
  followers: { en: 'follower management', zh: '用户管理' },
  menus: { en: 'custom menus', zh: '自定义菜单' },
  openPlatform: { en: 'open-platform accounts', zh: '开放平台帐号' },
  login: { en: 'user login', zh: '用户登录' },
  payment: { en: 'payment', zh: '支付' },
  cards: { en: 'cards and coupons', zh: '卡券' },
  certification: { en: 'certification', zh: '认证' },
};

export function checkCapability(capability: Capability, subjectType: SubjectType): CapabilityVerdict {
  const entry = capabilityTable[capability];
  const name = NAMES[capability];
  const allowed = subjectType === 'individual' ? entry.individual : entry.organisation;
  if (!allowed) {
    return {
      allowed: false,
      reason: 'subject',
      en: `individual mini programs cannot use ${name.en}`,
      zh: `个人主体小程序不能使用${name.zh}能力`,
    };
  }
  if (!entry.offered) {
    return {
      allowed: false,
      reason: 'not_offered',
      en: `this Wharf platform does not offer ${name.en}`,
      zh: `本平台暂不提供${name.zh}能力`,
    };
  }
  return { allowed: true };
}
