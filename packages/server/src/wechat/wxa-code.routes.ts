import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import type { Context } from '../context.ts';
import { WharfError } from '../errors/wharf-error.ts';
import type { AuditItem } from '../features/code/audits.service.ts';
import { requestOrigin } from '../features/code/code.routes.ts';
import {
  DOMAIN_KINDS,
  SERVER_DOMAIN_ACTIONS,
  type ServerDomains,
} from '../features/miniprograms/server-domains.ts';
import { WEBVIEW_DOMAIN_ACTIONS } from '../features/miniprograms/webview-domains.ts';
import { asBoolean, asNumber, asString, postOnly } from './params.ts';
import { caller, tokenGuard } from './token-guard.ts';

const ok = { errcode: 0, errmsg: 'ok' };
type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
const seconds = (ms: number | null) => (ms === null ? 0 : Math.floor(ms / 1000));

/** WeChat's item_list entries, field names as WeChat spells them. */
function toItem(raw: unknown): AuditItem {
  const item = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const id = (value: unknown) => {
    const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    return typeof n === 'number' && Number.isInteger(n) ? n : undefined;
  };
  return {
    address: asString(item.address),
    tag: asString(item.tag),
    firstClass: asString(item.first_class),
    secondClass: asString(item.second_class),
    firstId: id(item.first_id),
    secondId: id(item.second_id),
    title: asString(item.title),
  };
}

/**
 * Code management as WeChat's `/wxa/*` (the third-party-platform set, for the app's own token):
 * pages, categories, testers, trial QR code, audit, release and rollback.
 */
export const wxaCodeRoutes =
  (ctx: Context): FastifyPluginAsync =>
  async (app) => {
    const guard = tokenGuard(ctx, 'code');
    const { packages, audits, testers, gray } = ctx.code;
    const body = (request: { body: unknown }) => (request.body ?? {}) as Record<string, unknown>;
    const post = (url: string, handler: Handler) => postOnly(app, url, { onRequest: guard }, handler);
    const any = (url: string, handler: Handler) =>
      app.route({ method: ['GET', 'POST'], url, onRequest: guard, handler });

    // From memory for a steady caller: no promise, and the answer built once per cached list.
    const categoryAnswers = new WeakMap<object, object>();
    const categoryAnswer = (list: Awaited<ReturnType<typeof audits.appCategories>>) => {
      let answer = categoryAnswers.get(list);
      if (!answer) {
        answer = {
          ...ok,
          category_list: list.map((c) => ({
            first_class: c.firstClass,
            second_class: c.secondClass,
            first_id: c.firstId,
            second_id: c.secondId,
          })),
        };
        categoryAnswers.set(list, answer);
      }
      return answer;
    };
    app.route({
      method: ['GET', 'POST'],
      url: '/wxa/get_category',
      onRequest: guard,
      handler: (request) => {
        const list = ctx.cached.categoryList(caller(request).appid);
        return list instanceof Promise ? list.then(categoryAnswer) : categoryAnswer(list);
      },
    });

    any('/wxa/get_page', async (request) => ({
      ...ok,
      page_list: await packages.pages(caller(request).appid),
    }));

    // The trial version's QR code: a PNG on success, the JSON error body otherwise.
    any('/wxa/get_qrcode', async (request, reply) => {
      const { appid } = caller(request);
      const path = asString((request.query as Record<string, unknown>).path);
      // WeChat limits code paths (40159); a QR code cannot hold much more anyway.
      if (path && Buffer.byteLength(path) > 1024) throw new WharfError('wx_invalid_path_length');
      const target = new URL(`${requestOrigin(ctx, request)}/api/v1/launch/${appid}`);
      target.searchParams.set('version', 'trial');
      if (path) target.searchParams.set('path', path);
      const png = await QRCode.toBuffer(target.toString(), { type: 'png', margin: 2, width: 430 });
      return reply.type('image/png').send(png);
    });

    post('/wxa/submit_audit', async (request) => {
      const input = body(request);
      const items = Array.isArray(input.item_list) ? input.item_list.map(toItem) : [];
      const auditid = await audits.submit(caller(request).appid, {
        items,
        feedbackInfo: asString(input.feedback_info),
        versionDesc: asString(input.version_desc),
        extJson: input.ext_json,
      });
      return { ...ok, auditid };
    });

    any('/wxa/get_auditstatus', async (request) => {
      const raw = body(request).auditid ?? (request.query as Record<string, unknown>).auditid;
      const audit = await audits.status(caller(request).appid, Number(raw));
      return { ...ok, status: audit.status, reason: audit.reason, screenshot: '' };
    });

    any('/wxa/get_latest_auditstatus', async (request) => {
      const audit = await audits.latest(caller(request).appid);
      return {
        ...ok,
        auditid: audit.auditid,
        status: audit.status,
        reason: audit.reason,
        ScreenShot: '',
        user_version: audit.userVersion,
        user_desc: audit.userDesc,
        submit_audit_time: seconds(audit.submittedAt),
      };
    });

    any('/wxa/undocodeaudit', async (request) => {
      await audits.withdraw(caller(request).appid);
      return ok;
    });

    post('/wxa/release', async (request) => {
      await audits.release(caller(request).appid);
      return ok;
    });

    any('/wxa/revertcoderelease', async (request) => {
      const { appid } = caller(request);
      if (asString((request.query as Record<string, unknown>).action) === 'get_history_version') {
        const history = await audits.history(appid);
        return {
          ...ok,
          version_list: history
            .filter((entry) => entry.kind === 'release')
            .map((entry) => ({
              app_version: entry.auditid,
              user_version: entry.userVersion,
              user_desc: entry.userDesc,
              commit_time: seconds(entry.versionCreatedAt),
            })),
        };
      }
      await audits.revert(appid);
      return ok;
    });

    // Phased release (分阶段发布)
    post('/wxa/grayrelease', async (request) => {
      const input = body(request);
      await gray.start(caller(request).appid, {
        grayPercentage: asNumber(input.gray_percentage) ?? Number.NaN,
        supportDebugerFirst: asBoolean(input.support_debuger_first),
        supportExperiencerFirst: asBoolean(input.support_experiencer_first),
      });
      return ok;
    });

    any('/wxa/getgrayreleaseplan', async (request) => {
      const plan = await gray.plan(caller(request).appid);
      return {
        ...ok,
        gray_release_plan: {
          status: plan.status,
          create_timestamp: seconds(plan.createdAt),
          gray_percentage: plan.grayPercentage,
          support_experiencer_first: plan.supportExperiencerFirst,
          support_debuger_first: plan.supportDebugerFirst,
        },
      };
    });

    any('/wxa/revertgrayrelease', async (request) => {
      await gray.revert(caller(request).appid);
      return ok;
    });

    post('/wxa/bind_tester', async (request) => {
      const userstr = await testers.bind(caller(request).appid, asString(body(request).wechatid));
      return { ...ok, userstr };
    });

    post('/wxa/unbind_tester', async (request) => {
      const input = body(request);
      await testers.unbind(caller(request).appid, {
        wechatid: asString(input.wechatid),
        userstr: asString(input.userstr),
      });
      return ok;
    });

    post('/wxa/memberauth', async (request) => {
      const action = asString(body(request).action);
      if (action !== 'get_experiencer') {
        throw new WharfError('validation_failed', { field: 'action', reason: 'expected get_experiencer' });
      }
      return { ...ok, members: await testers.list(caller(request).appid) };
    });

    // Business domains (业务域名) for <web-view>. Without an action WeChat adds the third-party
    // platform's domains; Wharf has no third-party platform, so that changes nothing.
    post('/wxa/setwebviewdomain', async (request) => {
      const input = body(request);
      const raw = asString(input.action);
      const action = raw === undefined ? 'get' : WEBVIEW_DOMAIN_ACTIONS.find((a) => a === raw);
      if (!action)
        throw new WharfError('validation_failed', { field: 'action', reason: 'add, delete, set or get' });
      const list = input.webviewdomain ?? [];
      if (!Array.isArray(list) || !list.every((d): d is string => typeof d === 'string' && d.length <= 255))
        throw new WharfError('validation_failed', {
          field: 'webviewdomain',
          reason: 'a list of https:// domains',
        });
      const result = await ctx.miniPrograms.changeWebviewDomains(
        { appid: caller(request).appid },
        action,
        list,
      );
      if (action === 'get') return { ...ok, webviewdomain: result.list };
      if (!result.changed && raw !== undefined) throw new WharfError('wx_webview_domain_unchanged');
      return ok;
    });

    // Server domains (服务器域名). Invalid entries are filtered out and named in invalid_<kind>,
    // as WeChat does; UDP and TCP domains are refused: a Wharf mini program has no such sockets.
    post('/wxa/modify_domain', async (request) => {
      const input = body(request);
      const action = SERVER_DOMAIN_ACTIONS.find((a) => a === input.action);
      if (!action)
        throw new WharfError('validation_failed', { field: 'action', reason: 'add, delete, set or get' });
      const known = new Set<string>(['action', ...DOMAIN_KINDS, 'udpdomain', 'tcpdomain']);
      const unknown = Object.keys(input).find((key) => !known.has(key));
      if (unknown !== undefined)
        throw new WharfError('validation_failed', { field: unknown, reason: 'unknown property' });
      for (const kind of ['udpdomain', 'tcpdomain'] as const) {
        const list = input[kind];
        if (list !== undefined && !(Array.isArray(list) && list.length === 0) && action !== 'get')
          throw new WharfError('validation_failed', {
            field: kind,
            reason: 'Wharf mini programs have no UDP or TCP sockets; leave it empty',
          });
      }
      const requested: Partial<ServerDomains> = {};
      if (action !== 'get')
        for (const kind of DOMAIN_KINDS) {
          const list = input[kind];
          if (list === undefined) continue;
          if (
            !Array.isArray(list) ||
            !list.every((d): d is string => typeof d === 'string' && d.length <= 255)
          )
            throw new WharfError('validation_failed', { field: kind, reason: 'a list of domains' });
          requested[kind] = list;
        }
      const result = await ctx.miniPrograms.changeServerDomains(
        { appid: caller(request).appid },
        action,
        requested,
        false,
      );
      const someInvalid = DOMAIN_KINDS.some((kind) => result.invalid[kind].length > 0);
      if (action !== 'get' && !result.changed)
        throw new WharfError(someInvalid ? 'server_domains_invalid' : 'server_domains_unchanged');
      return {
        ...ok,
        ...result.domains,
        udpdomain: [],
        tcpdomain: [],
        ...Object.fromEntries(DOMAIN_KINDS.map((kind) => [`invalid_${kind}`, result.invalid[kind]])),
        invalid_udpdomain: [],
        invalid_tcpdomain: [],
      };
    });
  };
