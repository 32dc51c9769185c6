import { createHash } from 'node:crypto';
import type { Context } from '../context.ts';
import type { ResolvedCategory } from '../features/categories/categories.service.ts';
import { fileListHash } from '../features/code/code.service.ts';
import { creditCheckCharacter } from '../features/identity/credit-code.ts';
import { idCheckCharacter } from '../features/identity/id-number.ts';
import type { SubjectType } from '../features/identity/identity.tables.ts';
import { seedDemoTemplates } from '../features/oa-templates/demo.ts';
import {
  type DemoAccount,
  type DemoAccountSpec,
  type DemoEndUser,
  seedDemoAccounts,
} from '../features/official-accounts/demo.ts';
import {
  type DemoMobileApp,
  type DemoOpenAccount,
  seedDemoOpenPlatform,
} from '../features/open-platform/demo.ts';
import { seedDemoQr } from '../features/qrcodes/demo.ts';
import { solidPngDataUrl } from './icon.ts';
import { readProject } from './sample-project.ts';

export interface DemoWorld {
  admin: { email: string; password: string };
  developers: Array<{ email: string; password: string; subjectType: SubjectType; subjectName: string }>;
  miniPrograms: Array<{
    appid: string;
    secret: string;
    originalId: string;
    name: string;
    subjectType: SubjectType;
    categories: ResolvedCategory[];
    /** The released code version (user_version), or null when the sample project is absent. */
    releasedVersion: string | null;
  }>;
  /** The individual's subscription account and the enterprise's service account, each linked to its released app. */
  officialAccounts: DemoAccount[];
  /** End users of the client, following every demo account, with the openid each account knows them by. */
  endUsers: DemoEndUser[];
  /** A link that matches the demo's published QR rule, and a generated mini program code image (null without a released enterprise app). */
  qr: { ruleUrl: string; codePng: string } | null;
  /** The individual's open-platform account: their mini program, official account and the demo mobile app. */
  openAccounts: DemoOpenAccount[];
  /** Mobile apps with their server credentials (x-wharf-app-id / x-wharf-app-secret). */
  mobileApps: DemoMobileApp[];
}

/** Fixed values so the demo prints the same credentials on every machine. */
const fixed = (label: string, length: number) =>
  createHash('sha256').update(`wharf-demo:${label}`).digest('hex').slice(0, length);

const ADMIN = { email: 'admin@wharf.local', password: 'wharf-admin-2017' };

const DEVELOPERS = [
  {
    key: 'individual',
    email: 'liming@wharf.local',
    password: 'wharf-dev-2017',
    type: 'individual' as const,
    name: '李明',
    idNumber: `11010519900307123${idCheckCharacter('11010519900307123')}`,
    apps: [
      {
        key: 'weather',
        name: '码头天气',
        intro: '查看城市天气与一周预报',
        categories: [['工具', '天气']],
        colour: [52, 120, 246],
      },
      {
        key: 'recipes',
        name: '码头菜谱',
        intro: '家常菜谱与做法分享',
        categories: [['餐饮', '菜谱']],
        colour: [240, 130, 40],
      },
    ],
  },
  {
    key: 'enterprise',
    email: 'corp@wharf.local',
    password: 'wharf-corp-2017',
    type: 'enterprise' as const,
    name: '码头科技有限公司',
    idNumber: `91110105MA01ABCD2${creditCheckCharacter('91110105MA01ABCD2')}`,
    apps: [
      {
        key: 'shop',
        name: '码头商城',
        intro: '精选好物，快速送达',
        categories: [
          ['商家自营', '食品'],
          ['工具', '信息查询'],
        ],
        colour: [7, 193, 96],
      },
    ],
  },
] as const;

/** Each developer's official account and the mini program it links. */
const ACCOUNTS = {
  individual: {
    key: 'weather-news',
    name: '码头天气速报',
    type: 'subscription',
    intro: '每日天气提醒（个人订阅号）',
    linksTo: 'weather',
  },
  enterprise: {
    key: 'shop-service',
    name: '码头商城服务',
    type: 'service',
    intro: '订单与会员服务（企业服务号）',
    linksTo: 'shop',
  },
} as const;

/** Seeds the demo world through the same services the product uses. Running it again changes nothing. */
export async function seedDemo(ctx: Context, options: { sampleProject?: string } = {}): Promise<DemoWorld> {
  const admin =
    (await ctx.accounts.findByEmail(ADMIN.email)) ??
    (await ctx.accounts.createUser({ ...ADMIN, displayName: '平台管理员', role: 'admin' }));
  await ctx.accounts.setRole(admin.id, 'admin');
  const tree = await ctx.categories.tree();
  const world: DemoWorld = {
    admin: ADMIN,
    developers: [],
    miniPrograms: [],
    officialAccounts: [],
    endUsers: [],
    qr: null,
    openAccounts: [],
    mobileApps: [],
  };
  const accountSpecs: DemoAccountSpec[] = [];

  for (const dev of DEVELOPERS) {
    const user =
      (await ctx.accounts.findByEmail(dev.email)) ??
      (await ctx.accounts.createUser({
        email: dev.email,
        password: dev.password,
        displayName: dev.name,
        role: 'developer',
      }));
    const subjects = await ctx.identity.listMine(user.id);
    let subject = subjects.find((s) => s.name === dev.name && s.status !== 'rejected');
    subject ??= await ctx.identity.submit(user.id, {
      type: dev.type,
      name: dev.name,
      idNumber: dev.idNumber,
    });
    if (subject.status === 'pending') subject = await ctx.identity.review(subject.id, true, undefined);
    const account = ACCOUNTS[dev.key];
    accountSpecs.push({
      ownerId: user.id,
      subjectId: subject.id,
      subjectType: dev.type,
      ids: {
        appid: `wx${fixed(`${account.key}:appid`, 16)}`,
        originalId: `gh_${fixed(`${account.key}:gh`, 12)}`,
        secret: fixed(`${account.key}:secret`, 32),
      },
      name: account.name,
      type: account.type,
      intro: account.intro,
      miniProgramAppid: `wx${fixed(`${account.linksTo}:appid`, 16)}`,
    });
    world.developers.push({
      email: dev.email,
      password: dev.password,
      subjectType: dev.type,
      subjectName: dev.name,
    });

    const owned = await ctx.miniPrograms.listMine(user.id);
    for (const spec of dev.apps) {
      const ids = {
        appid: `wx${fixed(`${spec.key}:appid`, 16)}`,
        originalId: `gh_${fixed(`${spec.key}:gh`, 12)}`,
      };
      const app =
        owned.find((a) => a.appid === ids.appid) ?? (await ctx.miniPrograms.create(user.id, subject.id, ids));
      const categories = spec.categories.map(([first, second]) => {
        const firstNode = tree.find((node) => node.name === first);
        const secondNode = firstNode?.children.find((child) => child.name === second);
        if (!firstNode || !secondNode)
          throw new Error(`demo category ${first}/${second} is missing from the tree`);
        return { firstId: firstNode.id, secondId: secondNode.id };
      });
      const { app: filled } = await ctx.miniPrograms.updateDetails(user.id, app.id, {
        name: spec.name,
        intro: spec.intro,
        icon: solidPngDataUrl(64, [...spec.colour]),
        categories,
      });
      const secret = await ctx.miniPrograms.resetSecret(user.id, app.id, fixed(`${spec.key}:secret`, 32));
      world.miniPrograms.push({
        appid: filled.appid,
        secret,
        originalId: filled.originalId,
        name: spec.name,
        subjectType: dev.type,
        categories: filled.categories,
        releasedVersion: await releaseSample(
          ctx,
          admin.id,
          user.id,
          filled.appid,
          filled.categories,
          options.sampleProject,
        ),
      });
    }
  }
  for (const spec of accountSpecs) {
    const released = world.miniPrograms.find((app) => app.appid === spec.miniProgramAppid)?.releasedVersion;
    if (!released) spec.miniProgramAppid = undefined;
  }
  Object.assign(world, await seedDemoAccounts(ctx, accountSpecs));
  // The service account's template library, and one message to each follower that opens its mini program.
  for (const spec of accountSpecs) {
    if (spec.type !== 'service') continue;
    await seedDemoTemplates(ctx, {
      accountAppid: spec.ids.appid,
      miniProgramAppid: spec.miniProgramAppid,
      openids: world.endUsers.flatMap((user) => user.openids[spec.ids.appid] ?? []),
    });
  }
  // QR rules are for organisations (85075 for individuals by default): the enterprise's released app.
  const shop = world.miniPrograms.find((app) => app.subjectType !== 'individual' && app.releasedVersion);
  if (shop) world.qr = await seedDemoQr(ctx, shop.appid);
  // The individual's open-platform account binds their weather app, its official account and an app.
  const individual = accountSpecs.find((spec) => spec.subjectType === 'individual');
  if (individual) {
    Object.assign(
      world,
      await seedDemoOpenPlatform(ctx, {
        ownerId: individual.ownerId,
        subjectId: individual.subjectId,
        openAppid: `wx${fixed('liming-open:appid', 16)}`,
        bind: [`wx${fixed('weather:appid', 16)}`, individual.ids.appid],
        mobileApp: {
          appid: `wx${fixed('wharf-app:appid', 16)}`,
          secret: fixed('wharf-app:secret', 32),
          name: '码头 App',
          bundleId: 'local.wharf.demo',
        },
      }),
    );
  }
  // The demo's developer servers run on the same machine (localhost): let pushes reach them.
  await ctx.settings.set('push.privateAddresses', true);
  return world;
}

/**
 * Uploads, submits, approves (as the admin) and releases the sample project, unless the
 * released version already has the same content. Idempotent: a re-run changes nothing.
 */
async function releaseSample(
  ctx: Context,
  adminId: string,
  ownerId: string,
  appid: string,
  categories: ResolvedCategory[],
  sampleProject?: string,
): Promise<string | null> {
  const files = await readProject(sampleProject);
  if (!files) return null;
  const sourceHash = fileListHash(
    [...files].map(([path, bytes]) => ({ path, sha256: createHash('sha256').update(bytes).digest('hex') })),
  );
  const released = await ctx.code.packages.released(appid);
  if (released?.source_hash === sourceHash) return released.user_version;

  const { packages, audits } = ctx.code;
  let pending = await audits.latest(appid).catch(() => undefined);
  if (!pending || (pending.status !== 2 && pending.status !== 4)) {
    const count = (await packages.versions(ownerId, appid)).length;
    const version = await packages.uploadFiles({
      appid,
      files,
      userVersion: `1.0.${count}`,
      userDesc: '演示小程序 / demo sample project',
      uploader: `user:${ownerId}`,
    });
    const category = categories[0];
    await audits.submit(appid, {
      versionId: version.id,
      items: [
        {
          address: version.pages[0],
          tag: '演示',
          firstId: category?.firstId,
          secondId: category?.secondId,
          title: '首页',
        },
      ],
      versionDesc: 'demo',
    });
    pending = await audits.latest(appid);
  }
  await audits.approve(adminId, pending.auditid);
  await audits.release(appid);
  return (await packages.released(appid))?.user_version ?? null;
}
