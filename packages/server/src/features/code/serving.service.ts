import { createHmac, timingSafeEqual } from 'node:crypto';
import type { BlobStore } from '../../blobs/blob-store.ts';
import { WharfError } from '../../errors/wharf-error.ts';
import type { Role } from '../accounts/accounts.tables.ts';
import type { VersionManifest } from './code.service.ts';
import type { CodeStore, VersionRow } from './code.store.ts';
import type { CodeAccess, CodeApp } from './code-access.ts';
import type { Opener } from './gray-release.service.ts';

export interface Viewer {
  id: string;
  role: Role;
}

export type LaunchTarget = 'release' | 'trial' | 'develop';

/** Client users' ids (`newId('eu')`): a grant minted for one is judged as a tester's, never as an account's. */
const isEndUserId = (id: string) => id.startsWith('eu_');

/**
 * A grant in the URL lasts at most this long (a launched trial keeps loading pages for a working
 * day); every read also checks its holder's access now.
 */
const GRANT_MS = 12 * 3600 * 1000;
const HASH = /^[0-9a-f]{64}$/;
/** A sha256 in base64url, unpadded. */
const GRANT_HASH = /^[A-Za-z0-9_-]{43}$/;

const CONTENT_TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  json: 'application/json; charset=utf-8',
  wxml: 'text/plain; charset=utf-8',
  wxss: 'text/css; charset=utf-8',
  wxs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  html: 'text/html; charset=utf-8',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  webp: 'image/webp',
  ttf: 'font/ttf',
  otf: 'font/otf',
  woff: 'font/woff',
  woff2: 'font/woff2',
  mp3: 'audio/mpeg',
  aac: 'audio/aac',
  m4a: 'audio/mp4',
  wav: 'audio/wav',
  ogg: 'audio/ogg',
  mp4: 'video/mp4',
};

export function contentTypeOf(path: string): string {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  return CONTENT_TYPES[ext] ?? 'application/octet-stream';
}

/**
 * Serving packages to the runtime. A version is addressed by the hash of its built file list,
 * so its URLs never change meaning and cache forever. Released versions are public; any other
 * version is served to its developers, to testers (the trial version), to reviewers (submitted
 * versions), or to whoever holds a grant minted by the launch resolver: the runtime's frame
 * has an opaque origin and sends no cookies, so the grant rides in the URL's version segment.
 */
export function servingService(deps: {
  store: CodeStore;
  access: CodeAccess;
  blobs: BlobStore;
  grantKey: string;
  /** An account's role now, to judge a grant's holder as they are at the time of the read. */
  roleOf(userId: string): Promise<Role | undefined>;
  /** Which version a release launch serves this opener (the phased one, or the release). */
  releaseFor(app: CodeApp, releasedVersionId: string, opener: Opener): Promise<string>;
  /** Whether a client user tests the app now (`/wxa/bind_tester` naming their username). */
  isClientTester(app: CodeApp, endUserId: string): Promise<boolean>;
  /** Refuses a launch of an app out of service (closed by its admin, banned by the operator). */
  assertInService(app: CodeApp): Promise<void>;
  clock: () => number;
}) {
  const { store, access, blobs, clock } = deps;

  const sign = (appid: string, hash: string, expires: string, userId: string) =>
    createHmac('sha256', deps.grantKey)
      .update(`pkg:${appid}:${hash}:${expires}:${userId}`)
      .digest('base64url')
      .slice(0, 22);

  /**
   * `<hash>` (hex), or a grant `<hash base64url>.<expires>.<user id>.<signature>`: expiry in
   * base-36 unix seconds and a 128-bit signature; the hash in base64url keeps the segment
   * under Fastify's 100-character parameter limit. The grant names whom it was minted for, so
   * each read checks that person's access as it is now (a removed tester is refused at once).
   */
  function parseSegment(
    appid: string,
    segment: string,
  ): { hash: string; grantedTo: string | undefined } | undefined {
    const parts = segment.split('.');
    if (parts.length === 1)
      return parts[0] && HASH.test(parts[0]) ? { hash: parts[0], grantedTo: undefined } : undefined;
    const [packed, expires, userId, signature] = parts;
    if (parts.length !== 4 || !packed || !GRANT_HASH.test(packed) || !expires || !userId || !signature)
      return undefined;
    const hash = Buffer.from(packed, 'base64url').toString('hex');
    const until = Number.parseInt(expires, 36) * 1000;
    if (!Number.isSafeInteger(until) || until < clock()) return { hash, grantedTo: undefined };
    const expected = Buffer.from(sign(appid, hash, expires, userId));
    const given = Buffer.from(signature);
    const valid = expected.length === given.length && timingSafeEqual(expected, given);
    return { hash, grantedTo: valid ? userId : undefined };
  }

  /** Whether the viewer may read versions that were never released. */
  async function mayReadUnreleased(app: CodeApp, versions: VersionRow[], viewer?: Viewer): Promise<boolean> {
    if (!viewer) return false;
    const ids = versions.map((v) => v.id);
    if (await access.allows(app, viewer.id, 'developer')) return true;
    if (await access.allows(app, viewer.id, 'member')) {
      const slot = await store.slot(app.id);
      if (slot?.trial_version_id && ids.includes(slot.trial_version_id)) return true;
    }
    return (viewer.role === 'reviewer' || viewer.role === 'admin') && (await store.anyAuditOf(ids));
  }

  /** The person a grant was minted for, with their role now (none if the account is gone). */
  async function grantee(userId: string | undefined): Promise<Viewer | undefined> {
    const role = userId && !isEndUserId(userId) ? await deps.roleOf(userId) : undefined;
    return userId && role ? { id: userId, role } : undefined;
  }

  /** A client user's grant reads the trial version while they test the app, and nothing else. */
  async function clientTesterMayRead(app: CodeApp, versions: VersionRow[], grantedTo: string | undefined) {
    if (!grantedTo || !isEndUserId(grantedTo)) return false;
    const slot = await store.slot(app.id);
    if (!slot?.trial_version_id || !versions.some((v) => v.id === slot.trial_version_id)) return false;
    return deps.isClientTester(app, grantedTo);
  }

  async function readBuilt(version: VersionRow, path: string) {
    const row = await store.file(version.id, 'built', path);
    if (!row) return undefined;
    const bytes = await blobs.get(row.sha256);
    return bytes ? { sha256: row.sha256, bytes } : undefined;
  }

  return {
    /**
     * The URL segment that lets the runtime's cookieless frame read this version with the
     * access `userId` has, for as long as they keep it and at most a working day.
     */
    grant(appid: string, hash: string, userId: string): string {
      const expires = Math.floor((clock() + GRANT_MS) / 1000).toString(36);
      const packed = Buffer.from(hash, 'hex').toString('base64url');
      return `${packed}.${expires}.${userId}.${sign(appid, hash, expires, userId)}`;
    },

    /** One file of a built version, or "not found" for anything the viewer may not read. */
    async file(appid: string, segment: string, path: string, viewer?: Viewer) {
      const notFound = new WharfError('not_found', { what: 'file' });
      const parsed = parseSegment(appid, segment);
      const app = parsed ? await store.appByAppid(appid) : undefined;
      if (!parsed || !app) throw notFound;
      const versions = await store.versionsByBuiltHash(app.id, parsed.hash);
      const first = versions[0];
      if (!first) throw notFound;
      const isPublic = await store.everReleased(versions.map((v) => v.id));
      if (
        !isPublic &&
        !(await mayReadUnreleased(app, versions, viewer)) &&
        !(await mayReadUnreleased(app, versions, await grantee(parsed.grantedTo))) &&
        !(await clientTesterMayRead(app, versions, parsed.grantedTo))
      )
        throw notFound;
      const found = await readBuilt(first, path);
      if (!found) throw notFound;
      return { ...found, contentType: contentTypeOf(path), isPublic };
    },

    /**
     * Where the runtime finds a version and its manifest, inline so the first page can start
     * without another round trip. Release is public; trial needs a member or tester (a platform
     * account, or the client's `endUser`); develop (the latest upload) needs a developer.
     */
    async launch(
      appid: string,
      target: LaunchTarget,
      viewer: Viewer | undefined,
      origin: string,
      opener?: Opener,
      endUser?: { id: string },
    ) {
      const app = await access.app(appid);
      const level = target === 'trial' ? 'member' : 'developer';
      // Whom the package grant is minted for: the account, or the client user testing the app.
      let holder = viewer?.id;
      if (target !== 'release' && !(viewer && (await access.allows(app, viewer.id, level)))) {
        if (target === 'trial' && endUser) {
          // The client user knows the app (a card, a code): say why rather than "not found".
          if (!(await deps.isClientTester(app, endUser.id))) throw new WharfError('trial_not_tester');
          holder = endUser.id;
        } else throw new WharfError('not_found', { what: `${target} version` });
      }
      // Users meet a closed app whatever led them there; its members still open trial and develop.
      if (target === 'release' || holder !== viewer?.id) await deps.assertInService(app);
      const slot = await store.slot(app.id);
      const versionId =
        target === 'release'
          ? slot?.released_version_id && (await deps.releaseFor(app, slot.released_version_id, opener))
          : target === 'trial'
            ? slot?.trial_version_id
            : (await store.latestVersion(app.id))?.id;
      const version = versionId ? await store.version(versionId) : undefined;
      if (!version) throw new WharfError('not_found', { what: `${target} version` });
      const manifest = JSON.parse(version.manifest) as VersionManifest;
      const segment =
        target === 'release' || !holder ? version.built_hash : this.grant(appid, version.built_hash, holder);
      const entry = await readBuilt(version, manifest.entryFile);
      return {
        appid: app.appid,
        name: app.name,
        target,
        versionId: version.id,
        userVersion: version.user_version,
        versionHash: version.built_hash,
        packageBase: `${origin}/pkg/${app.appid}/${segment}/`,
        runtimeBase: `${origin}/runtime/`,
        entryFile: manifest.entryFile,
        manifest: entry ? (JSON.parse(Buffer.from(entry.bytes).toString('utf8')) as unknown) : null,
        entryPagePath: manifest.entryPagePath,
        pages: [...manifest.pages, ...manifest.subpackages.flatMap((s) => s.pages)],
        requestDomains: JSON.parse(app.request_domains) as string[],
        webviewDomains: JSON.parse(app.webview_domains) as string[],
        socketDomains: JSON.parse(app.socket_domains) as string[],
        uploadDomains: JSON.parse(app.upload_domains) as string[],
        downloadDomains: JSON.parse(app.download_domains) as string[],
      };
    },
  };
}

export type ServingService = ReturnType<typeof servingService>;
