import { WharfError } from '../../errors/wharf-error.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import { parseUrl, textOf, under, verificationDirectory } from './matcher.ts';
import type { QrcodesStore } from './qrcodes.store.ts';
import type { EnvVersion } from './qrcodes.tables.ts';
import { blockedBy, type RulesService, type RuleView } from './rules.service.ts';
import type { ScanAction, ScanService } from './scan.service.ts';
import { fetchVerificationFile, VerificationFailed } from './verify-domain.ts';

const ENVS: EnvVersion[] = ['develop', 'trial', 'release'];

export interface RuleTest {
  /** The app's own rule the link falls under (published or not), debug URLs first as the scanner reads them. */
  rule: (RuleView & { debug: boolean }) | null;
  /** What a scan of the link does on the platform right now. */
  opens: ScanAction;
}

/**
 * What the console's QR pages need beside the WeChat calls: the pages each version has, the
 * lifetime code count, a check of the verification file before a rule is added, and a tester.
 * Every refusal comes from the same services the WeChat face uses.
 */
export function qrConsoleService(deps: {
  store: QrcodesStore;
  rules: RulesService;
  scan: ScanService;
  settings: SettingsService;
}) {
  const { store, rules, scan, settings } = deps;

  async function appRow(appid: string) {
    const row = await store.appByAppid(appid);
    if (!row) throw new WharfError('wx_invalid_appid');
    return row;
  }

  return {
    /** The pages of each version (null when there is none) and the codes counted toward the lifetime cap. */
    async overview(appid: string) {
      const row = await appRow(appid);
      const pages = Object.fromEntries(
        await Promise.all(
          ENVS.map(async (env) => [env, (await store.versionPages(row.id, env))?.pages ?? null] as const),
        ),
      ) as Record<EnvVersion, string[] | null>;
      return {
        pages,
        codes: { used: await store.countedCodes(row.id), limit: await settings.get('qrcodes.lifetimeCodes') },
      };
    },

    /** Fetches the verification file where a rule on `prefix` would look for it (nothing is stored). */
    async check(appid: string, prefix: string): Promise<{ url: string }> {
      const file = await rules.download(appid);
      const parsed = parseUrl(prefix);
      if (!parsed || prefix.includes('#'))
        throw new WharfError(
          'qr_jump_bad_link',
          {
            reason: 'prefix must be an http or https URL with a domain',
            reasonZh: 'prefix 必须是带域名的 http 或 https 链接',
          },
          'prefix',
        );
      const blocked = blockedBy(parsed.host, await settings.get('qrcodes.blockedHosts'));
      if (blocked) throw new WharfError('qr_jump_blocked', { host: blocked }, 'prefix');
      const url = new URL(
        `${parsed.scheme}://${parsed.host}${verificationDirectory(parsed)}${file.fileName}`,
      );
      try {
        await fetchVerificationFile(
          url,
          file.fileContent,
          await settings.get('qrcodes.verifyPrivateAddresses'),
        );
      } catch (error) {
        const failed = error instanceof VerificationFailed ? error : undefined;
        throw new WharfError('qr_jump_verification', {
          reason: `${url.pathname}: ${failed?.message ?? 'fetch failed'}`,
          reasonZh: `${url.pathname}：${failed?.messageZh ?? '获取失败'}`,
        });
      }
      return { url: url.toString() };
    },

    /** Which of the app's rules a link falls under, and what scanning it opens today. */
    async test(appid: string, link: string): Promise<RuleTest> {
      const parsed = parseUrl(link);
      if (!parsed) {
        throw new WharfError('validation_failed', { field: 'url', reason: 'expected an http or https link' });
      }
      const { rules: mine } = await rules.list(appid);
      const text = textOf(parsed);
      let best: RuleView | undefined;
      let debug: RuleView | undefined;
      for (const rule of mine) {
        const prefix = parseUrl(rule.prefix);
        if (!prefix) continue;
        const longer = (than: RuleView | undefined) =>
          !than || prefix.rest.length > (parseUrl(than.prefix)?.rest.length ?? 0);
        const isDebug = rule.debug_url.some((url) => {
          const parsedUrl = parseUrl(url);
          return parsedUrl !== undefined && textOf(parsedUrl) === text;
        });
        if (isDebug && longer(debug)) debug = rule;
        if (under(parsed, prefix) && longer(best)) best = rule;
      }
      const rule = debug ? { ...debug, debug: true } : best ? { ...best, debug: false } : null;
      return { rule, opens: await scan.resolveText(link, 'camera') };
    },
  };
}

export type QrConsoleService = ReturnType<typeof qrConsoleService>;
