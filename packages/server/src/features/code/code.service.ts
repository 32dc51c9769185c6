import { createHash } from 'node:crypto';
import type { BlobStore } from '../../blobs/blob-store.ts';
import type { ErrorCode } from '../../errors/catalogue.ts';
import { WharfError } from '../../errors/wharf-error.ts';
import { newId, randomToken, sha256hex } from '../../security/secrets.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import { ipAllowed, isValidAllowlistEntry } from '../tokens/ip-allowlist.ts';
import { type Expected, expectRevision } from './audits.service.ts';
import type { CodeFileRow, CodeStore, VersionRow } from './code.store.ts';
import type { CodeAccess, CodeApp } from './code-access.ts';
import { readZip } from './package/read-zip.ts';
import type { PackageRefusal } from './package/refusal.ts';
import { type PackageManifest, validatePackage } from './package/validate-package.ts';
import { type BuildDiagnostic, buildRefusal, type RuntimeBuild } from './runtime-bridge.ts';

/** What a version records about its package besides the files (stored as JSON). */
export interface VersionManifest {
  pages: string[];
  entryPagePath: string;
  subpackages: Array<{ root: string; pages: string[] }>;
  /** Some JS file mentions `navigateToMiniProgram` (a text scan, see the submit rule 85087). */
  navigatesToMiniProgram: boolean;
  /** app.json `navigateToMiniProgramAppIdList`. */
  navigateAppIds: string[];
  /** Path of the file the runtime fetches first: the built manifest, or app.json. */
  entryFile: string;
}

export interface VersionView {
  id: string;
  seq: number;
  userVersion: string;
  userDesc: string;
  uploader: string;
  versionHash: string;
  sourceHash: string;
  totalBytes: number;
  pages: string[];
  diagnostics: BuildDiagnostic[];
  /** The file the runtime fetches first (relative to the package base). */
  entryFile: string;
  isTrial: boolean;
  isReleased: boolean;
  createdAt: number;
  /** The same upload arrived twice (a double click, a retry): the first version, not a second. */
  reused?: boolean;
}

export interface UploadInput {
  appid: string;
  zip: Buffer;
  userVersion: string;
  userDesc: string;
  /** `user:<id>` or `key:<id>`. */
  uploader: string;
}

export interface CodeDeps {
  store: CodeStore;
  access: CodeAccess;
  blobs: BlobStore;
  settings: SettingsService;
  runtime: RuntimeBuild;
  clock: () => number;
}

const SIZE_RULES = new Set([
  'main_package_too_large',
  'subpackage_too_large',
  'package_too_large',
  'zip_too_large',
]);
/** Room for a zip's local headers and central directory on top of the files' bytes. */
const ZIP_OVERHEAD_BYTES = 1024 * 1024;
const VERSION_PATTERN = /^[0-9A-Za-z][0-9A-Za-z._+-]{0,63}$/;

/** sha256 over a sorted `path sha256` list: the same files give the same hash, whatever the order. */
export function fileListHash(files: Array<{ path: string; sha256: string }>): string {
  const lines = files.map((f) => `${f.path}\u0000${f.sha256}\n`).sort();
  return createHash('sha256').update(lines.join('')).digest('hex');
}

/** One refusal error naming the first files and rules at fault (a refusal never stores anything). */
export function refusalError(refusals: PackageRefusal[]): WharfError {
  const first = refusals[0];
  const code: ErrorCode = refusals.some((r) => SIZE_RULES.has(r.rule))
    ? 'package_too_large'
    : refusals.some((r) => r.rule === 'app_json_no_pages')
      ? 'package_no_pages'
      : 'package_invalid';
  const shown = refusals.slice(0, 5);
  const more = refusals.length - shown.length;
  const tail = more > 0 ? ` (+${more} more)` : '';
  const detail = shown.map((r) => `${r.message} [${r.rule}]`).join(' ') + tail;
  const detailZh = shown.map((r) => `${r.messageZh}[${r.rule}]`).join('') + tail;
  return new WharfError(code, { detail, detailZh, rule: first?.rule ?? '' }, first?.file || 'package');
}

export function codeService(deps: CodeDeps) {
  const { store, access, blobs, settings, clock } = deps;

  async function view(row: VersionRow, slot?: { trial?: string | null; released?: string | null }) {
    const manifest = JSON.parse(row.manifest) as VersionManifest;
    return {
      id: row.id,
      seq: row.seq,
      userVersion: row.user_version,
      userDesc: row.user_desc,
      uploader: row.uploader,
      versionHash: row.built_hash,
      sourceHash: row.source_hash,
      totalBytes: row.total_bytes,
      pages: [...manifest.pages, ...manifest.subpackages.flatMap((s) => s.pages)],
      diagnostics: JSON.parse(row.diagnostics) as BuildDiagnostic[],
      entryFile: manifest.entryFile,
      isTrial: slot?.trial === row.id,
      isReleased: slot?.released === row.id,
      createdAt: row.created_at,
    } satisfies VersionView;
  }

  async function limits() {
    const mainPackageBytes = await settings.get('code.mainPackageBytes');
    const totalBytes = await settings.get('code.totalPackageBytes');
    return { mainPackageBytes, totalBytes, subpackageBytes: mainPackageBytes };
  }

  async function readPackage(
    zip: Buffer,
  ): Promise<{ files: Map<string, Uint8Array>; manifest: PackageManifest }> {
    const limit = await limits();
    const read = await readZip(zip, { maxTotalBytes: limit.totalBytes });
    if (!read.ok) throw refusalError(read.refusals);
    const checked = validatePackage(read.files, limit);
    if (!checked.ok) throw refusalError(checked.refusals);
    return { files: read.files, manifest: checked.manifest };
  }

  /** The runtime's built form: what the browser runtime fetches. */
  async function build(files: Map<string, Uint8Array>) {
    try {
      const built = await deps.runtime.buildPackage(files);
      return { ...built, entryFile: deps.runtime.MANIFEST_PATH };
    } catch (error) {
      const refusal = buildRefusal(error);
      if (refusal) throw refusalError([refusal]);
      const detail = `the runtime could not build the package: ${error instanceof Error ? error.message : String(error)}`;
      throw new WharfError('package_invalid', { detail, detailZh: detail }, 'package');
    }
  }

  async function uploadable(appid: string, userVersionRaw: string): Promise<CodeApp> {
    const app = await access.app(appid);
    if (app.status === 'registered') throw new WharfError('details_incomplete');
    if (!VERSION_PATTERN.test(userVersionRaw.trim())) {
      throw new WharfError(
        'validation_failed',
        { field: 'version', reason: 'letters, digits and . _ + -, up to 64 characters' },
        'version',
      );
    }
    return app;
  }

  async function storeVersion(
    app: CodeApp,
    files: Map<string, Uint8Array>,
    manifest: PackageManifest,
    input: Omit<UploadInput, 'zip'>,
  ): Promise<VersionView> {
    const userVersion = input.userVersion.trim();
    const userDesc = input.userDesc.trim().slice(0, 1000);
    const appJson = JSON.parse(
      Buffer.from(files.get('app.json') ?? [])
        .toString('utf8')
        .replace(/^\uFEFF/, ''),
    );
    const built = await build(files);

    // Blobs first: they are immutable and content-addressed, so a failure below leaves only
    // unreferenced blobs behind, never a version row that points at missing bytes.
    const sourceRows = await putAll(blobs, files, 'source');
    const builtRows = await putAll(blobs, built.files, 'built');
    const versionManifest: VersionManifest = {
      pages: manifest.pages,
      entryPagePath: manifest.entryPagePath,
      subpackages: manifest.subpackages.map((s) => ({ root: s.root, pages: s.pages })),
      navigatesToMiniProgram: [...files].some(
        ([path, bytes]) => path.endsWith('.js') && Buffer.from(bytes).includes('navigateToMiniProgram'),
      ),
      navigateAppIds: Array.isArray(appJson.navigateToMiniProgramAppIdList)
        ? appJson.navigateToMiniProgramAppIdList.filter((id: unknown) => typeof id === 'string')
        : [],
      entryFile: built.entryFile,
    };
    const now = clock();
    const row: VersionRow = {
      id: newId('ver'),
      app_id: app.id,
      seq: 0,
      user_version: userVersion,
      user_desc: userDesc,
      uploader: input.uploader,
      source_hash: fileListHash(sourceRows),
      built_hash: fileListHash(builtRows),
      manifest: JSON.stringify(versionManifest),
      diagnostics: JSON.stringify(built.diagnostics.slice(0, 200)),
      total_bytes: manifest.totalBytes,
      created_at: now,
    };
    const reused = await store.transaction(async (tx) => {
      await tx.ensureSlot(app.id);
      const slot = await tx.lockSlot(app.id);
      const latest = await tx.latestVersion(app.id);
      if (latest && sameUpload(latest, row)) return latest;
      row.seq = slot?.next_seq ?? 1;
      const withVersion = (f: Omit<CodeFileRow, 'version_id'>) => ({ ...f, version_id: row.id });
      await tx.insertVersion(row, [...sourceRows.map(withVersion), ...builtRows.map(withVersion)]);
      await tx.updateSlot(app.id, { next_seq: row.seq + 1 });
      if (app.status === 'details_complete') await tx.setAppStatus(app.id, 'developing', now);
      return undefined;
    });
    return reused ? { ...(await view(reused)), reused: true } : view(row);
  }

  return {
    view,

    /** Checks, builds and stores an uploaded zip as a new development version. */
    async upload(input: UploadInput): Promise<VersionView> {
      const app = await uploadable(input.appid, input.userVersion);
      const { files, manifest } = await readPackage(input.zip);
      return storeVersion(app, files, manifest, input);
    },

    /**
     * Refuses an upload whose declared length cannot hold a package within the operator's
     * limit, before its body is read. A zip's headers add a little to the files' own bytes.
     */
    async checkDeclaredSize(contentLength: string | undefined): Promise<void> {
      if (contentLength === undefined) return;
      const declared = Number(contentLength);
      const allowed = (await settings.get('code.totalPackageBytes')) + ZIP_OVERHEAD_BYTES;
      if (Number.isFinite(declared) && declared > allowed) {
        throw new WharfError('package_too_large', {
          detail: `the body declares ${declared} bytes; at most ${allowed} are accepted`,
          detailZh: `请求体声明 ${declared} 字节，最多接受 ${allowed} 字节`,
          rule: 'zip_too_large',
        });
      }
    },

    /** The same for files already in memory (the demo seed reads a project folder). */
    async uploadFiles(
      input: Omit<UploadInput, 'zip'> & { files: Map<string, Uint8Array> },
    ): Promise<VersionView> {
      const app = await uploadable(input.appid, input.userVersion);
      const checked = validatePackage(input.files, await limits());
      if (!checked.ok) throw refusalError(checked.refusals);
      return storeVersion(app, input.files, checked.manifest, input);
    },

    /** The released version's row, if any (the demo seed compares contents before uploading again). */
    async released(appid: string): Promise<VersionRow | undefined> {
      const slot = await store.slot((await access.app(appid)).id);
      return slot?.released_version_id ? store.version(slot.released_version_id) : undefined;
    },

    /** The app's code slot (trial, release, revision), for the console's overview. */
    async slot(appid: string) {
      return store.slot((await access.app(appid)).id);
    },

    async versions(userId: string, appid: string): Promise<VersionView[]> {
      const app = await access.reach(userId, appid, 'member');
      const slot = await store.slot(app.id);
      const rows = await store.versionsOf(app.id);
      return Promise.all(
        rows.map((row) => view(row, { trial: slot?.trial_version_id, released: slot?.released_version_id })),
      );
    },

    /** A version of an app the user develops, with its source files. */
    async version(userId: string, appid: string, versionId: string) {
      const app = await access.reach(userId, appid, 'developer');
      const row = await store.version(versionId);
      if (!row || row.app_id !== app.id) throw new WharfError('not_found', { what: 'version' });
      const slot = await store.slot(app.id);
      const files = await store.files(row.id, 'source');
      return {
        ...(await view(row, { trial: slot?.trial_version_id, released: slot?.released_version_id })),
        files: files.map((f) => ({ path: f.path, sha256: f.sha256, bytes: f.bytes })),
      };
    },

    /** Picks the version members and testers open as the trial version. */
    async setTrial(userId: string, appid: string, versionId: string, expected?: Expected): Promise<void> {
      const app = await access.reach(userId, appid, 'developer');
      const row = await store.version(versionId);
      if (!row || row.app_id !== app.id) throw new WharfError('not_found', { what: 'version' }, 'versionId');
      await store.transaction(async (tx) => {
        await tx.ensureSlot(app.id);
        expectRevision(await tx.lockSlot(app.id), expected);
        await tx.updateSlot(app.id, { trial_version_id: row.id });
      });
    },

    /** The latest uploaded version (WeChat's "committed code"), or 85086. */
    async latest(app: CodeApp): Promise<VersionRow> {
      const row = await store.latestVersion(app.id);
      if (!row) throw new WharfError('code_not_uploaded');
      return row;
    },

    /** `/wxa/get_page`: the pages of the committed code. */
    async pages(appid: string): Promise<string[]> {
      const row = await this.latest(await access.app(appid));
      const manifest = JSON.parse(row.manifest) as VersionManifest;
      return [...manifest.pages, ...manifest.subpackages.flatMap((s) => s.pages)];
    },

    // Upload keys

    async createKey(userId: string, appid: string, input: { label?: string; ipAllowlist?: string[] }) {
      const app = await access.reach(userId, appid, 'owner');
      const list = input.ipAllowlist ?? [];
      const bad = list.find((entry) => !isValidAllowlistEntry(entry));
      if (bad !== undefined) {
        throw new WharfError('validation_failed', {
          field: 'ipAllowlist',
          reason: `not an IP or CIDR: ${bad}`,
        });
      }
      const key = `wuk_${randomToken(32)}`;
      const row = {
        id: newId('key'),
        app_id: app.id,
        key_hash: sha256hex(key),
        label: input.label?.trim() || 'upload key',
        ip_allowlist: JSON.stringify(list),
        created_by: userId,
        created_at: clock(),
        last_used_at: null,
      };
      await store.insertKey(row);
      return { ...keyView(row), key };
    },

    async keys(userId: string, appid: string) {
      const app = await access.reach(userId, appid, 'owner');
      return (await store.keysOf(app.id)).map(keyView);
    },

    async deleteKey(userId: string, appid: string, keyId: string): Promise<void> {
      const app = await access.reach(userId, appid, 'owner');
      if (!(await store.deleteKey(app.id, keyId))) throw new WharfError('not_found', { what: 'upload key' });
    },

    /** Checks an upload key for an app and the caller's IP; returns the uploader label. */
    async authenticateKey(appid: string, key: string, ip: string): Promise<string> {
      const app = await access.app(appid).catch(() => undefined);
      const row = await store.keyByHash(sha256hex(key));
      if (!app || !row || row.app_id !== app.id) throw new WharfError('upload_key_invalid');
      if (!ipAllowed(JSON.parse(row.ip_allowlist) as string[], ip))
        throw new WharfError('upload_key_ip', { ip });
      await store.touchKey(row.id, clock());
      return `key:${row.id}`;
    },
  };
}

/** A repeat of the latest upload: same files, version, description and uploader. */
function sameUpload(latest: VersionRow, row: VersionRow): boolean {
  return (
    latest.source_hash === row.source_hash &&
    latest.user_version === row.user_version &&
    latest.user_desc === row.user_desc &&
    latest.uploader === row.uploader
  );
}

function keyView(row: {
  id: string;
  label: string;
  ip_allowlist: string;
  created_at: number;
  last_used_at: number | null;
}) {
  return {
    id: row.id,
    label: row.label,
    ipAllowlist: JSON.parse(row.ip_allowlist) as string[],
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
  };
}

async function putAll(
  blobs: BlobStore,
  files: ReadonlyMap<string, Uint8Array>,
  kind: 'source' | 'built',
): Promise<Array<Omit<CodeFileRow, 'version_id'>>> {
  const entries = [...files];
  const rows: Array<Omit<CodeFileRow, 'version_id'>> = [];
  // A few at a time: each put is an fsync, and thousands at once would exhaust file handles.
  for (let i = 0; i < entries.length; i += 16) {
    const batch = entries.slice(i, i + 16);
    const hashes = await Promise.all(batch.map(([, bytes]) => blobs.put(bytes)));
    batch.forEach(([path, bytes], j) => {
      rows.push({ kind, path, sha256: hashes[j]!, bytes: bytes.byteLength });
    });
  }
  return rows;
}

export type CodeService = ReturnType<typeof codeService>;
