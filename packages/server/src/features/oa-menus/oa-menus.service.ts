import { randomInt } from 'node:crypto';
import { WharfError } from '../../errors/wharf-error.ts';
import type { OfficialAccountsService } from '../official-accounts/official-accounts.service.ts';
import { seconds } from '../official-accounts/official-accounts.service.ts';
import type { OfficialAccountRow } from '../official-accounts/official-accounts.store.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import {
  asSelfmenuButtons,
  asWechatButtons,
  buttonAt,
  type MatchRule,
  type MenuAudience,
  type MenuButton,
  miniProgramTargets,
  ruleMatches,
  validateMatchRule,
  validateMenu,
} from './menu-rules.ts';
import type { OaMenuRow, OaMenusStore } from './oa-menus.store.ts';

/** The launch scene of a mini program opened from an official account's custom menu. */
export const MENU_SCENE = 1035;

/** A click as the account's server hears of it, for whoever must act on it (the service window). */
export interface MenuClick {
  accountId: string;
  appid: string;
  userId: string;
  openid: string;
  menuid: number;
  /** WeChat's Event name, or null for types WeChat pushes nothing for (media_id, article_id, …). */
  event: string | null;
  type: NonNullable<MenuButton['type']>;
  /**
   * WeChat opens the customer-service window (3 messages in the next minute) for click,
   * scancode_push and scancode_waitmsg only.
   */
  opensServiceWindow: boolean;
  at: number;
}

export type ClickListener = (click: MenuClick) => void | Promise<void>;

/** What the client does after a click. */
export type ClickAction =
  | { action: 'open_url'; url: string }
  | { action: 'open_miniprogram'; appid: string; pagepath: string; scene: number; url: string }
  | { action: 'none' };

export interface ClickInput {
  menuid: number;
  index: number;
  subIndex?: number;
  /** "1" iOS, "2" Android, "3" others: which conditional menu the user saw. */
  platform?: string;
  /** scancode_push / scancode_waitmsg: what the scanner read. */
  scanResult?: string;
  scanType?: string;
  /** pic_*: the MD5 sums of the pictures sent. */
  pictures?: string[];
  /** location_select: the place chosen. */
  location?: { x: number; y: number; scale: number; label: string; poiname?: string };
}

export interface OaMenusDeps {
  store: OaMenusStore;
  accounts: OfficialAccountsService;
  settings: SettingsService;
  /**
   * Refuses a mini program the account may not open from a menu: not linked (40166), or a page
   * not in its released package (40165). Linking owns the rule.
   */
  checkTarget: (accountId: string, appid: string, pagepath: string) => Promise<void>;
  /** After events were appended: deliver them soon. */
  eventsAppended?: () => void;
  /** After an account's menus changed (committed): cached answers are dropped on every node. */
  menusChanged?: (accountId: string) => Promise<void>;
  clock: () => number;
}

const SERVICE_WINDOW_TYPES = new Set(['click', 'scancode_push', 'scancode_waitmsg']);

const EVENT_OF: Record<NonNullable<MenuButton['type']>, string | null> = {
  click: 'CLICK',
  view: 'VIEW',
  miniprogram: 'view_miniprogram',
  scancode_push: 'scancode_push',
  scancode_waitmsg: 'scancode_waitmsg',
  pic_sysphoto: 'pic_sysphoto',
  pic_photo_or_album: 'pic_photo_or_album',
  pic_weixin: 'pic_weixin',
  location_select: 'location_select',
  // WeChat sends the material or opens the article itself; the developer server hears nothing.
  media_id: null,
  view_limited: null,
  article_id: null,
  article_view_limited: null,
};

const buttonsOf = (row: OaMenuRow): MenuButton[] => JSON.parse(row.buttons) as MenuButton[];
const ruleOf = (row: OaMenuRow): MatchRule => JSON.parse(row.matchrule ?? '{}') as MatchRule;

/** A `menuid` from `delconditional` / a click: SDKs send it as a number or a string of digits. */
function parseMenuid(value: unknown): number | undefined {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!/^\d{1,15}$/.test(text)) return undefined;
  return Number(text);
}

/** Custom menus of official accounts: WeChat's rules, the conditional match, and clicks. */
export function oaMenusService(deps: OaMenusDeps) {
  const { store, accounts, settings, clock } = deps;
  const listeners = new Set<ClickListener>();
  const changed = (accountId: string) => deps.menusChanged?.(accountId);

  /** The buttons of a body, validated, and every mini program they open checked; nothing is saved. */
  async function checkedButtons(accountId: string, body: unknown): Promise<MenuButton[]> {
    const verdict = validateMenu(body);
    if (!verdict.ok) {
      throw new WharfError(verdict.refusal.code, { field: verdict.refusal.field }, verdict.refusal.field);
    }
    for (const target of miniProgramTargets(verdict.buttons)) {
      try {
        await deps.checkTarget(accountId, target.appid, target.pagepath);
      } catch (error) {
        if (!(error instanceof WharfError)) throw error;
        throw new WharfError(error.code, { ...error.params, field: target.field }, target.field);
      }
    }
    return verdict.buttons;
  }

  /** A menuid no menu has: WeChat's are 9-digit numbers. */
  async function newMenuid(): Promise<number> {
    for (;;) {
      const menuid = randomInt(100_000_000, 1_000_000_000);
      if (!(await store.byMenuid(menuid))) return menuid;
    }
  }

  /** The menu a follower sees: the newest conditional menu whose rule holds, else the default. */
  function match(rows: OaMenuRow[], audience: MenuAudience): OaMenuRow | undefined {
    const fallback = rows.find((row) => row.kind === 'default');
    if (!fallback) return undefined;
    return rows.find((row) => row.kind === 'conditional' && ruleMatches(ruleOf(row), audience)) ?? fallback;
  }

  async function followerAudience(accountId: string, userId: string, platform?: string) {
    const audience = await store.audience(accountId, { userId });
    if (!audience) throw new WharfError('menu_not_following');
    return { ...audience, platform };
  }

  /** The menu row `menu/trymatch` answers for an openid or WeChat ID; `platform` when one is asked. */
  async function tryMatchRow(accountId: string, userId: unknown, platform?: string): Promise<OaMenuRow> {
    const id = typeof userId === 'string' ? userId.trim() : '';
    const audience = id
      ? ((await store.audience(accountId, { openid: id })) ??
        (await store.audience(accountId, { username: id.toLowerCase() })))
      : undefined;
    if (!audience) throw new WharfError('menu_no_such_user', {}, 'userId');
    const seen = match(await store.menus(accountId), { ...audience, platform });
    if (!seen) throw new WharfError('menu_none');
    return seen;
  }

  function clickEvent(
    account: OfficialAccountRow,
    openid: string,
    menuid: number,
    button: MenuButton,
    input: ClickInput,
    now: number,
  ): Record<string, unknown> | undefined {
    const type = button.type;
    const event = type ? EVENT_OF[type] : null;
    if (!type || !event) return undefined;
    const base = {
      ToUserName: account.original_id,
      FromUserName: openid,
      CreateTime: seconds(now),
      MsgType: 'event',
      Event: event,
    };
    switch (type) {
      case 'click':
        return { ...base, EventKey: button.key };
      case 'view':
        return { ...base, EventKey: button.url, MenuId: menuid };
      case 'miniprogram':
        return { ...base, EventKey: button.pagepath, MenuId: menuid };
      case 'scancode_push':
      case 'scancode_waitmsg': {
        if (!input.scanResult) {
          throw new WharfError('validation_failed', {
            field: 'scanResult',
            reason: 'a scan button needs what was scanned',
          });
        }
        return {
          ...base,
          EventKey: button.key,
          ScanCodeInfo: { ScanType: input.scanType ?? 'qrcode', ScanResult: input.scanResult },
        };
      }
      case 'pic_sysphoto':
      case 'pic_photo_or_album':
      case 'pic_weixin': {
        const pictures = input.pictures ?? [];
        if (pictures.length === 0) {
          throw new WharfError('validation_failed', {
            field: 'pictures',
            reason: 'a picture button needs the pictures sent',
          });
        }
        return {
          ...base,
          EventKey: button.key,
          SendPicsInfo: {
            Count: pictures.length,
            PicList: { item: pictures.map((md5) => ({ PicMd5Sum: md5 })) },
          },
        };
      }
      case 'location_select': {
        const place = input.location;
        if (!place) {
          throw new WharfError('validation_failed', {
            field: 'location',
            reason: 'a location button needs the place chosen',
          });
        }
        return {
          ...base,
          EventKey: button.key,
          SendLocationInfo: {
            Location_X: String(place.x),
            Location_Y: String(place.y),
            Scale: String(place.scale),
            Label: place.label,
            Poiname: place.poiname ?? '',
          },
        };
      }
      default:
        return undefined;
    }
  }

  /**
   * `revision` is the menuid the editor read (0: it read no menu; menuids are 9 digits); a
   * different one now means another tab or the API replaced the menu meanwhile (409, nothing written).
   */
  async function replaceDefault(
    accountId: string,
    body: unknown,
    revision?: number,
  ): Promise<{ menuid: number }> {
    const buttons = await checkedButtons(accountId, body);
    const menuid = await newMenuid();
    await store.transaction(async (tx) => {
      await tx.lockAccount(accountId);
      if (revision !== undefined) {
        const current = (await tx.menus(accountId)).find((row) => row.kind === 'default')?.menuid ?? 0;
        if (current !== revision) throw new WharfError('menu_conflict', { current });
      }
      await tx.deleteKind(accountId, 'default');
      await tx.insert({
        menuid,
        account_id: accountId,
        kind: 'default',
        buttons: JSON.stringify(buttons),
        matchrule: null,
        created_at: clock(),
      });
    });
    await changed(accountId);
    return { menuid };
  }

  async function addConditionalMenu(accountId: string, body: unknown): Promise<{ menuid: number }> {
    const buttons = await checkedButtons(accountId, body);
    const verdict = validateMatchRule(
      body && typeof body === 'object' ? (body as Record<string, unknown>).matchrule : undefined,
    );
    if (!verdict.ok) {
      throw new WharfError(verdict.refusal.code, { field: verdict.refusal.field }, verdict.refusal.field);
    }
    const limit = await settings.get('officialAccounts.conditionalMenus');
    const menuid = await newMenuid();
    await store.transaction(async (tx) => {
      await tx.lockAccount(accountId);
      const rows = await tx.menus(accountId);
      if (!rows.some((row) => row.kind === 'default')) throw new WharfError('menu_no_default');
      if (rows.filter((row) => row.kind === 'conditional').length >= limit) {
        throw new WharfError('menu_conditional_limit', { limit });
      }
      // Newest first decides the match: keep creation times strictly increasing per account.
      const latest = Math.max(0, ...rows.map((row) => row.created_at));
      await tx.insert({
        menuid,
        account_id: accountId,
        kind: 'conditional',
        buttons: JSON.stringify(buttons),
        matchrule: JSON.stringify(verdict.rule),
        created_at: Math.max(clock(), latest + 1),
      });
    });
    await changed(accountId);
    return { menuid };
  }

  async function deleteConditional(accountId: string, value: unknown): Promise<void> {
    const menuid = parseMenuid(value);
    if (menuid === undefined || !(await store.deleteConditional(accountId, menuid))) {
      throw new WharfError('menu_conditional_not_found');
    }
    await changed(accountId);
  }

  async function deleteAll(accountId: string): Promise<void> {
    await store.deleteAll(accountId);
    await changed(accountId);
  }

  /** The developer console's view of an account's menus. */
  async function consoleView(accountId: string) {
    const rows = await store.menus(accountId);
    const fallback = rows.find((row) => row.kind === 'default');
    return {
      menu: fallback
        ? { menuid: fallback.menuid, button: buttonsOf(fallback), createdAt: fallback.created_at }
        : null,
      conditional: rows
        .filter((row) => row.kind === 'conditional')
        .reverse()
        .map((row) => ({
          menuid: row.menuid,
          button: buttonsOf(row),
          matchrule: ruleOf(row),
          createdAt: row.created_at,
        })),
    };
  }

  return {
    /** Listens to menu clicks after they are recorded (the lead's customer-service window). */
    onClick(listener: ClickListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    // ----- the WeChat face: `accountId` is the caller's official account -----

    /** `menu/create`: replaces the default menu; conditional menus stay. */
    async create(accountId: string, body: unknown): Promise<{ menuid: number }> {
      return replaceDefault(accountId, body);
    },

    /** `menu/get`: the default menu and every conditional one, as WeChat answers; 46003 without a menu. */
    async wechatMenus(accountId: string) {
      const rows = await store.menus(accountId);
      const fallback = rows.find((row) => row.kind === 'default');
      if (!fallback) throw new WharfError('menu_none');
      const conditional = rows.filter((row) => row.kind === 'conditional').reverse();
      return {
        menu: { button: asWechatButtons(buttonsOf(fallback)), menuid: fallback.menuid },
        ...(conditional.length
          ? {
              conditionalmenu: conditional.map((row) => ({
                button: asWechatButtons(buttonsOf(row)),
                matchrule: ruleOf(row),
                menuid: row.menuid,
              })),
            }
          : {}),
      };
    },

    /** `menu/delete`: the default menu and every conditional one. */
    async removeAll(accountId: string): Promise<void> {
      await deleteAll(accountId);
    },

    /** `get_current_selfmenu_info`: `is_menu_open` and the menu with parents' buttons under `list`. */
    async selfmenuInfo(accountId: string) {
      const fallback = (await store.menus(accountId)).find((row) => row.kind === 'default');
      if (!fallback) return { is_menu_open: 0 };
      return { is_menu_open: 1, selfmenu_info: { button: asSelfmenuButtons(buttonsOf(fallback)) } };
    },

    /** `menu/addconditional`: needs a default menu (65303); answers the menuid as a string, as WeChat. */
    async addConditional(accountId: string, body: unknown): Promise<{ menuid: string }> {
      const { menuid } = await addConditionalMenu(accountId, body);
      return { menuid: String(menuid) };
    },

    /** `menu/delconditional`: 65301 for a menuid that is not a conditional menu of this account. */
    async delConditional(accountId: string, menuid: unknown): Promise<void> {
      await deleteConditional(accountId, menuid);
    },

    /**
     * `menu/trymatch`: the buttons a follower sees, named by openid or, as WeChat also takes, by
     * their WeChat ID (the client's username); 65302 for anyone who does not follow the account.
     */
    async tryMatch(accountId: string, userId: unknown) {
      return { button: asWechatButtons(buttonsOf(await tryMatchRow(accountId, userId))) };
    },

    // ----- the console: the developer administers the account -----

    async consoleMenus(userId: string, accountId: string) {
      return consoleView((await accounts.administered(userId, accountId)).id);
    },
    async replace(
      userId: string,
      accountId: string,
      body: unknown,
      revision?: number,
    ): Promise<{ menuid: number }> {
      return replaceDefault((await accounts.administered(userId, accountId)).id, body, revision);
    },
    async remove(userId: string, accountId: string): Promise<void> {
      await deleteAll((await accounts.administered(userId, accountId)).id);
    },
    async addConditionalFor(userId: string, accountId: string, body: unknown): Promise<{ menuid: number }> {
      return addConditionalMenu((await accounts.administered(userId, accountId)).id, body);
    },
    async removeConditional(userId: string, accountId: string, menuid: number): Promise<void> {
      await deleteConditional((await accounts.administered(userId, accountId)).id, menuid);
    },

    /** trymatch in the console: which menu a follower gets (on a platform, when one is picked). */
    async tryMatchFor(userId: string, accountId: string, follower: string, platform?: string) {
      const row = await tryMatchRow((await accounts.administered(userId, accountId)).id, follower, platform);
      return { menuid: row.menuid, conditional: row.kind === 'conditional', button: buttonsOf(row) };
    },

    // ----- the client: an end user who follows the account -----

    /** The menu this end user sees (trymatch for them), or null when the account has none. */
    async seenBy(userId: string, appid: string, platform?: string) {
      const account = await accounts.byAppid(appid);
      const audience = await followerAudience(account.id, userId, platform);
      const seen = match(await store.menus(account.id), audience);
      return { menu: seen ? { menuid: seen.menuid, button: buttonsOf(seen) } : null };
    },

    /**
     * A click on a button of the menu the user sees: the event WeChat pushes, recorded for the
     * account's server in one transaction, and what the client should do. A menuid that is not
     * the user's menu any more is `menu_stale`.
     */
    async click(userId: string, appid: string, input: ClickInput): Promise<ClickAction> {
      const account = await accounts.byAppid(appid);
      const audience = await followerAudience(account.id, userId, input.platform);
      const seen = match(await store.menus(account.id), audience);
      if (!seen || seen.menuid !== input.menuid) throw new WharfError('menu_stale', { menuid: input.menuid });
      const button = buttonAt(buttonsOf(seen), input.index, input.subIndex);
      if (!button?.type) throw new WharfError('menu_button_not_found', {}, 'index');
      const now = clock();
      const payload = clickEvent(account, audience.openid, seen.menuid, button, input, now);
      const event = button.type ? EVENT_OF[button.type] : null;
      if (payload && event) {
        await store.transaction((tx) =>
          tx.appendEvent({ appid: account.appid, type: event, payload, at: now }),
        );
        deps.eventsAppended?.();
      }
      const click: MenuClick = {
        accountId: account.id,
        appid: account.appid,
        userId,
        openid: audience.openid,
        menuid: seen.menuid,
        event,
        type: button.type,
        opensServiceWindow: SERVICE_WINDOW_TYPES.has(button.type),
        at: now,
      };
      for (const listener of listeners) await listener(click);
      if (button.type === 'view' && button.url) return { action: 'open_url', url: button.url };
      if (button.type === 'miniprogram' && button.appid && button.pagepath) {
        return {
          action: 'open_miniprogram',
          appid: button.appid,
          pagepath: button.pagepath,
          scene: MENU_SCENE,
          url: button.url ?? '',
        };
      }
      return { action: 'none' };
    },
  };
}

export type OaMenusService = ReturnType<typeof oaMenusService>;
