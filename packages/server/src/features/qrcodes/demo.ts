import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Context } from '../../context.ts';

/** The demo's own domain: the seed owns it, so its verification is taken as done. */
export const DEMO_QR_PREFIX = 'https://demo.wharf.local/shop/';

/**
 * The demo's QR world for a released mini program: a published ordinary-link rule on the demo
 * domain to its first page, and a mini program code image in the data folder. Idempotent.
 */
export async function seedDemoQr(
  ctx: Context,
  appid: string,
): Promise<{ ruleUrl: string; codePng: string } | null> {
  const release = await ctx.code.packages.released(appid);
  if (!release) return null;
  const pages = (JSON.parse(release.manifest) as { pages: string[] }).pages;
  const page = pages[0];
  if (!page) return null;
  const { rules, codes } = ctx.qrcodes;
  const existing = (await rules.list(appid)).rules.find((rule) => rule.prefix === DEMO_QR_PREFIX);
  if (!existing)
    await rules.add(
      appid,
      { prefix: DEMO_QR_PREFIX, permitSubRule: 1, path: page, openVersion: 3 },
      { trusted: true },
    );
  if (existing?.state !== 2) await rules.publish(appid, DEMO_QR_PREFIX);
  const code = await codes.wxaCode(
    appid,
    { path: `${page}?from=demo` },
    ctx.config.publicUrl.replace(/\/$/, ''),
  );
  const dir = join(ctx.config.dataDir, 'demo');
  await mkdir(dir, { recursive: true });
  const codePng = join(dir, `${appid}-code.png`);
  await writeFile(codePng, code.png);
  return { ruleUrl: `${DEMO_QR_PREFIX}item?id=1`, codePng };
}
