import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Context } from '../../context.ts';
import { WharfError } from '../../errors/wharf-error.ts';
import { currentUser, requireRole, sessionGuard } from '../../http/auth.ts';
import { Ok } from '../../http/schemas.ts';
import { decodeDataUrl } from '../miniprograms/data-url.ts';
import { AuditStatusView, requestOrigin } from './code.routes.ts';
import { runtimeOriginOf } from './runtime-origin.ts';
import { contentTypeOf } from './serving.service.ts';

const AuditParam = Type.Object({ auditid: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) });

/** The reviewers' queue: see a submitted package, open it in the runtime's preview, decide. */
export const reviewRoutes =
  (ctx: Context): FastifyPluginAsyncTypebox =>
  async (app) => {
    const reviewer = [sessionGuard(ctx.accounts), requireRole('reviewer', 'admin')];
    const tags = ['review'];
    const { audits, serving } = ctx.code;

    app.get(
      '/review/audits',
      {
        schema: {
          tags,
          summary: 'Audits awaiting a decision (auditing or delayed), oldest first',
          response: {
            200: Type.Array(
              Type.Object({
                auditid: Type.Number(),
                status: Type.Integer(),
                statusName: Type.String(),
                appid: Type.String(),
                appName: Type.Union([Type.String(), Type.Null()]),
                subjectType: Type.String(),
                categories: Type.Array(Type.String()),
                pages: Type.Array(Type.String()),
                userVersion: Type.String(),
                userDesc: Type.String(),
                submittedAt: Type.Number(),
              }),
            ),
          },
        },
        onRequest: reviewer,
      },
      async () => audits.queue(),
    );

    app.get(
      '/review/history',
      {
        schema: {
          tags,
          summary: 'Decisions reviewers made (passed or rejected), newest first',
          response: {
            200: Type.Array(
              Type.Intersect([
                AuditStatusView,
                Type.Object({
                  appid: Type.String(),
                  appName: Type.Union([Type.String(), Type.Null()]),
                  userVersion: Type.String(),
                  reviewer: Type.String(),
                }),
              ]),
            ),
          },
        },
        onRequest: reviewer,
      },
      async () => audits.decided(),
    );

    app.get<{ Params: { auditid: string; '*': string } }>(
      '/review/audits/:auditid/files/*',
      {
        schema: {
          tags,
          summary: 'A source file of the submitted version, as stored (text shown as text, images as images)',
        },
        onRequest: reviewer,
      },
      async (request, reply) => {
        const auditid = Number(request.params.auditid);
        if (!Number.isSafeInteger(auditid)) throw new WharfError('not_found', { what: 'audit' });
        const file = await audits.sourceFile(auditid, request.params['*']);
        const bytes = await ctx.blobs.get(file.sha256);
        if (!bytes) throw new WharfError('not_found', { what: 'file' });
        const type = contentTypeOf(file.path);
        const shown = type.startsWith('image/') && !type.includes('svg') ? type : 'text/plain; charset=utf-8';
        // Source is data to the reviewer's page, never a document of the platform's origin.
        return reply
          .type(shown)
          .header('content-security-policy', "sandbox; default-src 'none'")
          .header('x-content-type-options', 'nosniff')
          .header('cache-control', 'private, max-age=3600')
          .send(Buffer.from(bytes));
      },
    );

    app.get(
      '/review/audits/:auditid/screenshot',
      { schema: { tags, summary: "The rejection's screenshot", params: AuditParam }, onRequest: reviewer },
      async (request, reply) => {
        const bytes = await ctx.blobs.get(await audits.screenshot(request.params.auditid));
        if (!bytes) throw new WharfError('not_found', { what: 'screenshot' });
        return reply.type(bytes[0] === 0x89 ? 'image/png' : 'image/jpeg').send(Buffer.from(bytes));
      },
    );

    app.get(
      '/review/audits/:auditid',
      {
        schema: {
          tags,
          summary: "An audit with the package's pages and files, and a preview link into the runtime",
          params: AuditParam,
          response: { 200: Type.Record(Type.String(), Type.Unknown()) },
        },
        onRequest: reviewer,
      },
      async (request) => {
        const detail = await audits.detail(request.params.auditid);
        const origin = requestOrigin(ctx, request);
        const runtime = runtimeOriginOf(ctx.config, request) ?? origin;
        const packageBase = `${runtime}/pkg/${detail.appid}/${serving.grant(detail.appid, detail.version.versionHash, currentUser(request).id)}/`;
        const query = new URLSearchParams({
          packageBase,
          appid: detail.appid,
          runtimeBase: `${runtime}/runtime/`,
          // The reviewer sees the app's web-view pages as its users will: its business domains only.
          webviewDomains: (
            await ctx.miniPrograms.changeWebviewDomains({ appid: detail.appid }, 'get', [])
          ).list.join(','),
        });
        return { ...detail, preview: { packageBase, url: `${origin}/runtime/preview.html?${query}` } };
      },
    );

    app.post(
      '/review/audits/:auditid/approve',
      { schema: { tags, params: AuditParam, response: { 200: Ok } }, onRequest: reviewer },
      async (request) => {
        await audits.approve(currentUser(request).id, request.params.auditid);
        return { ok: true as const };
      },
    );

    app.post(
      '/review/audits/:auditid/reject',
      {
        schema: {
          tags,
          summary: 'Reject with a reason, and optionally a reason per submitted page',
          params: AuditParam,
          body: Type.Object({
            reason: Type.String({ minLength: 1, maxLength: 2000 }),
            items: Type.Optional(
              Type.Array(
                Type.Object({
                  address: Type.String({ maxLength: 512 }),
                  reason: Type.String({ minLength: 1, maxLength: 1000 }),
                }),
                { maxItems: 20 },
              ),
            ),
            screenshot: Type.Optional(
              Type.String({ maxLength: 800_000, description: 'A PNG or JPEG as a base64 data URL' }),
            ),
          }),
          response: { 200: Ok },
        },
        onRequest: reviewer,
      },
      async (request) => {
        const { screenshot } = request.body;
        const sha = screenshot
          ? await ctx.blobs.put(decodeDataUrl(screenshot, ['image/png', 'image/jpeg'], 580_000, 'screenshot'))
          : undefined;
        await audits.reject(
          currentUser(request).id,
          request.params.auditid,
          request.body.reason,
          request.body.items,
          sha,
        );
        return { ok: true as const };
      },
    );

    app.post(
      '/review/audits/:auditid/delay',
      {
        schema: {
          tags,
          summary: 'Mark the audit delayed (status 4); it stays in the queue',
          params: AuditParam,
          body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2000 }) }),
          response: { 200: Ok },
        },
        onRequest: reviewer,
      },
      async (request) => {
        await audits.delay(currentUser(request).id, request.params.auditid, request.body.reason);
        return { ok: true as const };
      },
    );
  };
