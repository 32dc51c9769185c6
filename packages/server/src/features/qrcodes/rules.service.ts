import { randomUUID } from 'node:crypto';
import { NOTICES_LOST, type Notices } from '../../cluster/notices.ts';
import { WharfError } from '../../errors/wharf-error.ts';
import { randomHex } from '../../security/secrets.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import {
  type IndexedRule,
  parseUrl,
  RuleIndex,
  type RuleMatch,
  restUnder,
  siteOf,
  under,
  verificationDirectory,
} from './matcher.ts';
import type { JumpRuleRow, JumpRuleWithAppid, QrcodesStore } from './qrcodes.store.ts';
import type { EnvVersion } from './qrcodes.tables.ts';
import { fetchVerificationFile, VerificationFailed } from './verify-domain.ts';

export const MAX_DEBUG_URLS = 5;
const ENV_OF = { 1: 'develop', 2: 'trial', 3: 'release' } as const satisfies Record<number, EnvVersion>;
/** Notice channel: an app's QR rules changed (payload: its AppID). */
export const RULES_CHANNEL = 'qrcode_rules';
/** Without notices from other nodes, the rules' version row is read at most this often. */
const VERSION_CHECK_MS = 1_000;

export interface RuleInput {
  prefix?: string;
  permitSubRule?: number;
  path?: string;
  openVersion?: number;
  debugUrls?: string[];
  isEdit?: boolean;
}

export interface RuleView {
  prefix: string;
  permit_sub_rule: number;
  path: string;
  open_version: number;
  debug_url: string[];
  state: number;
}

const badLink = (reason: string, reasonZh: string) =>
  new WharfError('qr_jump_bad_link', { reason, reasonZh });

function indexed(row: JumpRuleWithAppid): IndexedRule | undefined {
  const prefix = parseUrl(`${row.site}${row.rest}`);
  if (!prefix) return undefined;
  return {
    id: row.id,
    appid: row.appid,
    prefix,
    path: row.path,
    openVersion: row.open_version as 1 | 2 | 3,
    published: row.state === 2,
    debugUrls: JSON.parse(row.debug_urls) as string[],
  };
}

const view = (row: JumpRuleRow): RuleView => ({
  prefix: row.prefix,
  permit_sub_rule: row.permit_sub_rule,
  path: row.path,
  open_version: row.open_version,
  debug_url: JSON.parse(row.debug_urls) as string[],
  state: row.state,
});

/**
 * Ordinary-link QR rules (`/cgi-bin/wxopen/qrcodejump*`) and the index scans resolve against.
 *
 * The index lives in memory on every node. A change made here updates this node's index before
 * the call returns; other nodes hear it through cluster notices when there are any, and in any
 * case notice the rules' version row (read at most once a second) and rebuild.
 */
/**
 * The operator's block list (`qrcodes.blockedHosts`: hosts separated by commas or spaces): a
 * prefix on a listed host or one of its subdomains is refused (85070). Answers the entry hit.
 */
export function blockedBy(host: string, list: string): string | undefined {
  const name = host.replace(/:\d+$/, '');
  return list
    .split(/[\s,]+/)
    .map((entry) =>
      entry
        .trim()
        .toLowerCase()
        .replace(/^\*?\./, ''),
    )
    .find((entry) => entry !== '' && (name === entry || name.endsWith(`.${entry}`)));
}

export function rulesService(deps: {
  store: QrcodesStore;
  settings: SettingsService;
  clock: () => number;
  notices?: Notices;
  /** Overridable for tests of the fetch rules; the default is the guarded HTTP(S) fetch. */
  fetchFile?: typeof fetchVerificationFile;
}) {
  const { store, settings, clock, notices } = deps;
  const fetchFile = deps.fetchFile ?? fetchVerificationFile;
  const month = () => new Date(clock()).toISOString().slice(0, 7);

  // The index and what it was built from.
  let index: RuleIndex | undefined;
  let builtVersion = -1;
  let checkedAt = Number.NEGATIVE_INFINITY;
  let refreshing: Promise<void> | undefined;
  /** Bumped by every change this node applies to the index; a rebuild that overlaps one is discarded. */
  let generation = 0;

  async function rebuild(): Promise<void> {
    const started = generation;
    const version = await store.rulesVersion();
    const rows = await store.allRules();
    const fresh = new RuleIndex(rows.map(indexed).filter((r): r is IndexedRule => r !== undefined));
    if (started !== generation && index) return;
    index = fresh;
    builtVersion = version;
  }

  async function refresh(): Promise<void> {
    const now = performance.now();
    if (index && now - checkedAt < VERSION_CHECK_MS) return;
    refreshing ??= (async () => {
      try {
        checkedAt = performance.now();
        if (!index || (await store.rulesVersion()) !== builtVersion) await rebuild();
      } finally {
        refreshing = undefined;
      }
    })();
    await refreshing;
  }

  async function reloadApp(appid: string): Promise<void> {
    if (!index) return;
    const rows = await store.rulesWithAppid(appid);
    generation += 1;
    index.replaceApp(
      appid,
      rows.map(indexed).filter((r): r is IndexedRule => r !== undefined),
    );
  }

  notices?.subscribe(RULES_CHANNEL, (payload) => {
    if (payload === NOTICES_LOST) {
      checkedAt = Number.NEGATIVE_INFINITY;
      builtVersion = -1;
      return;
    }
    reloadApp(payload).catch(() => {
      builtVersion = -1;
    });
  });

  /**
   * After a committed change: this node's index at once, then every other node. When the change
   * took the version straight from the one the index was built at, nothing else changed between,
   * so the index is current and the next version check need not rebuild it.
   */
  async function changed(appid: string, version: number): Promise<void> {
    const before = builtVersion;
    await reloadApp(appid);
    if (index && before !== -1 && version === before + 1 && builtVersion === before) builtVersion = version;
    if (notices) await notices.publish(RULES_CHANNEL, appid);
  }

  async function app(appid: string) {
    const row = await store.appByAppid(appid);
    if (!row) throw new WharfError('wx_invalid_appid');
    if (row.subject_type === 'individual' && !(await settings.get('qrcodes.rulesForIndividuals'))) {
      throw new WharfError('qr_jump_individual');
    }
    return row;
  }

  function parsePrefix(prefix: string | undefined) {
    if (!prefix) throw badLink('prefix is required', '缺少 prefix');
    if (prefix.length > 1024) throw badLink('prefix is over 1024 characters', 'prefix 超过 1024 个字符');
    if (prefix.includes('#')) throw badLink('prefix cannot hold a fragment (#)', 'prefix 不能包含 #');
    const parsed = parseUrl(prefix);
    if (!parsed)
      throw badLink(
        'prefix must be an http or https URL with a domain',
        'prefix 必须是带域名的 http 或 https 链接',
      );
    return parsed;
  }

  async function checkPage(appId: string, path: string | undefined, env: EnvVersion): Promise<string> {
    if (!path) throw new WharfError('qr_invalid_page', { reason: 'path is required', reasonZh: '缺少 path' });
    const page = path.split('?', 1)[0]!;
    if (page.startsWith('/')) {
      throw new WharfError('qr_invalid_page', {
        reason: 'path must not start with /',
        reasonZh: 'path 不能以 / 开头',
      });
    }
    if (new URLSearchParams(path.slice(page.length + 1)).has('scancode_time'))
      throw new WharfError('qr_path_reserved');
    const version = await store.versionPages(appId, env);
    if (!version?.pages.includes(page)) {
      throw new WharfError('qr_invalid_page', {
        reason: version
          ? `${page} is not a page of the ${env} version`
          : `the mini program has no ${env} version`,
        reasonZh: version ? `${page} 不是${env}版本中的页面` : `小程序没有${env}版本`,
      });
    }
    return path;
  }

  return {
    /** `qrcodejumpdownload`: the verification file, the same one every time for an app. */
    async download(appid: string): Promise<{ fileName: string; fileContent: string }> {
      const row = await app(appid);
      await store.insertJumpApp({
        app_id: row.id,
        file_name: `${randomHex(5)}.txt`,
        file_content: randomHex(16),
        publish_month: month(),
        publishes: 0,
      });
      const jump = await store.jumpApp(row.id);
      if (!jump) throw new Error('verification file row missing after insert');
      return { fileName: jump.file_name, fileContent: jump.file_content };
    },

    /**
     * `qrcodejumpadd`: add (or, with `isEdit`, change an unpublished) rule. `trusted` skips the
     * fetch of the verification file: only the demo seed, which owns its demo domain, sets it.
     */
    async add(appid: string, input: RuleInput, options: { trusted?: boolean } = {}): Promise<void> {
      const row = await app(appid);
      const prefix = parsePrefix(input.prefix);
      const site = siteOf(prefix);
      const blocked = blockedBy(prefix.host, await settings.get('qrcodes.blockedHosts'));
      if (blocked) throw new WharfError('qr_jump_blocked', { host: blocked });
      const permit = input.permitSubRule ?? 1;
      if (permit !== 1 && permit !== 2) {
        throw new WharfError('validation_failed', { field: 'permit_sub_rule', reason: 'expected 1 or 2' });
      }
      const openVersion = input.openVersion;
      if (openVersion !== 1 && openVersion !== 2 && openVersion !== 3) {
        throw new WharfError('validation_failed', { field: 'open_version', reason: 'expected 1, 2 or 3' });
      }
      const debugUrls = input.debugUrls ?? [];
      if (debugUrls.length > MAX_DEBUG_URLS)
        throw new WharfError('qr_jump_debug_url', { url: `#${MAX_DEBUG_URLS + 1}` });
      for (const url of debugUrls) {
        const parsed = typeof url === 'string' ? parseUrl(url) : undefined;
        if (!parsed || !under(parsed, prefix))
          throw new WharfError('qr_jump_debug_url', { url: String(url) });
      }
      const path = await checkPage(row.id, input.path, ENV_OF[openVersion]);

      const existing = await store.ruleByPrefix(site, prefix.rest);
      if (input.isEdit) {
        if (!existing || existing.app_id !== row.id) throw new WharfError('qr_jump_rule_not_found');
        if (existing.state === 2) throw new WharfError('qr_jump_published_edit');
      } else if (existing) {
        if (existing.app_id === row.id) throw new WharfError('qr_jump_duplicate');
        throw new WharfError('qr_jump_taken', { reason: 'the same prefix', reasonZh: '相同的前缀' });
      }
      for (const other of await store.rulesOfSite(site)) {
        if (other.app_id === row.id) continue;
        if (other.permit_sub_rule === 2 && restUnder(prefix.rest, other.rest)) {
          throw new WharfError('qr_jump_taken', {
            reason: `${other.prefix} claims every link under it`,
            reasonZh: `${other.prefix} 已占用其下所有子规则`,
          });
        }
        if (permit === 2 && restUnder(other.rest, prefix.rest)) {
          throw new WharfError('qr_jump_taken', {
            reason: `another mini program already has ${other.prefix} under this prefix, so it cannot claim sub-rules`,
            reasonZh: `其他小程序已在此前缀下配置 ${other.prefix}，不能占用子规则`,
          });
        }
      }

      if (!input.isEdit) {
        const limit = await settings.get('qrcodes.rulesPerApp');
        if ((await store.rulesOf(row.id)).length >= limit) throw new WharfError('qr_jump_full', { limit });
        if (!options.trusted) {
          const jump = await store.jumpApp(row.id);
          if (!jump) {
            throw new WharfError('qr_jump_verification', {
              reason: 'download the verification file (qrcodejumpdownload) and place it first',
              reasonZh: '请先下载校验文件（qrcodejumpdownload）并放到域名下',
            });
          }
          const url = new URL(`${site}${verificationDirectory(prefix)}${jump.file_name}`);
          try {
            await fetchFile(url, jump.file_content, await settings.get('qrcodes.verifyPrivateAddresses'));
          } catch (error) {
            const failed = error instanceof VerificationFailed ? error : undefined;
            throw new WharfError('qr_jump_verification', {
              reason: `${url.pathname}: ${failed?.message ?? 'fetch failed'}`,
              reasonZh: `${url.pathname}：${failed?.messageZh ?? '获取失败'}`,
            });
          }
        }
      }

      const now = clock();
      const version = await store.transaction(async (tx) => {
        if (input.isEdit && existing) {
          await tx.updateRule(existing.id, {
            permit_sub_rule: permit,
            path,
            open_version: openVersion,
            debug_urls: JSON.stringify(debugUrls),
            updated_at: now,
          });
        } else {
          // Under the app's lock, so two adds racing for the last place cannot both get it.
          await tx.lockApp(row.id);
          const limit = await settings.get('qrcodes.rulesPerApp');
          if ((await tx.rulesOf(row.id)).length >= limit) throw new WharfError('qr_jump_full', { limit });
          const inserted = await tx.insertRule({
            id: randomUUID(),
            app_id: row.id,
            site,
            rest: prefix.rest,
            prefix: input.prefix as string,
            permit_sub_rule: permit,
            path,
            open_version: openVersion,
            debug_urls: JSON.stringify(debugUrls),
            state: 1,
            created_at: now,
            updated_at: now,
          });
          // The unique (site, rest) index settles two apps racing for one prefix.
          if (!inserted)
            throw new WharfError('qr_jump_taken', { reason: 'the same prefix', reasonZh: '相同的前缀' });
        }
        return tx.bumpRulesVersion();
      });
      await changed(appid, version);
    },

    /** `qrcodejumpget`. */
    async list(appid: string) {
      const row = await app(appid);
      const rules = await store.rulesOf(row.id);
      const jump = await store.jumpApp(row.id);
      const limit = await settings.get('qrcodes.publishesPerMonth');
      const used = jump && jump.publish_month === month() ? jump.publishes : 0;
      return { rules: rules.map(view), publishesLeft: Math.max(0, limit - used) };
    },

    /** `qrcodejumpdelete`. */
    async remove(appid: string, prefixText: string | undefined): Promise<void> {
      const row = await app(appid);
      const prefix = parsePrefix(prefixText);
      const rule = await store.ruleByPrefix(siteOf(prefix), prefix.rest);
      if (!rule || rule.app_id !== row.id) throw new WharfError('qr_jump_rule_not_found');
      const version = await store.transaction(async (tx) => {
        await tx.deleteRule(rule.id);
        return tx.bumpRulesVersion();
      });
      await changed(appid, version);
    },

    /** `qrcodejumppublish`: live for everyone, opening the release; monthly quota. */
    async publish(appid: string, prefixText: string | undefined): Promise<void> {
      const row = await app(appid);
      const prefix = parsePrefix(prefixText);
      const rule = await store.ruleByPrefix(siteOf(prefix), prefix.rest);
      if (!rule || rule.app_id !== row.id) throw new WharfError('qr_jump_rule_not_found');
      const release = await store.versionPages(row.id, 'release');
      if (!release) throw new WharfError('qr_jump_not_released');
      const page = rule.path.split('?', 1)[0]!;
      if (!release.pages.includes(page)) {
        throw new WharfError('qr_invalid_page', {
          reason: `${page} is not a page of the release`,
          reasonZh: `${page} 不是已发布版本中的页面`,
        });
      }
      const limit = await settings.get('qrcodes.publishesPerMonth');
      const thisMonth = month();
      // A rule the demo seed added without a download has no counter row yet.
      await store.insertJumpApp({
        app_id: row.id,
        file_name: `${randomHex(5)}.txt`,
        file_content: randomHex(16),
        publish_month: thisMonth,
        publishes: 0,
      });
      const version = await store.transaction(async (tx) => {
        const jump = await tx.lockJumpApp(row.id);
        if (!jump) throw new WharfError('qr_jump_rule_not_found');
        const used = jump.publish_month === thisMonth ? jump.publishes : 0;
        if (used >= limit) throw new WharfError('qr_jump_publish_quota', { limit });
        await tx.setPublishes(row.id, thisMonth, used + 1);
        await tx.updateRule(rule.id, { state: 2, updated_at: clock() });
        return tx.bumpRulesVersion();
      });
      await changed(appid, version);
    },

    /** The rule a scanned link opens, from the in-memory index (kept fresh as described above). */
    async match(link: string): Promise<RuleMatch | undefined> {
      await refresh();
      return index?.match(link);
    },
  };
}

export type RulesService = ReturnType<typeof rulesService>;
