import type { ErrorCode } from '../../errors/catalogue.ts';

/**
 * WeChat's custom-menu rules as pure functions: what a menu may hold (`menu/create`,
 * `menu/addconditional`), what a match rule may say, and whom a conditional menu is for.
 * Field names stay as WeChat spells them: a menu is a document developers already hold.
 */

/** Every button type WeChat defines for custom menus. */
export const BUTTON_TYPES = [
  'click',
  'view',
  'miniprogram',
  'scancode_push',
  'scancode_waitmsg',
  'pic_sysphoto',
  'pic_photo_or_album',
  'pic_weixin',
  'location_select',
  'media_id',
  'view_limited',
  'article_id',
  'article_view_limited',
] as const;
export type ButtonType = (typeof BUTTON_TYPES)[number];

/** Types whose click is pushed to the developer server with the button's `key` (WeChat: "key 必须"). */
export const KEY_TYPES: ReadonlySet<ButtonType> = new Set([
  'click',
  'scancode_push',
  'scancode_waitmsg',
  'pic_sysphoto',
  'pic_photo_or_album',
  'pic_weixin',
  'location_select',
]);

/** A validated button, holding only the fields its type uses. */
export interface MenuButton {
  type?: ButtonType;
  name: string;
  key?: string;
  url?: string;
  appid?: string;
  pagepath?: string;
  media_id?: string;
  article_id?: string;
  /** A parent's buttons (1 to 5); a parent has no type of its own and sends no event. */
  sub_button?: MenuButton[];
}

/** WeChat's limits, in UTF-8 bytes (see docs/decisions.md on how names are counted). */
export const MENU_LIMITS = {
  buttons: 3,
  subButtons: 5,
  nameBytes: 16,
  subNameBytes: 60,
  keyBytes: 128,
  urlBytes: 1024,
} as const;

export interface MenuRefusal {
  code: ErrorCode;
  /** Where in the body, e.g. `button[1].sub_button[0].name`. */
  field: string;
}

export type MenuVerdict = { ok: true; buttons: MenuButton[] } | { ok: false; refusal: MenuRefusal };

/** The codes of one level: WeChat answers a sub-button's fault with its own errcode (40023–40027). */
const LEVEL = {
  top: {
    type: 'menu_button_type',
    name: 'menu_button_name',
    key: 'menu_button_key',
    url: 'menu_button_url',
    domain: 'menu_button_url_domain',
  },
  sub: {
    type: 'menu_sub_button_type',
    name: 'menu_sub_button_name',
    key: 'menu_sub_button_key',
    url: 'menu_sub_button_url',
    domain: 'menu_sub_button_url_domain',
  },
} as const satisfies Record<string, Record<string, ErrorCode>>;

type Level = keyof typeof LEVEL;

class Refused extends Error {
  constructor(readonly refusal: MenuRefusal) {
    super(refusal.code);
  }
}

const refuse = (code: ErrorCode, field: string): never => {
  throw new Refused({ code, field });
};

export const utf8Bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A string field of 1 to `max` UTF-8 bytes, or the refusal. */
function text(value: unknown, max: number, code: ErrorCode, field: string): string {
  if (typeof value !== 'string' || value.length === 0 || utf8Bytes(value) > max) refuse(code, field);
  return value as string;
}

function webUrl(value: unknown, level: Level, field: string): string {
  const url = text(value, MENU_LIMITS.urlBytes, LEVEL[level].url, field);
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || !parsed.hostname) {
    refuse(LEVEL[level].domain, field);
  }
  return url;
}

function isButtonType(value: unknown): value is ButtonType {
  return typeof value === 'string' && (BUTTON_TYPES as readonly string[]).includes(value);
}

/** A button that acts (no sub-buttons): its type and the fields that type requires. */
function leaf(input: Record<string, unknown>, name: string, level: Level, at: string): MenuButton {
  const type = input.type;
  if (!isButtonType(type)) return refuse(LEVEL[level].type, `${at}.type`);
  const button: MenuButton = { type, name };
  if (KEY_TYPES.has(type)) {
    button.key = text(input.key, MENU_LIMITS.keyBytes, LEVEL[level].key, `${at}.key`);
  }
  switch (type) {
    case 'view':
      button.url = webUrl(input.url, level, `${at}.url`);
      break;
    case 'miniprogram':
      // The url is the fallback for clients that cannot open mini programs: required.
      button.url = webUrl(input.url, level, `${at}.url`);
      if (typeof input.appid !== 'string' || !/^wx[0-9a-f]{16}$/.test(input.appid)) {
        refuse('menu_miniprogram_appid', `${at}.appid`);
      }
      if (
        typeof input.pagepath !== 'string' ||
        input.pagepath.trim() === '' ||
        utf8Bytes(input.pagepath) > 1024
      ) {
        refuse('menu_miniprogram_pagepath', `${at}.pagepath`);
      }
      button.appid = input.appid as string;
      button.pagepath = input.pagepath as string;
      break;
    case 'media_id':
    case 'view_limited':
      button.media_id = text(input.media_id, 256, 'menu_media_id', `${at}.media_id`);
      break;
    case 'article_id':
    case 'article_view_limited':
      button.article_id = text(input.article_id, 256, 'menu_article_id', `${at}.article_id`);
      break;
  }
  return button;
}

/** SDKs round-trip `menu/get`, whose leaves carry `"sub_button": []`: an empty list means none. */
function subButtons(input: Record<string, unknown>): unknown[] | undefined {
  const list = input.sub_button;
  if (list === undefined || list === null) return undefined;
  if (!Array.isArray(list)) return [list];
  return list.length === 0 ? undefined : list;
}

function topButton(input: unknown, at: string): MenuButton {
  if (!isObject(input)) return refuse('menu_button_type', at);
  const name = text(input.name, MENU_LIMITS.nameBytes, 'menu_button_name', `${at}.name`);
  const subs = subButtons(input);
  if (!subs) return leaf(input, name, 'top', at);
  if (!Array.isArray(input.sub_button) || subs.length > MENU_LIMITS.subButtons) {
    refuse('menu_sub_button_count', `${at}.sub_button`);
  }
  return { name, sub_button: subs.map((sub, j) => subButton(sub, `${at}.sub_button[${j}]`)) };
}

function subButton(input: unknown, at: string): MenuButton {
  if (!isObject(input)) return refuse('menu_sub_button_type', at);
  // Menus have two levels; a sub-button with buttons of its own is 40022.
  if (subButtons(input)) refuse('menu_sub_level', `${at}.sub_button`);
  const name = text(input.name, MENU_LIMITS.subNameBytes, 'menu_sub_button_name', `${at}.name`);
  return leaf(input, name, 'sub', at);
}

/**
 * Checks a menu body (`{button: [...]}`) as WeChat does and answers the buttons it keeps, or
 * the first fault in reading order. Unknown fields are ignored, as WeChat ignores them.
 */
export function validateMenu(body: unknown): MenuVerdict {
  try {
    const list = isObject(body) ? body.button : undefined;
    if (!Array.isArray(list) || list.length === 0 || list.length > MENU_LIMITS.buttons) {
      refuse('menu_button_count', 'button');
    }
    return { ok: true, buttons: (list as unknown[]).map((button, i) => topButton(button, `button[${i}]`)) };
  } catch (error) {
    if (error instanceof Refused) return { ok: false, refusal: error.refusal };
    throw error;
  }
}

/** The mini programs a menu opens, for the link and page checks that need the database. */
export function miniProgramTargets(
  buttons: MenuButton[],
): Array<{ appid: string; pagepath: string; field: string }> {
  const targets: Array<{ appid: string; pagepath: string; field: string }> = [];
  buttons.forEach((button, i) => {
    const visit = (b: MenuButton, at: string) => {
      if (b.type === 'miniprogram' && b.appid && b.pagepath) {
        targets.push({ appid: b.appid, pagepath: b.pagepath, field: at });
      }
    };
    visit(button, `button[${i}]`);
    button.sub_button?.forEach((sub, j) => {
      visit(sub, `button[${i}].sub_button[${j}]`);
    });
  });
  return targets;
}

/** As `menu/get` answers a menu: every button carries `sub_button`, `[]` for a leaf. */
export function asWechatButtons(buttons: MenuButton[]): Array<Record<string, unknown>> {
  return buttons.map((button) => ({
    ...button,
    sub_button: button.sub_button ? asWechatButtons(button.sub_button) : [],
  }));
}

/** As `get_current_selfmenu_info` answers: a parent's buttons under `sub_button.list`. */
export function asSelfmenuButtons(buttons: MenuButton[]): Array<Record<string, unknown>> {
  return buttons.map((button) => {
    if (!button.sub_button) return { ...button };
    return { name: button.name, sub_button: { list: button.sub_button.map((sub) => ({ ...sub })) } };
  });
}

// ----- conditional menus -------------------------------------------------------------------

/** WeChat's language codes for `matchrule.language`. */
export const MENU_LANGUAGES = [
  'zh_CN',
  'zh_TW',
  'zh_HK',
  'en',
  'id',
  'ms',
  'es',
  'ko',
  'it',
  'ja',
  'pl',
  'pt',
  'ru',
  'th',
  'vi',
  'ar',
  'hi',
  'he',
  'tr',
  'de',
  'fr',
] as const;

/** A validated match rule; every field present narrows who sees the menu. */
export interface MatchRule {
  tag_id?: string;
  /** "1" male, "2" female. */
  sex?: string;
  country?: string;
  province?: string;
  city?: string;
  /** "1" iOS, "2" Android, "3" others. */
  client_platform_type?: string;
  language?: string;
}

export type MatchRuleVerdict = { ok: true; rule: MatchRule } | { ok: false; refusal: MenuRefusal };

/** SDKs send rule values as strings or numbers; empty means "any". */
function ruleValue(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  return undefined;
}

/**
 * Checks `matchrule`: at least one field (65304), a province or city needs a country (65310),
 * a city needs a province (65311). `group_id`, the field tags replaced, is read as `tag_id`.
 */
export function validateMatchRule(input: unknown): MatchRuleVerdict {
  if (!isObject(input)) return { ok: false, refusal: { code: 'menu_matchrule_empty', field: 'matchrule' } };
  const rule: MatchRule = {};
  const tag = ruleValue(input.tag_id) ?? ruleValue(input.group_id);
  const fields: Array<[keyof MatchRule, string | undefined]> = [
    ['tag_id', tag],
    ['sex', ruleValue(input.sex)],
    ['country', ruleValue(input.country)],
    ['province', ruleValue(input.province)],
    ['city', ruleValue(input.city)],
    ['client_platform_type', ruleValue(input.client_platform_type)],
    ['language', ruleValue(input.language)],
  ];
  for (const [name, value] of fields) if (value !== undefined) rule[name] = value;
  const invalid = (field: keyof MatchRule): MatchRuleVerdict => ({
    ok: false,
    refusal: { code: 'menu_matchrule_invalid', field: `matchrule.${field}` },
  });
  if (Object.keys(rule).length === 0) {
    return { ok: false, refusal: { code: 'menu_matchrule_empty', field: 'matchrule' } };
  }
  if (rule.tag_id !== undefined && !/^\d{1,10}$/.test(rule.tag_id)) return invalid('tag_id');
  if (rule.sex !== undefined && rule.sex !== '1' && rule.sex !== '2') return invalid('sex');
  if (rule.client_platform_type !== undefined && !['1', '2', '3'].includes(rule.client_platform_type)) {
    return invalid('client_platform_type');
  }
  if (rule.language !== undefined && !(MENU_LANGUAGES as readonly string[]).includes(rule.language)) {
    return invalid('language');
  }
  for (const field of ['country', 'province', 'city'] as const) {
    const value = rule[field];
    if (value !== undefined && utf8Bytes(value) > 64) return invalid(field);
  }
  if ((rule.province || rule.city) && !rule.country) {
    return { ok: false, refusal: { code: 'menu_region_country', field: 'matchrule.country' } };
  }
  if (rule.city && !rule.province) {
    return { ok: false, refusal: { code: 'menu_region_province', field: 'matchrule.province' } };
  }
  return { ok: true, rule };
}

/** What a conditional menu is matched against: the follower as the account sees them. */
export interface MenuAudience {
  tagIds: number[];
  sex: number;
  country: string;
  province: string;
  city: string;
  language: string;
  /** "1" iOS, "2" Android, "3" others; undefined when unknown (trymatch has no client). */
  platform?: string;
}

/** Whether every field of the rule holds for the follower. */
export function ruleMatches(rule: MatchRule, audience: MenuAudience): boolean {
  if (rule.tag_id !== undefined && !audience.tagIds.includes(Number(rule.tag_id))) return false;
  if (rule.sex !== undefined && String(audience.sex) !== rule.sex) return false;
  if (rule.country !== undefined && audience.country !== rule.country) return false;
  if (rule.province !== undefined && audience.province !== rule.province) return false;
  if (rule.city !== undefined && audience.city !== rule.city) return false;
  if (rule.language !== undefined && audience.language !== rule.language) return false;
  if (rule.client_platform_type !== undefined && audience.platform !== rule.client_platform_type)
    return false;
  return true;
}

/** A leaf of a menu by its position, or undefined when the menu has no such button or it is a parent. */
export function buttonAt(buttons: MenuButton[], index: number, subIndex?: number): MenuButton | undefined {
  const top = buttons[index];
  if (!top) return undefined;
  if (subIndex === undefined) return top.sub_button ? undefined : top;
  return top.sub_button?.[subIndex];
}
