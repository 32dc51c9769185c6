import type { FastifyPluginAsync } from 'fastify';
import type { Context } from '../context.ts';
import { WharfError } from '../errors/wharf-error.ts';
import { isOpenid } from '../features/official-accounts/openid.ts';
import { asObject, asString } from './params.ts';
import { caller, tokenGuard } from './token-guard.ts';

/** `/cgi-bin/user/*`: an official account's followers, WeChat's fields and paging. */
export const oaUsersRoutes =
  (ctx: Context): FastifyPluginAsync =>
  async (app) => {
    const guard = tokenGuard(ctx, 'followers', 'official_account');
    const accounts = ctx.officialAccounts.accounts;

    app.get('/cgi-bin/user/get', { onRequest: guard }, async (request) => {
      const next = asString(asObject(request.query).next_openid) ?? '';
      if (next !== '' && !isOpenid(next)) throw new WharfError('oa_invalid_openid');
      return accounts.followerPage(caller(request).appId, next);
    });

    app.get('/cgi-bin/user/info', { onRequest: guard }, async (request) => {
      const query = asObject(request.query);
      const openid = asString(query.openid) ?? '';
      if (!isOpenid(openid)) throw new WharfError('oa_invalid_openid');
      const [info] = await accounts.userInfo(caller(request).appId, [openid], asString(query.lang) ?? '');
      return info;
    });

    app.post('/cgi-bin/user/info/batchget', { onRequest: guard }, async (request) => {
      const list = asObject(request.body).user_list;
      if (!Array.isArray(list) || list.length === 0 || list.length > 100) {
        throw new WharfError('oa_user_list_size');
      }
      const wanted = list.map((entry) => {
        const openid = asString(asObject(entry).openid) ?? '';
        if (!isOpenid(openid)) throw new WharfError('oa_invalid_openid');
        return openid;
      });
      const lang = asString(asObject(list[0]).lang) ?? '';
      return { user_info_list: await accounts.userInfo(caller(request).appId, wanted, lang) };
    });

    app.post('/cgi-bin/user/info/updateremark', { onRequest: guard }, async (request) => {
      const body = asObject(request.body);
      const remark = body.remark;
      if (typeof remark !== 'string')
        throw new WharfError('validation_failed', { field: 'remark', reason: 'a string is required' });
      await accounts.setRemark(caller(request).appId, asString(body.openid) ?? '', remark);
      return { errcode: 0, errmsg: 'ok' };
    });
  };
