import { createHash } from 'node:crypto';
import QRCode from 'qrcode';
import type { BlobStore } from '../../blobs/blob-store.ts';
import { Lru } from '../../cluster/lru.ts';
import { WharfError } from '../../errors/wharf-error.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import type { QrcodesStore } from './qrcodes.store.ts';
import type { EnvVersion, QrCodeKind } from './qrcodes.tables.ts';

/** WeChat's limits for code requests. */
export const CODE_LIMITS = {
  pathBytes: 128,
  sceneChars: 32,
  minWidth: 280,
  maxWidth: 1280,
  defaultWidth: 430,
} as const;

/** The characters WeChat allows in a `getwxacodeunlimit` scene. */
const SCENE_CHARS = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]+$/;
/** Where a code's text points: `<origin>/wxa/qr/<id>`; the id names a stored code. */
export const CODE_PATH = /^\/wxa\/qr\/([A-Za-z0-9_-]{22})$/;

export interface Rgb {
  r: number;
  g: number;
  b: number;
}

export interface RenderOptions {
  width?: number;
  autoColor?: boolean;
  lineColor?: Rgb;
  hyaline?: boolean;
}

export interface WxaCodeInput extends RenderOptions {
  /** `page?query`, as `getwxacode` and `createwxaqrcode` take it. */
  path?: string;
  envVersion?: string;
}

export interface UnlimitedCodeInput extends RenderOptions {
  scene?: string;
  page?: string;
  checkPath?: boolean;
  envVersion?: string;
}

export interface GeneratedCode {
  id: string;
  png: Uint8Array;
  text: string;
}

function envOf(value: string | undefined): EnvVersion {
  if (value === undefined || value === '') return 'release';
  if (value === 'release' || value === 'trial' || value === 'develop') return value;
  throw new WharfError('qr_invalid_env_version');
}

function widthOf(value: number | undefined): number {
  if (value === undefined) return CODE_LIMITS.defaultWidth;
  if (!Number.isInteger(value) || value < CODE_LIMITS.minWidth || value > CODE_LIMITS.maxWidth) {
    throw new WharfError('qr_invalid_width', { min: CODE_LIMITS.minWidth, max: CODE_LIMITS.maxWidth });
  }
  return value;
}

function colourOf(rgb: Rgb | undefined): string {
  if (!rgb) return '#000000';
  const parts = [rgb.r, rgb.g, rgb.b];
  if (!parts.every((n) => Number.isInteger(n) && n >= 0 && n <= 255)) {
    throw new WharfError('validation_failed', { field: 'line_color', reason: 'r, g and b must be 0 to 255' });
  }
  return `#${parts.map((n) => n.toString(16).padStart(2, '0')).join('')}`;
}

function invalidPage(reason: string, reasonZh: string): WharfError {
  return new WharfError('qr_invalid_page', { reason, reasonZh });
}

/** Splits `page?query` and applies WeChat's rules for a code path. */
function splitPath(path: string | undefined): { page: string; query: string } {
  if (!path || Buffer.byteLength(path) > CODE_LIMITS.pathBytes)
    throw new WharfError('wx_invalid_path_length');
  const at = path.indexOf('?');
  const page = at === -1 ? path : path.slice(0, at);
  const query = at === -1 ? '' : path.slice(at + 1);
  if (page.startsWith('/')) throw invalidPage('page must not start with /', 'page 不能以 / 开头');
  if (new URLSearchParams(query).has('scancode_time')) throw new WharfError('qr_path_reserved');
  return { page, query };
}

const codeId = (parts: unknown[]) =>
  createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 22);

/**
 * Mini program codes (`getwxacode`, `getwxacodeunlimit`, `createwxaqrcode`). A code is a row
 * naming what scanning it opens; its image is a standard QR code of `<origin>/wxa/qr/<id>`.
 * Identical requests give the same id and the same image: images are kept in the blob store
 * under a key of the id and the rendering, and the hottest in memory, because encoding costs
 * milliseconds and a request must not pay it twice.
 */
export function codesService(deps: {
  store: QrcodesStore;
  blobs: BlobStore;
  settings: SettingsService;
  clock: () => number;
}) {
  const { store, blobs, settings, clock } = deps;
  const hot = new Lru<string, Uint8Array>(512, 3_600_000);

  async function app(appid: string) {
    const row = await store.appByAppid(appid);
    if (!row) throw new WharfError('wx_invalid_appid');
    return row;
  }

  async function pagesOf(appId: string, env: EnvVersion) {
    const version = await store.versionPages(appId, env);
    if (!version) {
      throw invalidPage(`the mini program has no ${env} version`, `小程序没有${env}版本`);
    }
    return version;
  }

  async function render(id: string, origin: string, options: RenderOptions): Promise<GeneratedCode> {
    const width = widthOf(options.width);
    // WeChat picks a colour from the logo when auto_color is set; Wharf's codes have no logo, so black.
    const dark = options.autoColor ? '#000000' : colourOf(options.lineColor);
    const hyaline = options.hyaline === true;
    const text = `${origin}/wxa/qr/${id}`;
    const key = createHash('sha256')
      .update(JSON.stringify([text, width, dark, hyaline]))
      .digest('hex');
    const cached = hot.get(key);
    if (cached) return { id, png: cached, text };
    const stored = await store.image(key);
    const bytes = stored ? await blobs.get(stored) : undefined;
    if (bytes) {
      hot.set(key, bytes);
      return { id, png: bytes, text };
    }
    const png = await QRCode.toBuffer(text, {
      type: 'png',
      width,
      margin: 2,
      errorCorrectionLevel: 'M',
      color: { dark: `${dark}ff`, light: hyaline ? '#00000000' : '#ffffffff' },
    });
    const hash = await blobs.put(png);
    await store.insertImage({ render_key: key, code_id: id, blob_hash: hash, created_at: clock() });
    hot.set(key, png);
    return { id, png, text };
  }

  /** Records the code (counted ones under the lifetime cap, under the app's lock). */
  async function record(input: {
    appId: string;
    appid: string;
    kind: QrCodeKind;
    env: EnvVersion;
    page: string;
    query: string;
    scene: string;
  }): Promise<string> {
    const id = codeId([input.appid, input.kind, input.env, input.page, input.query, input.scene]);
    const counted = input.kind !== 'unlimit';
    const limit = await settings.get('qrcodes.lifetimeCodes');
    await store.transaction(async (tx) => {
      if (counted) await tx.lockApp(input.appId);
      if (await tx.code(id)) return;
      if (counted && (await tx.countedCodes(input.appId)) >= limit) {
        throw new WharfError('qr_lifetime_cap', { limit });
      }
      await tx.insertCode({
        id,
        app_id: input.appId,
        kind: input.kind,
        env_version: input.env,
        page: input.page,
        query: input.query,
        scene: input.scene,
        counted: counted ? 1 : 0,
        created_at: clock(),
      });
    });
    return id;
  }

  return {
    /** `/wxa/getwxacode`: a page (with query) of the version env_version names; counts toward the cap. */
    async wxaCode(appid: string, input: WxaCodeInput, origin: string): Promise<GeneratedCode> {
      const { page, query } = splitPath(input.path);
      const env = envOf(input.envVersion);
      widthOf(input.width);
      colourOf(input.lineColor);
      const row = await app(appid);
      const version = await pagesOf(row.id, env);
      if (!version.pages.includes(page)) {
        throw invalidPage(`${page} is not a page of the ${env} version`, `${page} 不是${env}版本中的页面`);
      }
      const id = await record({ appId: row.id, appid, kind: 'wxacode', env, page, query, scene: '' });
      return render(id, origin, input);
    },

    /** `/wxa/getwxacodeunlimit`: a page and a scene (≤ 32 characters); not counted. */
    async unlimitedCode(appid: string, input: UnlimitedCodeInput, origin: string): Promise<GeneratedCode> {
      const scene = input.scene ?? '';
      if (scene.length === 0 || scene.length > CODE_LIMITS.sceneChars)
        throw new WharfError('qr_invalid_scene_length');
      if (!SCENE_CHARS.test(scene)) throw new WharfError('qr_invalid_scene');
      let page = input.page ?? '';
      if (page.startsWith('/')) throw invalidPage('page must not start with /', 'page 不能以 / 开头');
      if (page.includes('?'))
        throw invalidPage('page takes no query (use scene)', 'page 不能带参数（请使用 scene）');
      if (Buffer.byteLength(page) > CODE_LIMITS.pathBytes) throw new WharfError('wx_invalid_path_length');
      const env = envOf(input.envVersion);
      widthOf(input.width);
      colourOf(input.lineColor);
      const row = await app(appid);
      const checkPath = input.checkPath !== false;
      if (checkPath) {
        const version = await pagesOf(row.id, env);
        if (page === '') page = version.entryPagePath;
        else if (!version.pages.includes(page)) {
          throw invalidPage(`${page} is not a page of the ${env} version`, `${page} 不是${env}版本中的页面`);
        }
      } else if (page === '') {
        page = (await store.versionPages(row.id, env))?.entryPagePath ?? '';
      }
      const id = await record({ appId: row.id, appid, kind: 'unlimit', env, page, query: '', scene });
      return render(id, origin, input);
    },

    /** `/cgi-bin/wxaapp/createwxaqrcode`: a square code of a released page; counts toward the cap. */
    async squareCode(appid: string, input: { path?: string; width?: number }, origin: string) {
      const { page, query } = splitPath(input.path);
      widthOf(input.width);
      const row = await app(appid);
      const version = await pagesOf(row.id, 'release');
      if (!version.pages.includes(page)) {
        throw invalidPage(`${page} is not a page of the release`, `${page} 不是已发布版本中的页面`);
      }
      const id = await record({
        appId: row.id,
        appid,
        kind: 'square',
        env: 'release',
        page,
        query,
        scene: '',
      });
      return render(id, origin, { width: input.width });
    },

    /** The stored code a scanned `/wxa/qr/<id>` link names. */
    async lookup(id: string) {
      return store.code(id);
    },
  };
}

export type CodesService = ReturnType<typeof codesService>;
