import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Context } from '../../context.ts';
import { WharfError } from '../../errors/wharf-error.ts';
import { currentUser, sessionGuard } from '../../http/auth.ts';
import { CategoryIdInt, Ok, SESSION_SECURITY } from '../../http/schemas.ts';
import { clientSessionToken } from '../end-users/end-user-auth.ts';
import type { Opener } from './gray-release.service.ts';
import { runtimeOriginOf } from './runtime-origin.ts';
import type { Viewer } from './serving.service.ts';

export const UPLOAD_KEY_HEADER = 'x-wharf-upload-key';
/**
 * The hard ceiling of an upload body; the operator's package limit is checked against the
 * declared length before reading, and against the actual bytes after.
 */
const UPLOAD_BODY_LIMIT = 64 * 1024 * 1024;

declare module 'fastify' {
  interface FastifyRequest {
    /** Who uploads: `user:<id>` or `key:<id>`, settled before the body is read. */
    uploader?: string;
  }
}

const AppidParam = Type.Object({ appid: Type.String({ pattern: '^wx[0-9a-f]{16}$' }) });
const Diagnostic = Type.Object({
  file: Type.String(),
  line: Type.Number(),
  column: Type.Number(),
  message: Type.String(),
});
export const Version = Type.Object({
  id: Type.String(),
  seq: Type.Integer(),
  userVersion: Type.String(),
  userDesc: Type.String(),
  uploader: Type.String(),
  versionHash: Type.String(),
  sourceHash: Type.String(),
  totalBytes: Type.Integer(),
  pages: Type.Array(Type.String()),
  diagnostics: Type.Array(Diagnostic),
  entryFile: Type.String(),
  isTrial: Type.Boolean(),
  isReleased: Type.Boolean(),
  createdAt: Type.Number(),
});
const FileEntry = Type.Object({ path: Type.String(), sha256: Type.String(), bytes: Type.Integer() });
const UploadKey = Type.Object({
  id: Type.String(),
  label: Type.String(),
  ipAllowlist: Type.Array(Type.String()),
  createdAt: Type.Number(),
  lastUsedAt: Type.Union([Type.Number(), Type.Null()]),
});
/** The slot revision the console saw; a different current one answers 409 code_conflict. */
export const Revision = Type.Optional(Type.Integer({ minimum: 0 }));
export const AuditStatusView = Type.Object({
  auditid: Type.Number(),
  status: Type.Integer(),
  statusName: Type.String(),
  reason: Type.String(),
  itemReasons: Type.Array(Type.Object({ address: Type.String(), reason: Type.String() })),
  hasScreenshot: Type.Boolean(),
  submittedAt: Type.Number(),
  decidedAt: Type.Union([Type.Number(), Type.Null()]),
  releasedAt: Type.Union([Type.Number(), Type.Null()]),
  versionId: Type.String(),
});
const Item = Type.Object({
  address: Type.String({ maxLength: 512 }),
  tag: Type.Optional(Type.String({ maxLength: 400 })),
  firstClass: Type.Optional(Type.String({ maxLength: 64 })),
  secondClass: Type.Optional(Type.String({ maxLength: 64 })),
  firstId: Type.Optional(CategoryIdInt),
  secondId: Type.Optional(CategoryIdInt),
  title: Type.Optional(Type.String({ maxLength: 64 })),
});

/** The origin the caller reached us by: package URLs must work from wherever the client is. */
/**
 * The origin links are built on (package bases, previews, QR codes): the configured public URL
 * when the operator set one, else the origin the request came in on (local use, tests).
 */
export function requestOrigin(ctx: Context, request: FastifyRequest): string {
  return ctx.config.publicUrlFixed ? ctx.config.publicUrl : `${request.protocol}://${request.host}`;
}

/** The session user if there is one; launching a released version needs none. */
export async function optionalViewer(ctx: Context, request: FastifyRequest): Promise<Viewer | undefined> {
  try {
    await sessionGuard(ctx.accounts)(request);
  } catch {
    return undefined;
  }
  return request.user ? { id: request.user.id, role: request.user.role } : undefined;
}

/**
 * Who opens a released version, for a phased release: the platform account if signed in to the
 * console (members and testers may get the new version first), else the client's user.
 */
async function openerOf(ctx: Context, request: FastifyRequest, viewer: Viewer | undefined): Promise<Opener> {
  if (viewer) return { kind: 'account', id: viewer.id };
  const endUser = await clientUser(ctx, request);
  return endUser ? { kind: 'end-user', id: endUser.id } : undefined;
}

/** The client's signed-in user, if any (the client shares the platform's origin). */
export async function clientUser(ctx: Context, request: FastifyRequest): Promise<{ id: string } | undefined> {
  const { token } = clientSessionToken(request);
  return token ? await ctx.endUsers.session(token) : undefined;
}

export const codeRoutes =
  (ctx: Context): FastifyPluginAsyncTypebox =>
  async (app) => {
    const guard = sessionGuard(ctx.accounts);
    const tags = ['code'];
    const { packages, audits, serving } = ctx.code;

    // Zip bodies are read whole only by the upload route, whose own bodyLimit admits packages;
    // every other route keeps the server's 1 MB limit.
    app.addContentTypeParser(
      ['application/zip', 'application/octet-stream'],
      { parseAs: 'buffer' },
      (_request, body, done) => done(null, body),
    );

    app.post(
      '/code/:appid/versions',
      {
        schema: {
          tags,
          summary:
            'Upload a code package (zip body) as a development version; authenticated by a session or an upload key',
          security: [...SESSION_SECURITY, { uploadKey: [] }],
          params: AppidParam,
          querystring: Type.Object({
            version: Type.String({ minLength: 1, maxLength: 64 }),
            desc: Type.Optional(Type.String({ maxLength: 1000 })),
          }),
          response: { 200: Version, 201: Version },
        },
        bodyLimit: UPLOAD_BODY_LIMIT,
        // The caller and its right to this app are settled before a byte of the body is read.
        onRequest: async (request) => {
          const { appid } = request.params as { appid: string };
          const key = request.headers[UPLOAD_KEY_HEADER];
          if (typeof key === 'string') {
            request.uploader = await ctx.rateLimits.attempt(
              'uploadKey',
              { subject: appid, ip: request.ip },
              () => packages.authenticateKey(appid, key, request.ip),
            );
          } else {
            await guard(request);
            const user = currentUser(request);
            await ctx.code.access.reach(user.id, appid, 'developer');
            request.uploader = `user:${user.id}`;
          }
          await packages.checkDeclaredSize(request.headers['content-length']);
        },
      },
      async (request, reply) => {
        const { appid } = request.params;
        const uploader = request.uploader;
        if (!uploader) throw new WharfError('unauthenticated');
        const zip = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const version = await packages.upload({
          appid,
          zip,
          userVersion: request.query.version,
          userDesc: request.query.desc ?? '',
          uploader,
        });
        // A repeat of the latest upload (double click, retry) answers the first version with 200.
        return reply.status(version.reused ? 200 : 201).send(version);
      },
    );

    app.get(
      '/code/:appid/versions',
      { schema: { tags, params: AppidParam, response: { 200: Type.Array(Version) } }, onRequest: guard },
      async (request) => packages.versions(currentUser(request).id, request.params.appid),
    );

    app.get(
      '/code/:appid/versions/:versionId',
      {
        schema: {
          tags,
          params: Type.Object({
            appid: AppidParam.properties.appid,
            versionId: Type.String({ maxLength: 64 }),
          }),
          response: { 200: Type.Intersect([Version, Type.Object({ files: Type.Array(FileEntry) })]) },
        },
        onRequest: guard,
      },
      async (request) =>
        packages.version(currentUser(request).id, request.params.appid, request.params.versionId),
    );

    app.put(
      '/code/:appid/trial',
      {
        schema: {
          tags,
          summary: 'Pick the trial version, opened by members and testers',
          params: AppidParam,
          body: Type.Object({ versionId: Type.String({ maxLength: 64 }), revision: Revision }),
          response: { 200: Ok },
        },
        onRequest: guard,
      },
      async (request) => {
        await packages.setTrial(currentUser(request).id, request.params.appid, request.body.versionId, {
          revision: request.body.revision,
        });
        return { ok: true as const };
      },
    );

    app.post(
      '/code/:appid/upload-keys',
      {
        schema: {
          tags,
          summary: 'Create an upload key for `wharf upload` (shown once), optionally limited to IPs',
          params: AppidParam,
          body: Type.Object({
            label: Type.Optional(Type.String({ maxLength: 64 })),
            ipAllowlist: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 200 })),
          }),
          response: { 201: Type.Intersect([UploadKey, Type.Object({ key: Type.String() })]) },
        },
        onRequest: guard,
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await packages.createKey(currentUser(request).id, request.params.appid, request.body)),
    );

    app.get(
      '/code/:appid/upload-keys',
      { schema: { tags, params: AppidParam, response: { 200: Type.Array(UploadKey) } }, onRequest: guard },
      async (request) => packages.keys(currentUser(request).id, request.params.appid),
    );

    app.delete(
      '/code/:appid/upload-keys/:keyId',
      {
        schema: {
          tags,
          params: Type.Object({ appid: AppidParam.properties.appid, keyId: Type.String({ maxLength: 64 }) }),
          response: { 200: Ok },
        },
        onRequest: guard,
      },
      async (request) => {
        await packages.deleteKey(currentUser(request).id, request.params.appid, request.params.keyId);
        return { ok: true as const };
      },
    );

    app.post(
      '/code/:appid/audits',
      {
        schema: {
          tags,
          summary: 'Submit a version for audit (the native form of /wxa/submit_audit)',
          params: AppidParam,
          body: Type.Object({
            versionId: Type.Optional(Type.String({ maxLength: 64 })),
            items: Type.Array(Item, { maxItems: 20 }),
            feedbackInfo: Type.Optional(Type.String({ maxLength: 2000 })),
            versionDesc: Type.Optional(Type.String({ maxLength: 2000 })),
            revision: Revision,
          }),
          response: { 201: Type.Object({ auditid: Type.Number() }) },
        },
        onRequest: guard,
      },
      async (request, reply) => {
        const { appid } = request.params;
        await ctx.code.access.reach(currentUser(request).id, appid, 'developer');
        const auditid = await audits.submit(appid, request.body);
        return reply.status(201).send({ auditid });
      },
    );

    app.get(
      '/code/:appid/audits/latest',
      { schema: { tags, params: AppidParam, response: { 200: AuditStatusView } }, onRequest: guard },
      async (request) => {
        await ctx.code.access.reach(currentUser(request).id, request.params.appid, 'developer');
        return audits.latest(request.params.appid);
      },
    );

    for (const [path, action] of [
      ['release', audits.release],
      ['revert', audits.revert],
    ] as const) {
      app.post(
        `/code/:appid/${path}`,
        {
          schema: {
            tags,
            summary:
              path === 'release'
                ? 'Release the version that passed audit (completes a running phased release of it)'
                : 'Roll back to the previous release, once; refused while a phased release runs',
            params: AppidParam,
            body: Type.Optional(Type.Object({ revision: Revision })),
            response: { 200: Type.Object({ versionId: Type.String() }) },
          },
          onRequest: guard,
        },
        async (request) => {
          await ctx.code.access.reach(currentUser(request).id, request.params.appid, 'developer');
          return action(request.params.appid, { revision: request.body?.revision });
        },
      );
    }

    app.get(
      '/code/:appid/releases',
      {
        schema: {
          tags,
          summary: 'Release history, newest first',
          params: AppidParam,
          response: {
            200: Type.Array(
              Type.Object({
                kind: Type.String(),
                versionId: Type.String(),
                userVersion: Type.String(),
                userDesc: Type.String(),
                auditid: Type.Union([Type.Number(), Type.Null()]),
                at: Type.Number(),
                current: Type.Boolean(),
              }),
            ),
          },
        },
        onRequest: guard,
      },
      async (request) => {
        await ctx.code.access.reach(currentUser(request).id, request.params.appid, 'member');
        return audits.history(request.params.appid);
      },
    );

    app.get(
      '/code/:appid/events',
      {
        schema: {
          tags,
          summary: 'Events recorded for the app (audit results), oldest first',
          params: AppidParam,
          response: {
            200: Type.Array(
              Type.Object({
                type: Type.String(),
                payload: Type.Record(Type.String(), Type.Unknown()),
                createdAt: Type.Number(),
                deliveredAt: Type.Union([Type.Number(), Type.Null()]),
              }),
            ),
          },
        },
        onRequest: guard,
      },
      async (request) => {
        await ctx.code.access.reach(currentUser(request).id, request.params.appid, 'developer');
        return (await ctx.events.forApp(request.params.appid)).map((row) => ({
          type: row.type,
          payload: JSON.parse(row.payload) as Record<string, unknown>,
          createdAt: row.created_at,
          deliveredAt: row.delivered_at,
        }));
      },
    );

    // Before any tap: the client boots a runtime frame from here so opening a mini program skips it.
    app.get(
      '/runtime',
      {
        schema: {
          tags,
          summary:
            'Where mini programs run (the runtime origin /runtime/): a client preloads a frame from it before the user opens one',
          security: [],
          response: { 200: Type.Object({ runtimeBase: Type.String() }) },
        },
      },
      async (request, reply) => {
        reply.header('cache-control', 'public, max-age=300');
        return {
          runtimeBase: `${runtimeOriginOf(ctx.config, request) ?? requestOrigin(ctx, request)}/runtime/`,
        };
      },
    );

    app.get(
      '/launch/:appid',
      {
        schema: {
          tags,
          summary:
            'Where the runtime loads a version from, with its manifest inline. release is public; trial needs a member or tester session (a console account, or a client user bound with /wxa/bind_tester: 403 trial_not_tester for other client users); develop a developer',
          security: [{}, ...SESSION_SECURITY],
          params: AppidParam,
          querystring: Type.Object({
            version: Type.Optional(
              Type.Union([Type.Literal('release'), Type.Literal('trial'), Type.Literal('develop')]),
            ),
            path: Type.Optional(Type.String({ maxLength: 1024 })),
          }),
          response: {
            200: Type.Object({
              appid: Type.String(),
              name: Type.Union([Type.String(), Type.Null()]),
              target: Type.String(),
              versionId: Type.String(),
              userVersion: Type.String(),
              versionHash: Type.String(),
              packageBase: Type.String(),
              runtimeBase: Type.String({
                description: 'The runtime origin /runtime/ (frame.html is there): where package code runs',
              }),
              entryFile: Type.String(),
              manifest: Type.Unknown(),
              entryPagePath: Type.String(),
              pages: Type.Array(Type.String()),
              requestDomains: Type.Array(Type.String()),
              webviewDomains: Type.Array(Type.String(), {
                description: 'Business domains (业务域名) for <web-view>: pass to mountMiniProgram',
              }),
              socketDomains: Type.Array(Type.String(), { description: 'wx.connectSocket domains (wss://)' }),
              uploadDomains: Type.Array(Type.String(), { description: 'wx.uploadFile domains' }),
              downloadDomains: Type.Array(Type.String(), { description: 'wx.downloadFile domains' }),
              scene: Type.Optional(Type.Integer()),
              path: Type.Optional(Type.String()),
            }),
          },
        },
      },
      async (request, reply) => {
        const target = request.query.version ?? 'release';
        const viewer = await optionalViewer(ctx, request);
        const launch = await serving.launch(
          request.params.appid,
          target,
          target === 'release' ? undefined : viewer,
          runtimeOriginOf(ctx.config, request) ?? requestOrigin(ctx, request),
          target === 'release' ? await openerOf(ctx, request, viewer) : undefined,
          target === 'trial' && !viewer ? await clientUser(ctx, request) : undefined,
        );
        // Mutable, and per user during a phased release.
        reply.header('cache-control', target === 'release' ? 'private, no-cache' : 'private, no-store');
        const path = request.query.path;
        // The trial QR code (`/wxa/get_qrcode`) leads here; WeChat reports scene 1017 for it.
        return { ...launch, ...(target === 'trial' ? { scene: 1017 } : {}), ...(path ? { path } : {}) };
      },
    );
  };
