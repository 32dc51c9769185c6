import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { Type } from 'typebox';
import type { Context } from '../../context.ts';
import { WharfError } from '../../errors/wharf-error.ts';
import { currentUser, sessionGuard } from '../../http/auth.ts';
import { Ok } from '../../http/schemas.ts';
import { AuditStatusView, Revision, requestOrigin, Version } from './code.routes.ts';

const AppidParam = Type.Object({ appid: Type.String({ pattern: '^wx[0-9a-f]{16}$' }) });
const GrayPlan = Type.Object({
  status: Type.Integer(),
  statusName: Type.String(),
  grayPercentage: Type.Integer(),
  supportDebugerFirst: Type.Boolean(),
  supportExperiencerFirst: Type.Boolean(),
  versionId: Type.Union([Type.String(), Type.Null()]),
  baseVersionId: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.Number(),
  updatedAt: Type.Number(),
});
const Quotas = Type.Object({
  withdrawPerDay: Type.Integer(),
  withdrawnToday: Type.Integer(),
  submitsPer7Days: Type.Integer(),
  submittedIn7Days: Type.Integer(),
});
/** A submitted item as stored: the category resolved to names and ids. */
export const StoredItem = Type.Object({
  address: Type.String(),
  tag: Type.String(),
  firstClass: Type.String(),
  secondClass: Type.String(),
  firstId: Type.Integer(),
  secondId: Type.Integer(),
  title: Type.String(),
});
const AuditEntry = Type.Intersect([
  AuditStatusView,
  Type.Object({
    userVersion: Type.String(),
    userDesc: Type.String(),
    items: Type.Array(StoredItem),
    feedbackInfo: Type.Union([Type.String(), Type.Null()]),
    versionDesc: Type.Union([Type.String(), Type.Null()]),
  }),
]);

/**
 * What the console's version management page (版本管理) reads and does beyond code.routes.ts:
 * the three slots in one answer with the revision every write may carry, phased release,
 * withdrawing an audit with its daily limit, the audit history and a rejection's screenshot.
 */
export const versionsRoutes =
  (ctx: Context): FastifyPluginAsyncTypebox =>
  async (app) => {
    const guard = sessionGuard(ctx.accounts);
    const tags = ['code'];
    const { packages, audits, gray, access } = ctx.code;
    const developer = (request: FastifyRequest & { params: { appid: string } }) =>
      access.reach(currentUser(request).id, request.params.appid, 'developer');

    app.get(
      '/code/:appid/overview',
      {
        schema: {
          tags,
          summary:
            'Development versions, trial, online version, latest audit, phased release, quotas and release history, with the revision writes carry',
          params: AppidParam,
          response: {
            200: Type.Object({
              revision: Type.Integer(),
              versions: Type.Array(Version),
              trialVersionId: Type.Union([Type.String(), Type.Null()]),
              releasedVersionId: Type.Union([Type.String(), Type.Null()]),
              canRevert: Type.Boolean(),
              latestAudit: Type.Union([AuditEntry, Type.Null()]),
              grayPlan: GrayPlan,
              quotas: Quotas,
              releases: Type.Array(
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
              grayPlans: Type.Array(
                Type.Intersect([
                  GrayPlan,
                  Type.Object({ userVersion: Type.String(), userDesc: Type.String() }),
                ]),
              ),
            }),
          },
        },
        onRequest: guard,
      },
      async (request) => {
        const found = await developer(request);
        const { appid } = request.params;
        const slot = await packages.slot(appid);
        const [versions, history, plan, plans, quotas, auditList] = await Promise.all([
          packages.versions(currentUser(request).id, appid),
          audits.history(appid),
          gray.plan(appid),
          gray.plans(appid),
          audits.quotas(appid),
          audits.auditsOf(appid),
        ]);
        return {
          revision: slot?.revision ?? 0,
          versions,
          trialVersionId: slot?.trial_version_id ?? null,
          releasedVersionId: slot?.released_version_id ?? null,
          canRevert:
            !!slot?.previous_version_id && !slot.reverted && found.status === 'released' && plan.status !== 1,
          latestAudit: auditList[0] ?? null,
          grayPlan: plan,
          quotas,
          releases: history,
          grayPlans: plans,
        };
      },
    );

    app.get(
      '/code/:appid/trial/qrcode',
      {
        schema: {
          tags,
          summary: "The trial version's QR code (PNG): it leads to the trial launch (scene 1017)",
          params: AppidParam,
        },
        onRequest: guard,
      },
      async (request, reply) => {
        await access.reach(currentUser(request).id, request.params.appid, 'member');
        const target = `${requestOrigin(ctx, request)}/api/v1/launch/${request.params.appid}?version=trial`;
        const png = await QRCode.toBuffer(target, { type: 'png', margin: 2, width: 240 });
        return reply.type('image/png').header('cache-control', 'private, max-age=300').send(png);
      },
    );

    app.get(
      '/code/:appid/audits',
      {
        schema: {
          tags,
          summary: "The app's audits, newest first, with the reviewers' reasons per item",
          params: AppidParam,
          response: { 200: Type.Array(AuditEntry) },
        },
        onRequest: guard,
      },
      async (request) => {
        await developer(request);
        return audits.auditsOf(request.params.appid);
      },
    );

    app.get(
      '/code/:appid/audits/:auditid/screenshot',
      {
        schema: {
          tags,
          summary: 'The screenshot a reviewer attached to a rejection (PNG or JPEG)',
          params: Type.Object({
            appid: AppidParam.properties.appid,
            auditid: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
          }),
        },
        onRequest: guard,
      },
      async (request, reply) => {
        await developer(request);
        const sha = await audits.screenshot(request.params.auditid, request.params.appid);
        const bytes = await ctx.blobs.get(sha);
        if (!bytes) throw new WharfError('not_found', { what: 'screenshot' });
        return reply
          .type(bytes[0] === 0x89 ? 'image/png' : 'image/jpeg')
          .header('cache-control', 'private, max-age=3600')
          .send(Buffer.from(bytes));
      },
    );

    app.post(
      '/code/:appid/audits/withdraw',
      {
        schema: {
          tags,
          summary: 'Withdraw the audit in flight (the native /wxa/undocodeaudit), within the daily limit',
          params: AppidParam,
          body: Type.Optional(Type.Object({ revision: Revision })),
          response: { 200: Ok },
        },
        onRequest: guard,
      },
      async (request) => {
        await developer(request);
        await audits.withdraw(request.params.appid, { revision: request.body?.revision });
        return { ok: true as const };
      },
    );

    app.get(
      '/code/:appid/gray-release',
      {
        schema: {
          tags,
          summary: 'The phased release plan (status 0 when there never was one)',
          params: AppidParam,
          response: { 200: GrayPlan },
        },
        onRequest: guard,
      },
      async (request) => {
        await access.reach(currentUser(request).id, request.params.appid, 'member');
        return gray.plan(request.params.appid);
      },
    );

    app.post(
      '/code/:appid/gray-release',
      {
        schema: {
          tags,
          summary:
            'Start or raise a phased release of the version that passed audit (100 releases it to everyone)',
          params: AppidParam,
          body: Type.Object({
            grayPercentage: Type.Integer(),
            supportDebugerFirst: Type.Optional(Type.Boolean()),
            supportExperiencerFirst: Type.Optional(Type.Boolean()),
            revision: Revision,
          }),
          response: { 200: GrayPlan },
        },
        onRequest: guard,
      },
      async (request) => {
        await developer(request);
        const { revision, ...input } = request.body;
        return gray.start(request.params.appid, input, { revision });
      },
    );

    app.post(
      '/code/:appid/gray-release/revert',
      {
        schema: {
          tags,
          summary: 'Cancel the running phased release: everyone gets the release again',
          params: AppidParam,
          body: Type.Optional(Type.Object({ revision: Revision })),
          response: { 200: GrayPlan },
        },
        onRequest: guard,
      },
      async (request) => {
        await developer(request);
        return gray.revert(request.params.appid, { revision: request.body?.revision });
      },
    );
  };
