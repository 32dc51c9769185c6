import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Context } from '../../context.ts';
import type { ErrorCode } from '../../errors/catalogue.ts';
import { WharfError } from '../../errors/wharf-error.ts';
import { currentUser, sessionGuard } from '../../http/auth.ts';
import { requestOrigin } from '../code/code.routes.ts';
import { ScanAction } from './qrcodes.routes.ts';

const AppidParam = Type.Object({ appid: Type.String({ pattern: '^wx[0-9a-f]{16}$' }) });
const Link = Type.String({ minLength: 1, maxLength: 1024 });
const Env = Type.Union([Type.Literal('develop'), Type.Literal('trial'), Type.Literal('release')]);
const Pages = Type.Union([Type.Array(Type.String()), Type.Null()]);

const Rule = Type.Object({
  prefix: Type.String(),
  permit_sub_rule: Type.Integer(),
  path: Type.String(),
  open_version: Type.Integer(),
  debug_url: Type.Array(Type.String()),
  state: Type.Integer(),
});
const RuleList = Type.Object({ rules: Type.Array(Rule), publishesLeft: Type.Integer() });

/** The form field each refusal of a code request belongs to, so the console shows it there. */
const CODE_FIELDS: Partial<Record<ErrorCode, string>> = {
  qr_invalid_page: 'page',
  wx_invalid_path_length: 'page',
  qr_path_reserved: 'query',
  qr_invalid_scene_length: 'scene',
  qr_invalid_scene: 'scene',
  qr_invalid_width: 'width',
  qr_invalid_env_version: 'envVersion',
};
/** The same for rules. */
const RULE_FIELDS: Partial<Record<ErrorCode, string>> = {
  qr_jump_bad_link: 'prefix',
  qr_jump_blocked: 'prefix',
  qr_jump_duplicate: 'prefix',
  qr_jump_taken: 'prefix',
  qr_jump_verification: 'prefix',
  qr_invalid_page: 'path',
  qr_path_reserved: 'path',
  qr_jump_debug_url: 'debugUrls',
};

function atField<T>(fields: Partial<Record<ErrorCode, string>>, work: () => Promise<T>): Promise<T> {
  return work().catch((error: unknown) => {
    if (error instanceof WharfError && !error.field && fields[error.code])
      throw new WharfError(error.code, error.params, fields[error.code]);
    if (error instanceof WharfError && error.code === 'validation_failed' && error.field === 'line_color')
      throw new WharfError(error.code, error.params, 'lineColor');
    throw error;
  });
}

/**
 * The console's face of mini program codes and ordinary-link QR rules (扫普通链接二维码打开小程序):
 * the same services as `/wxa/getwxacode*` and `/cgi-bin/wxopen/qrcodejump*`, for a developer of
 * the app signed in; rule calls share WeChat's per-app limit (44990) with the WeChat face.
 */
export const qrConsoleRoutes =
  (ctx: Context): FastifyPluginAsyncTypebox =>
  async (app) => {
    const guard = sessionGuard(ctx.accounts);
    const tags = ['qrcodes'];
    const { codes, rules, console: service } = ctx.qrcodes;
    const developer = (request: FastifyRequest & { params: { appid: string } }) =>
      ctx.code.access.reach(currentUser(request).id, request.params.appid, 'developer');

    /** One rule call under the app's qrcodejump limit, as on the WeChat face. */
    async function limited<T>(request: FastifyRequest, appid: string, work: () => Promise<T>): Promise<T> {
      try {
        return await ctx.rateLimits.attempt('qrcodeJump', { subject: appid, ip: request.ip }, work);
      } catch (error) {
        if (!(error instanceof WharfError && error.code === 'too_many_attempts')) throw error;
        throw new WharfError('qr_jump_too_fast', {
          limit: await ctx.settings.get('limits.qrcodeJump.perApp'),
        });
      }
    }

    app.get(
      '/qrcodes/:appid',
      {
        schema: {
          tags,
          summary:
            'The pages of each version of the mini program and its codes counted toward the lifetime cap',
          params: AppidParam,
          response: {
            200: Type.Object({
              pages: Type.Object({ develop: Pages, trial: Pages, release: Pages }),
              codes: Type.Object({ used: Type.Integer(), limit: Type.Integer() }),
            }),
          },
        },
        onRequest: guard,
      },
      async (request) => {
        await developer(request);
        return service.overview(request.params.appid);
      },
    );

    app.post(
      '/qrcodes/:appid/codes',
      {
        schema: {
          tags,
          summary:
            'Make a mini program code (getwxacode), an unlimited code with a scene (getwxacodeunlimit) or a square QR code (createwxaqrcode); the PNG as base64',
          params: AppidParam,
          body: Type.Object({
            kind: Type.Union([Type.Literal('wxacode'), Type.Literal('unlimited'), Type.Literal('square')]),
            page: Type.String({ maxLength: 512 }),
            query: Type.Optional(Type.String({ maxLength: 512 })),
            scene: Type.Optional(Type.String({ maxLength: 512 })),
            checkPath: Type.Optional(Type.Boolean()),
            width: Type.Optional(Type.Integer()),
            autoColor: Type.Optional(Type.Boolean()),
            lineColor: Type.Optional(
              Type.Object({ r: Type.Integer(), g: Type.Integer(), b: Type.Integer() }),
            ),
            hyaline: Type.Optional(Type.Boolean()),
            envVersion: Type.Optional(Env),
          }),
          response: {
            200: Type.Object({
              png: Type.String(),
              text: Type.String(),
              codes: Type.Object({ used: Type.Integer(), limit: Type.Integer() }),
            }),
          },
        },
        onRequest: guard,
      },
      async (request) => {
        await developer(request);
        const { appid } = request.params;
        const body = request.body;
        const origin = requestOrigin(ctx, request);
        const render = {
          width: body.width,
          autoColor: body.autoColor,
          lineColor: body.lineColor,
          hyaline: body.hyaline,
        };
        const path = body.query ? `${body.page}?${body.query}` : body.page;
        if (body.kind !== 'unlimited' && body.scene !== undefined)
          throw new WharfError('validation_failed', {
            field: 'scene',
            reason: 'only unlimited codes take a scene',
          });
        if (body.kind === 'unlimited' && body.query)
          throw new WharfError('validation_failed', {
            field: 'query',
            reason: 'unlimited codes take a scene, not a query',
          });
        if (body.page === '' && body.kind !== 'unlimited') {
          // Without a page the services answer the path-length errcode; the console says why.
          const env = body.kind === 'square' ? 'release' : (body.envVersion ?? 'release');
          const missing = (await service.overview(appid)).pages[env] === null;
          throw new WharfError(
            'qr_invalid_page',
            missing
              ? { reason: `the mini program has no ${env} version`, reasonZh: `小程序没有${env}版本` }
              : { reason: 'page is required', reasonZh: '缺少页面' },
            'page',
          );
        }
        const code = await atField(CODE_FIELDS, () =>
          body.kind === 'wxacode'
            ? codes.wxaCode(appid, { ...render, path, envVersion: body.envVersion }, origin)
            : body.kind === 'unlimited'
              ? codes.unlimitedCode(
                  appid,
                  {
                    ...render,
                    page: body.page,
                    scene: body.scene,
                    checkPath: body.checkPath,
                    envVersion: body.envVersion,
                  },
                  origin,
                )
              : codes.squareCode(appid, { path, width: body.width }, origin),
        );
        return {
          png: Buffer.from(code.png).toString('base64'),
          text: code.text,
          codes: (await service.overview(appid)).codes,
        };
      },
    );

    app.get(
      '/qrcodes/:appid/rules',
      {
        schema: {
          tags,
          summary: 'The ordinary-link QR rules of the mini program and the publishes left this month',
          params: AppidParam,
          response: { 200: RuleList },
        },
        onRequest: guard,
      },
      async (request) => {
        await developer(request);
        const { appid } = request.params;
        return limited(request, appid, () => rules.list(appid));
      },
    );

    app.post(
      '/qrcodes/:appid/rules/verification-file',
      {
        schema: {
          tags,
          summary: 'The verification file to place in the directory of a rule prefix (the same every time)',
          params: AppidParam,
          response: { 200: Type.Object({ fileName: Type.String(), fileContent: Type.String() }) },
        },
        onRequest: guard,
      },
      async (request) => {
        await developer(request);
        const { appid } = request.params;
        return limited(request, appid, () => rules.download(appid));
      },
    );

    app.post(
      '/qrcodes/:appid/rules/check',
      {
        schema: {
          tags,
          summary: 'Fetch the verification file where a rule on this prefix will look for it; stores nothing',
          params: AppidParam,
          body: Type.Object({ prefix: Link }),
          response: { 200: Type.Object({ url: Type.String() }) },
        },
        onRequest: guard,
      },
      async (request) => {
        await developer(request);
        const { appid } = request.params;
        return limited(request, appid, () =>
          atField(RULE_FIELDS, () => service.check(appid, request.body.prefix)),
        );
      },
    );

    app.post(
      '/qrcodes/:appid/rules',
      {
        schema: {
          tags,
          summary:
            'Add an ordinary-link QR rule (or edit an unpublished one); the verification file must be in place',
          params: AppidParam,
          body: Type.Object({
            prefix: Link,
            permitSubRule: Type.Union([Type.Literal(1), Type.Literal(2)]),
            path: Type.String({ minLength: 1, maxLength: 512 }),
            openVersion: Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3)]),
            debugUrls: Type.Array(Link, { maxItems: 10 }),
            isEdit: Type.Optional(Type.Boolean()),
          }),
          response: { 200: RuleList },
        },
        onRequest: guard,
      },
      async (request) => {
        await developer(request);
        const { appid } = request.params;
        return limited(request, appid, async () => {
          await atField(RULE_FIELDS, () => rules.add(appid, request.body));
          return rules.list(appid);
        });
      },
    );

    /** A change to one rule by its prefix, answered with the rules as they now are. */
    function ruleChange(
      name: string,
      summary: string,
      change: (appid: string, prefix: string) => Promise<unknown>,
    ) {
      app.post(
        `/qrcodes/:appid/rules/${name}`,
        {
          schema: {
            tags,
            summary,
            params: AppidParam,
            body: Type.Object({ prefix: Link }),
            response: { 200: RuleList },
          },
          onRequest: guard,
        },
        async (request) => {
          await developer(request);
          const { appid } = request.params;
          return limited(request, appid, async () => {
            await change(appid, request.body.prefix);
            return rules.list(appid);
          });
        },
      );
    }
    ruleChange(
      'publish',
      'Publish a rule: every scan of a link under it opens the release (monthly quota)',
      (appid, prefix) => rules.publish(appid, prefix),
    );
    ruleChange('delete', 'Delete a rule (published or not)', (appid, prefix) => rules.remove(appid, prefix));

    app.post(
      '/qrcodes/:appid/rules/test',
      {
        schema: {
          tags,
          summary:
            "Which of the app's rules a link falls under (published or not) and what a camera scan of it opens now",
          params: AppidParam,
          body: Type.Object({ url: Type.String({ minLength: 1, maxLength: 4096 }) }),
          response: {
            200: Type.Object({
              rule: Type.Union([Type.Intersect([Rule, Type.Object({ debug: Type.Boolean() })]), Type.Null()]),
              opens: ScanAction,
            }),
          },
        },
        onRequest: guard,
      },
      async (request) => {
        await developer(request);
        return service.test(request.params.appid, request.body.url);
      },
    );
  };
