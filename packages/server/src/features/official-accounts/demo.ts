import type { Context } from '../../context.ts';
import type { SubjectType } from '../identity/identity.tables.ts';
import type { OfficialAccountType } from './official-accounts.tables.ts';

export interface DemoAccount {
  appid: string;
  secret: string;
  originalId: string;
  name: string;
  type: OfficialAccountType;
  subjectType: SubjectType;
}

export interface DemoEndUser {
  id: string;
  username: string;
  password: string;
  openids: Record<string, string>;
}

export interface DemoAccountSpec {
  ownerId: string;
  subjectId: string;
  subjectType: SubjectType;
  ids: { appid: string; originalId: string; secret: string };
  name: string;
  type: OfficialAccountType;
  intro: string;
  /** The mini program the account links (and its menu opens), when it is released. */
  miniProgramAppid: string | undefined;
}

const END_USERS = [
  {
    username: 'xiaowang',
    password: 'wharf-user-2017',
    nickname: '小王',
    sex: 1,
    city: '深圳',
    province: '广东',
  },
  {
    username: 'xiaoli',
    password: 'wharf-user-2017',
    nickname: '小李',
    sex: 2,
    city: '杭州',
    province: '浙江',
  },
  {
    username: 'xiaozhang',
    password: 'wharf-user-2017',
    nickname: '小张',
    sex: 1,
    city: '北京',
    province: '北京',
  },
];

/**
 * The demo's official accounts through the same services the product uses: each created for its
 * developer's subject, linked to their released mini program, with a menu whose first button
 * opens it; end users following every account. Idempotent.
 */
export async function seedDemoAccounts(ctx: Context, specs: DemoAccountSpec[]) {
  const { accounts } = ctx.officialAccounts;
  const made: DemoAccount[] = [];
  for (const spec of specs) {
    const existing = await accounts.byAppid(spec.ids.appid).catch(() => undefined);
    const account =
      existing ??
      (
        await accounts.create(
          spec.ownerId,
          { subjectId: spec.subjectId, name: spec.name, type: spec.type, intro: spec.intro },
          spec.ids,
        )
      ).account;
    await accounts.resetSecret(spec.ownerId, account.id, spec.ids.secret);
    if (spec.miniProgramAppid) await linkAndMenu(ctx, spec.ownerId, account.id, spec.miniProgramAppid);
    made.push({
      appid: spec.ids.appid,
      secret: spec.ids.secret,
      originalId: spec.ids.originalId,
      name: spec.name,
      type: spec.type,
      subjectType: spec.subjectType,
    });
  }
  const endUsers: DemoEndUser[] = [];
  for (const person of END_USERS) {
    const found = await ctx.endUsers.findByUsername(person.username);
    const user = found ?? (await ctx.endUsers.createMany([person]))[0]!;
    const openids: Record<string, string> = {};
    for (const account of made) {
      openids[account.appid] = (await accounts.follow(user.id, account.appid, 'ADD_SCENE_QR_CODE')).openid;
    }
    endUsers.push({ id: user.id, username: person.username, password: person.password, openids });
  }
  return { officialAccounts: made, endUsers };
}

async function linkAndMenu(ctx: Context, ownerId: string, accountId: string, appid: string): Promise<void> {
  const { links } = ctx.officialAccounts;
  const current = (await links.list(accountId)).wxopens.items.find((item) => item.appid === appid);
  if (!current) {
    await links.request(
      accountId,
      { appid, notifyUsers: false, showProfile: true },
      { kind: 'user', userId: ownerId },
    );
  }
  const pagepath = await links.entryPageOf(appid);
  if (!pagepath) return;
  await ctx.oaMenus.create(accountId, {
    button: [
      {
        type: 'miniprogram',
        name: '打开小程序',
        appid,
        pagepath,
        url: 'https://demo.wharf.local/',
      },
      {
        name: '更多',
        sub_button: [
          { type: 'view', name: '官网', url: 'https://demo.wharf.local/about' },
          { type: 'click', name: '今日推荐', key: 'TODAY' },
        ],
      },
    ],
  });
}
