import { WharfError } from '../../errors/wharf-error.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import { CODE_PATH, type CodesService } from './codes.service.ts';
import { DecodePool } from './decode-pool.ts';
import { parseUrl } from './matcher.ts';
import type { RulesService } from './rules.service.ts';

/** How the user met the code: WeChat's scene differs for camera, long-press and album. */
export type ScanSource = 'camera' | 'long_press' | 'album';
const OFFSET: Record<ScanSource, number> = { camera: 0, long_press: 1, album: 2 };

export type ScanAction =
  | {
      action: 'open_miniprogram';
      appid: string;
      version: 'release' | 'trial' | 'develop';
      path: string;
      query: Record<string, string>;
      scene: number;
      /** What the link was: a mini program code, a square code, an ordinary link under a rule, or a trial code. */
      via: 'wxacode' | 'square' | 'rule' | 'trial';
      /** The rule's prefix, when a rule matched. */
      rule?: string;
    }
  | { action: 'open_web'; url: string }
  | { action: 'show_text'; text: string };

const queryOf = (text: string) => Object.fromEntries(new URLSearchParams(text));

/** What `/wxa/get_qrcode` and the console's trial code hold: `<origin>/api/v1/launch/<appid>?version=trial&path=…`. */
const TRIAL_LAUNCH = /^\/api\/v1\/launch\/(wx[0-9a-f]{16})\?(.*)$/;

/** A trial code opens the trial version with scene 1017 (WeChat's 体验版入口), whoever may open it. */
function trialCode(rest: string): ScanAction | undefined {
  const match = TRIAL_LAUNCH.exec(rest);
  const params = new URLSearchParams(match?.[2] ?? '');
  if (!match || params.get('version') !== 'trial') return undefined;
  const [page = '', pageQuery = ''] = (params.get('path') ?? '').replace(/^\/+/, '').split('?', 2);
  return {
    action: 'open_miniprogram',
    appid: match[1]!,
    version: 'trial',
    path: page,
    query: queryOf(pageQuery),
    scene: 1017,
    via: 'trial',
  };
}

/**
 * The scan resolver: what WeChat's scanner does with a QR code. Mini program codes open their
 * page (scene 1047–1049, square codes 1011–1013); an ordinary link under a published rule (or
 * equal to a rule's debug URL) opens the rule's page with `q` and `scancode_time` (1011–1013);
 * any other link opens as a web page.
 */
export function scanService(deps: {
  codes: CodesService;
  rules: RulesService;
  settings: SettingsService;
  clock: () => number;
}) {
  const { codes, rules, settings, clock } = deps;
  const decoder = new DecodePool();

  async function resolveText(text: string, source: ScanSource): Promise<ScanAction> {
    const offset = OFFSET[source];
    const url = parseUrl(text);
    if (!url) return { action: 'show_text', text };
    const code = CODE_PATH.exec(url.rest);
    if (code) {
      const row = await codes.lookup(code[1]!);
      if (row) {
        const square = row.kind === 'square';
        return {
          action: 'open_miniprogram',
          appid: row.appid,
          version: row.env_version,
          path: row.page,
          // WeChat hands the scene over URL-encoded, once.
          query: row.kind === 'unlimit' ? { scene: encodeURIComponent(row.scene) } : queryOf(row.query),
          scene: (square ? 1011 : 1047) + offset,
          via: square ? 'square' : 'wxacode',
        };
      }
    }
    const trial = trialCode(url.rest);
    if (trial) return trial;
    const match = await rules.match(text);
    if (match) {
      const [page, pageQuery = ''] = match.rule.path.split('?', 2) as [string, string?];
      return {
        action: 'open_miniprogram',
        appid: match.rule.appid,
        version: match.version,
        path: page,
        query: {
          ...queryOf(pageQuery),
          q: encodeURIComponent(text),
          scancode_time: String(Math.floor(clock() / 1000)),
        },
        scene: 1011 + offset,
        via: 'rule',
        rule: `${match.rule.prefix.scheme}://${match.rule.prefix.host}${match.rule.prefix.rest}`,
      };
    }
    return { action: 'open_web', url: text };
  }

  return {
    resolveText,
    close: () => decoder.close(),

    /** Decodes a PNG or JPEG (size-capped) and resolves the code in it. */
    async resolveImage(image: Uint8Array, source: ScanSource): Promise<ScanAction & { text?: string }> {
      const maxBytes = await settings.get('qrcodes.scanMaxBytes');
      // Refused here before the bytes are copied to the decoder.
      if (image.length > maxBytes) {
        throw new WharfError('qr_image_too_large', {
          reason: `${image.length} bytes, at most ${maxBytes}`,
          reasonZh: `${image.length} 字节，最多 ${maxBytes}`,
        });
      }
      const text = await decoder.decode(image, {
        maxBytes,
        maxPixels: await settings.get('qrcodes.scanMaxPixels'),
      });
      return { ...(await resolveText(text, source)), text };
    },
  };
}

export type ScanService = ReturnType<typeof scanService>;
