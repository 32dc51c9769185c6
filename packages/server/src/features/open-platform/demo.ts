import type { Context } from '../../context.ts';

export interface DemoOpenAccount {
  openAppid: string;
  bound: string[];
}

export interface DemoMobileApp {
  appid: string;
  secret: string;
  name: string;
}

/**
 * The individual's open-platform account, binding their mini program, their official account and
 * a demo mobile app, with fixed ids so every machine prints the same. A re-run changes nothing.
 */
export async function seedDemoOpenPlatform(
  ctx: Context,
  spec: {
    ownerId: string;
    subjectId: string;
    openAppid: string;
    bind: string[];
    mobileApp: { appid: string; secret: string; name: string; bundleId: string };
  },
): Promise<{ openAccounts: DemoOpenAccount[]; mobileApps: DemoMobileApp[] }> {
  const { accounts, mobileApps } = ctx.openPlatform;
  const mine = await accounts.listMine(spec.ownerId);
  if (!mine.some((a) => a.openAppid === spec.openAppid)) {
    await accounts.create(spec.ownerId, spec.subjectId, { openAppid: spec.openAppid });
  }
  for (const appid of spec.bind) {
    if ((await accounts.openAppidOf(appid)) === undefined)
      await accounts.bind(spec.ownerId, spec.openAppid, appid);
  }
  const { mobileApp } = spec;
  const registered = await mobileApps.listOf(spec.ownerId, spec.openAppid);
  if (registered.some((app) => app.appid === mobileApp.appid)) {
    await mobileApps.resetSecret(spec.ownerId, mobileApp.appid, mobileApp.secret);
  } else {
    await mobileApps.register(
      spec.ownerId,
      spec.openAppid,
      { name: mobileApp.name, platform: 'ios', bundleId: mobileApp.bundleId },
      { appid: mobileApp.appid, secret: mobileApp.secret },
    );
  }
  const account = await accounts.get(spec.ownerId, spec.openAppid);
  return {
    openAccounts: [{ openAppid: account.openAppid, bound: account.bound.map((b) => b.appid) }],
    mobileApps: [{ appid: mobileApp.appid, secret: mobileApp.secret, name: mobileApp.name }],
  };
}
